/**
 * Checks of the state directory before `codira index` starts work, so a bad `--output-dir` is one clear line with
 * exit code 2 instead of an engine error after the analysis. Directories are created one level at a time:
 * `mkdir -p` semantics in Node loop forever on pseudo file systems such as `/proc`.
 *
 * @packageDocumentation
 */
import { accessSync, constants, lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreLocation } from '../core/contracts.js';
import { UsageError } from '../core/errors.js';
import { describeSystemError, errnoReason } from './system-errors.js';

function statOrNull(path: string, follow: boolean): Stats | null {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(describeSystemError(error) ?? `cannot inspect ${path}`);
  }
}

/**
 * Create `dir` and its missing parents, one level at a time.
 *
 * @param dir - Absolute directory path.
 * @param label - How the message names the directory (e.g. `output directory`).
 */
function ensureDirectory(dir: string, label: string): void {
  const missing: string[] = [];
  let current = dir;
  let existing = statOrNull(current, true);
  while (existing === null) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
    existing = statOrNull(current, true);
  }
  if (existing !== null && !existing.isDirectory()) {
    throw new UsageError(
      current === dir
        ? `the ${label} ${dir} is not a directory`
        : `cannot create the ${label} ${dir}: ${current} is not a directory`,
    );
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      throw new UsageError(`cannot create the ${label} ${path}: ${errnoReason(error) ?? String(error)}`);
    }
  }
}

/**
 * Make sure an index can be written at `location`: the output directory and `.codira/` exist (created if missing)
 * and are writable directories, and no store file of the backend is something other than a regular file.
 *
 * @param location - Where the index goes.
 * @param storeFiles - Paths of the backend's store files.
 */
export function prepareStateDir(location: StoreLocation, storeFiles: readonly string[]): void {
  const outputDir = dirname(location.stateDir);
  ensureDirectory(outputDir, 'output directory');
  const state = statOrNull(location.stateDir, false);
  if (state !== null && !state.isDirectory()) {
    throw new UsageError(`${location.stateDir} exists and is not a directory; move it away and run \`codira index\``);
  }
  ensureDirectory(location.stateDir, 'state directory');
  try {
    accessSync(location.stateDir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot write to ${location.stateDir}: ${errnoReason(error) ?? String(error)}`);
  }
  for (const path of storeFiles) {
    const stat = statOrNull(path, false);
    if (stat !== null && !stat.isFile()) {
      throw new UsageError(`${path} is not a regular file; move it away and run \`codira index\``);
    }
  }
}
