/**
 * Artifact folders: `.artifacts/benchmarks/<run-id>/`, written through the exporters after every repository so a
 * crash keeps what was measured before it.
 *
 * @packageDocumentation
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { PROJECT_ROOT } from './corpus.js';
import type { Exporter } from './export/exporter.js';
import { RUN_SCHEMA_VERSION, type RunResult } from './result.js';

/** Default root of run folders. */
export const BENCHMARKS_DIR: string = join(PROJECT_ROOT, '.artifacts', 'benchmarks');

/** The run-history database (DuckDB). */
export const HISTORY_DB: string = join(PROJECT_ROOT, '.artifacts', 'history.duckdb');

/** Folder of the trend charts written by `campaign history`. */
export const HISTORY_CHARTS_DIR: string = join(PROJECT_ROOT, '.artifacts', 'history');

/**
 * A run id from the start time and campaign name; ids sort by time.
 *
 * @param started - Start time.
 * @param campaign - Campaign name.
 * @returns e.g. `20250301-141502-short`.
 */
export function formatRunId(started: Date, campaign: string): string {
  const stamp = started.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${campaign.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
}

/**
 * Create a fresh run folder (suffixing `-2`, `-3`, … if the id is taken).
 *
 * @param root - Folder of runs.
 * @param runId - Preferred id.
 * @returns The id used and the folder.
 */
export async function createRunDir(root: string, runId: string): Promise<{ runId: string; dir: string }> {
  await mkdir(root, { recursive: true });
  for (let n = 1; ; n++) {
    const id = n === 1 ? runId : `${runId}-${n}`;
    const dir = join(root, id);
    try {
      await mkdir(dir);
      return { runId: id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Write every artifact of a run. Each file is written beside its target and renamed over it, so a reader (or a
 * crash) never sees half a file.
 *
 * @param dir - The run folder.
 * @param result - The run so far.
 * @param exporters - Formats to write.
 */
export async function writeArtifacts(dir: string, result: RunResult, exporters: readonly Exporter[]): Promise<void> {
  for (const exporter of exporters) {
    const target = join(dir, exporter.fileName);
    await writeFile(`${target}.tmp`, exporter.render(result));
    await rename(`${target}.tmp`, target);
  }
}

/**
 * Find a run folder: the given id (under `root`) or path, or else the most recent run.
 *
 * @param idOrPath - Run id or folder path; absent for the latest.
 * @param root - Folder of runs.
 * @returns Absolute folder path.
 */
export function resolveRunDir(idOrPath: string | undefined, root: string = BENCHMARKS_DIR): string {
  if (idOrPath !== undefined) {
    const candidates = [join(root, idOrPath), resolve(idOrPath)];
    const found = candidates.find((dir) => existsSync(join(dir, 'run.json')));
    if (!found)
      throw new UsageError(`no benchmark run '${idOrPath}' (looked for run.json in ${candidates.join(' and ')})`);
    return found;
  }
  let names: string[] = [];
  try {
    names = readdirSync(root).filter((name) => existsSync(join(root, name, 'run.json')));
  } catch {
    // no runs yet
  }
  // Ids start with the UTC start time, so the greatest name is the latest run (folder mtimes change on gate checks).
  const latest = names.sort().reverse()[0];
  if (!latest) throw new UsageError(`no benchmark runs in ${root}; run \`codira campaign run short\` first`);
  return join(root, latest);
}

/**
 * Read a run's `run.json`.
 *
 * @param dir - Run folder.
 * @returns The run.
 */
export function loadRunResult(dir: string): RunResult {
  const file = join(dir, 'run.json');
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not readable JSON: ${(error as Error).message}`);
  }
  const run = value as Partial<RunResult> | null;
  if (typeof run !== 'object' || run === null || run.schemaVersion !== RUN_SCHEMA_VERSION) {
    throw new UsageError(`${file} is not a run artifact of schema version ${RUN_SCHEMA_VERSION}`);
  }
  if (!Array.isArray(run.repositories) || !Array.isArray(run.variants) || typeof run.runId !== 'string') {
    throw new UsageError(`${file} lacks runId, variants or repositories`);
  }
  return run as RunResult;
}
