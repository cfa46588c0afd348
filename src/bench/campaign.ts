/**
 * Campaigns: which manifest, backends and commands to measure, and how many warm-ups and runs.
 *
 * @packageDocumentation
 */
import { dirname } from 'node:path';
import type { CommandName } from './command-names.js';
import { resolveConfigFile } from './config-files.js';
import { BenchConfigError, ObjectReader, readJsonFile } from './config-reader.js';
import { checkCommandList, loadManifest, parseCommandCounts, type Manifest, type RunCounts } from './manifest.js';

/** A parsed campaign file with its manifest loaded. */
export interface Campaign {
  readonly name: string;
  /** Absolute path of the campaign file. */
  readonly file: string;
  readonly description?: string;
  readonly manifest: Manifest;
  /** Backends measured side by side; the first is the control (the denominator of ratios). */
  readonly backends: readonly string[];
  /** Commands in measurement order. */
  readonly commands: readonly CommandName[];
  /** Default unmeasured runs per variant and command. */
  readonly warmups: number;
  /** Default measured runs per variant and command. */
  readonly runs: number;
  /** Per-command run counts (beat the defaults). */
  readonly overrides: Readonly<Partial<Record<CommandName, RunCounts>>>;
  /** Run the in-process micro-benchmarks (tinybench) too. */
  readonly micro: boolean;
  /** Measure call-graph accuracy against the language oracles on every repository. */
  readonly accuracy: boolean;
  /**
   * Measure the repositories' process commands round by round across repositories (every repository prepared first,
   * each round runs one round of each, the order flipped every round) instead of one repository after another: a
   * ratio between two repositories (a scaling gate: SymPy × 4 against SymPy) then compares samples seconds apart,
   * not minutes. Keeps every repository's scratch copy until the end: for a few repositories. Default `false`.
   */
  readonly interleaveRepos?: boolean;
}

const FIELDS = [
  'description',
  'manifest',
  'backends',
  'commands',
  'warmups',
  'runs',
  'overrides',
  'micro',
  'accuracy',
  'interleaveRepos',
];

/**
 * Validate a parsed campaign and load the manifest it names.
 *
 * @param value - Parsed JSON.
 * @param file - Absolute path it came from.
 * @param knownBackends - Backend names the CLI can run.
 * @returns The campaign.
 */
export function parseCampaign(value: unknown, file: string, knownBackends: readonly string[]): Campaign {
  const top = new ObjectReader(file, '', value, FIELDS);
  const manifestRef = top.string('manifest');
  const backends = top.stringList('backends');
  backends.forEach((name, i) => {
    if (!knownBackends.includes(name)) {
      throw new BenchConfigError(
        file,
        `backends[${i}]: unknown backend '${name}' (known: ${knownBackends.join(', ')})`,
      );
    }
    if (backends.indexOf(name) !== i) throw new BenchConfigError(file, `backends[${i}]: '${name}' is listed twice`);
  });
  const commands = checkCommandList(file, top, 'commands', top.stringList('commands'));
  commands.forEach((name, i) => {
    if (commands.indexOf(name) !== i) throw new BenchConfigError(file, `commands[${i}]: '${name}' is listed twice`);
  });
  const micro = top.optional('micro');
  if (micro !== undefined && typeof micro !== 'boolean') throw top.error('micro', 'must be true or false');
  const accuracy = top.optional('accuracy');
  if (accuracy !== undefined && typeof accuracy !== 'boolean') throw top.error('accuracy', 'must be true or false');
  const interleaveRepos = top.optional('interleaveRepos');
  if (interleaveRepos !== undefined && typeof interleaveRepos !== 'boolean') {
    throw top.error('interleaveRepos', 'must be true or false');
  }
  const warmups = top.optionalInt('warmups', 0) ?? 1;
  const runs = top.optionalInt('runs', 1) ?? 5;
  const overrides = parseCommandCounts(file, top, 'overrides');
  let manifest: Manifest;
  try {
    manifest = loadManifest(manifestRef, dirname(file));
  } catch (error) {
    if (error instanceof BenchConfigError) throw error;
    throw new BenchConfigError(file, `manifest: ${(error as Error).message}`);
  }
  const name = file.replace(/^.*\//, '').replace(/\.json$/, '');
  return Object.freeze({
    name,
    file,
    description: top.optionalString('description'),
    manifest,
    backends,
    commands,
    warmups,
    runs,
    overrides,
    micro: micro === true,
    accuracy: accuracy === true,
    ...(interleaveRepos === true ? { interleaveRepos: true } : {}),
  });
}

/**
 * Load a campaign by name (`short`) or path.
 *
 * @param nameOrPath - Name in `campaigns/` or a path.
 * @param knownBackends - Backend names the CLI can run.
 * @returns The campaign.
 */
export function loadCampaign(nameOrPath: string, knownBackends: readonly string[]): Campaign {
  const file = resolveConfigFile('campaigns', nameOrPath);
  return parseCampaign(readJsonFile(file), file, knownBackends);
}
