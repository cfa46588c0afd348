/**
 * Manifests: which repositories a campaign measures, where each comes from, and per-repository adjustments.
 *
 * @packageDocumentation
 */
import { COMMAND_NAMES, type CommandName } from './command-names.js';
import { resolveConfigFile } from './config-files.js';
import { BenchConfigError, ObjectReader, readJsonFile } from './config-reader.js';
import type { CorpusSource } from './corpus.js';

/** Size categories, for reading results (small: this repository; large: Django-sized). */
export const REPO_SIZES = Object.freeze(['small', 'medium', 'large'] as const);

/** A repository's size category. */
export type RepoSize = (typeof REPO_SIZES)[number];

/** Warm-up and measured run counts; absent fields fall back to the campaign's. */
export interface RunCounts {
  /** Unmeasured runs per variant before sampling. */
  readonly warmups?: number;
  /** Measured runs (samples) per variant. */
  readonly runs?: number;
}

/** One benchmark repository. */
export interface ManifestRepository {
  /** Unique short name, used in artifacts and `--repos` (letters, digits, `.`, `_`, `-`). */
  readonly label: string;
  readonly size: RepoSize;
  readonly source: CorpusSource;
  /** `ctx` query; default: derived from the most connected symbol. */
  readonly ctx?: string;
  /** Symbol for `sym`/`calls`; default: the most connected symbol (`symlist --limit 1`). */
  readonly symbol?: string;
  /** Repository-relative file edited by `index-partial`; default: the file of the target symbol. */
  readonly partialFile?: string;
  /**
   * Copies of the corpus side by side (`copy-1/` … `copy-N/`) in the measured tree; default 1 (the corpus itself).
   * A size-scaling measurement: the same code N times, so a cost that grows with the repository shows against the
   * 1 × entry of the same corpus. Pinned paths (`partialFile`) then start with `copy-<n>/`.
   */
  readonly copies: number;
  /** Commands not measured on this repository. */
  readonly skip: readonly CommandName[];
  /** Run counts per command for this repository (beat the campaign's, lose to command-line flags). */
  readonly overrides: Readonly<Partial<Record<CommandName, RunCounts>>>;
}

/** A parsed manifest file. */
export interface Manifest {
  readonly name: string;
  /** Absolute path of the file it was read from. */
  readonly file: string;
  readonly description?: string;
  readonly repositories: readonly ManifestRepository[];
}

const LABEL = /^[A-Za-z0-9._-]+$/;
const REPO_FIELDS = ['label', 'size', 'source', 'ctx', 'symbol', 'partialFile', 'copies', 'skip', 'overrides'];
const SOURCE_FIELDS: Readonly<Record<CorpusSource['kind'], readonly string[]>> = {
  self: ['kind'],
  npm: ['kind', 'package', 'version', 'subdir'],
  debian: ['kind', 'package', 'version', 'subdir', 'archive', 'exclude'],
};
const SOURCE_KINDS = Object.keys(SOURCE_FIELDS) as CorpusSource['kind'][];

/**
 * Read per-command run counts (`{"index-full": {"runs": 3}}`), shared by manifests and campaigns.
 *
 * @param file - File being read.
 * @param parent - The object holding the map.
 * @param key - Field name of the map.
 * @returns The validated map.
 */
export function parseCommandCounts(
  file: string,
  parent: ObjectReader,
  key: string,
): Partial<Record<CommandName, RunCounts>> {
  const out: Partial<Record<CommandName, RunCounts>> = {};
  for (const [command, value] of parent.entries(key)) {
    if (!(COMMAND_NAMES as readonly string[]).includes(command)) {
      throw parent.error(key, `has unknown command '${command}' (known: ${COMMAND_NAMES.join(', ')})`);
    }
    const counts = new ObjectReader(file, `${parent.path(key)}.${command}`, value, ['warmups', 'runs']);
    out[command as CommandName] = { warmups: counts.optionalInt('warmups', 0), runs: counts.optionalInt('runs', 1) };
  }
  return out;
}

/**
 * Validate a list of command names.
 *
 * @param file - File being read.
 * @param reader - Object holding the list.
 * @param key - Field name.
 * @param list - The strings.
 * @returns The names, typed.
 */
export function checkCommandList(
  file: string,
  reader: ObjectReader,
  key: string,
  list: readonly string[],
): CommandName[] {
  list.forEach((name, i) => {
    if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
      throw new BenchConfigError(
        file,
        `${reader.path(key)}[${i}]: unknown command '${name}' (known: ${COMMAND_NAMES.join(', ')})`,
      );
    }
  });
  return [...list] as CommandName[];
}

function parseSource(file: string, at: string, value: unknown): CorpusSource {
  const probe = new ObjectReader(file, at, value, ['kind', 'package', 'version', 'subdir', 'archive', 'exclude']);
  const kind = probe.oneOf('kind', SOURCE_KINDS);
  const source = new ObjectReader(file, at, value, SOURCE_FIELDS[kind]);
  if (kind === 'self') return { kind };
  const pkg = source.string('package');
  const version = source.string('version');
  const subdir = source.optionalString('subdir');
  const archive = kind === 'debian' ? source.optionalString('archive') : undefined;
  const exclude = kind === 'debian' && archive !== undefined ? source.optionalStringList('exclude') : undefined;
  return {
    kind,
    package: pkg,
    version,
    ...(subdir === undefined ? {} : { subdir }),
    ...(archive === undefined ? {} : { archive }),
    ...(exclude === undefined ? {} : { exclude }),
  };
}

function parseRepository(file: string, at: string, value: unknown): ManifestRepository {
  const repo = new ObjectReader(file, at, value, REPO_FIELDS);
  const label = repo.string('label');
  if (!LABEL.test(label)) throw repo.error('label', `must use letters, digits, '.', '_' or '-' only, got '${label}'`);
  const skipList = repo.optionalStringList('skip');
  return {
    label,
    size: repo.oneOf('size', REPO_SIZES),
    source: parseSource(file, repo.path('source'), repo.required('source')),
    ctx: repo.optionalString('ctx'),
    symbol: repo.optionalString('symbol'),
    partialFile: repo.optionalString('partialFile'),
    copies: repo.optionalInt('copies', 1) ?? 1,
    skip: skipList ? checkCommandList(file, repo, 'skip', skipList) : [],
    overrides: parseCommandCounts(file, repo, 'overrides'),
  };
}

/**
 * Validate a parsed manifest.
 *
 * @param value - Parsed JSON.
 * @param file - Absolute path it came from (for messages and the name).
 * @returns The manifest.
 */
export function parseManifest(value: unknown, file: string): Manifest {
  const top = new ObjectReader(file, '', value, ['description', 'repositories']);
  const repositories = top.array('repositories').map((item, i) => parseRepository(file, `repositories[${i}]`, item));
  const seen = new Set<string>();
  repositories.forEach((repo, i) => {
    if (seen.has(repo.label))
      throw new BenchConfigError(file, `repositories[${i}].label '${repo.label}' is used twice`);
    seen.add(repo.label);
  });
  const name = file.replace(/^.*\//, '').replace(/\.json$/, '');
  return Object.freeze({ name, file, description: top.optionalString('description'), repositories });
}

/**
 * Load a manifest by name (`short`) or path.
 *
 * @param nameOrPath - Name in `manifests/` or a path.
 * @param relativeTo - Base folder for a relative path (e.g. the campaign file's folder).
 * @returns The manifest.
 */
export function loadManifest(nameOrPath: string, relativeTo?: string): Manifest {
  const file = resolveConfigFile('manifests', nameOrPath, relativeTo);
  return parseManifest(readJsonFile(file), file);
}
