/**
 * Corpus materialiser: fetches real repositories by pinned version from the registries this machine reaches
 * (npm, Debian) and caches them under `.artifacts/corpora/`.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CodiraError } from '../core/errors.js';

const run = promisify(execFile);

/** An npm package by exact version; `subdir` selects the sources inside the tarball (e.g. `src`). */
export interface NpmSource {
  readonly kind: 'npm';
  readonly package: string;
  readonly version: string;
  readonly subdir?: string;
}

/** A Debian package by exact version; `subdir` selects a folder of the extracted tree. */
export interface DebianSource {
  readonly kind: 'debian';
  readonly package: string;
  readonly version: string;
  /** Defaults to `usr/lib/python3/dist-packages`; with `archive`, a folder of the extracted archive. */
  readonly subdir?: string;
  /**
   * A tarball inside the package to extract in its place, e.g. `usr/src/linux-source-6.1.tar.xz` (Debian ships the
   * kernel sources that way).
   */
  readonly archive?: string;
  /**
   * Paths inside the archive not to extract. Debian's kernel tarball appends `/*` to the top `.gitignore` (its
   * packaging repository ignores everything at the top level), which would hide the whole tree from the scanner.
   */
  readonly exclude?: readonly string[];
}

/** This repository itself, at its working-tree state. */
export interface SelfSource {
  readonly kind: 'self';
}

/** Where a benchmark repository comes from. */
export type CorpusSource = NpmSource | DebianSource | SelfSource;

/** Root of the codira checkout (two levels above this module in both `src/` and `dist/`). */
export const PROJECT_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Default cache directory for corpora. */
export const CORPORA_DIR: string = join(PROJECT_ROOT, '.artifacts', 'corpora');

/** A source fetch that failed; the message says which source and why. */
export class CorpusError extends CodiraError {
  /**
   * @param message - What failed and how to fix it.
   */
  constructor(message: string) {
    super('CORPUS', message, 1);
  }
}

/**
 * Cache folder name of a source, stable across runs.
 *
 * @param source - The corpus source.
 * @returns A file-system-safe name such as `npm-rxjs-7.8.2`.
 */
export function corpusKey(source: CorpusSource): string {
  if (source.kind === 'self') return 'self';
  const raw = `${source.kind === 'npm' ? 'npm' : 'deb'}-${source.package}-${source.version}`;
  return raw.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * Materialise a corpus (download and extract once, then reuse the cache) and return its repository root.
 * Extraction goes to a temporary folder renamed into place, so a concurrent or interrupted fetch never leaves a
 * half corpus in the cache.
 *
 * @param source - What to fetch.
 * @param cacheDir - Cache folder (default {@link CORPORA_DIR}).
 * @returns Absolute path of the repository root to index.
 */
export async function materializeCorpus(source: CorpusSource, cacheDir: string = CORPORA_DIR): Promise<string> {
  if (source.kind === 'self') return PROJECT_ROOT;
  const target = join(cacheDir, corpusKey(source));
  const defaultSubdir = source.kind === 'debian' ? 'usr/lib/python3/dist-packages' : '';
  const root = join(target, source.kind === 'npm' ? 'package' : '', source.subdir ?? defaultSubdir);
  if (existsSync(target)) return root;
  await mkdir(cacheDir, { recursive: true });
  const scratch = await mkdtemp(join(cacheDir, '.fetch-'));
  try {
    const tree = join(scratch, 'tree');
    await mkdir(tree);
    if (source.kind === 'npm') await fetchNpm(source, scratch, tree);
    else await fetchDebian(source, scratch, tree);
    if (!existsSync(join(tree, source.kind === 'npm' ? 'package' : '', source.subdir ?? defaultSubdir))) {
      throw new CorpusError(`${corpusKey(source)}: folder '${source.subdir ?? defaultSubdir}' is not in the package`);
    }
    try {
      await rename(tree, target);
    } catch (error) {
      if (!existsSync(target)) throw error; // a concurrent fetch won the race: use its copy
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return root;
}

async function fetchNpm(source: NpmSource, scratch: string, tree: string): Promise<void> {
  const spec = `${source.package}@${source.version}`;
  try {
    await run('npm', ['pack', spec, '--pack-destination', scratch, '--silent'], { cwd: scratch });
  } catch (error) {
    throw new CorpusError(`cannot fetch npm package ${spec}: ${firstLine(error)}`);
  }
  const tarball = (await readdir(scratch)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new CorpusError(`npm pack ${spec} produced no tarball`);
  await run('tar', ['-xzf', join(scratch, tarball), '-C', tree]);
}

async function fetchDebian(source: DebianSource, scratch: string, tree: string): Promise<void> {
  const spec = `${source.package}=${source.version}`;
  const download = (): Promise<unknown> => run('apt-get', ['download', '-q', spec], { cwd: scratch });
  try {
    await download();
  } catch {
    // Package lists may be missing on a fresh machine: refresh once and retry.
    try {
      await run('apt-get', ['update', '-qq']);
      await download();
    } catch (error) {
      throw new CorpusError(`cannot fetch Debian package ${spec}: ${firstLine(error)}`);
    }
  }
  const deb = (await readdir(scratch)).find((name) => name.endsWith('.deb'));
  if (!deb) throw new CorpusError(`apt-get download ${spec} produced no .deb`);
  await run('dpkg-deb', ['-x', join(scratch, deb), tree]);
  if (source.archive !== undefined) {
    const archive = join(tree, source.archive);
    if (!existsSync(archive))
      throw new CorpusError(`${corpusKey(source)}: archive '${source.archive}' is not in the package`);
    const excluded = (source.exclude ?? []).map((path) => `--exclude=${path}`);
    await run('tar', ['-xf', archive, '-C', tree, ...excluded], { maxBuffer: 1 << 24 });
    await rm(archive);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as { stderr?: string }).stderr ?? error.message) : String(error);
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? 'unknown error'
  );
}
