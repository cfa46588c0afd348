/**
 * Publishing a store file atomically, shared by every backend: a run writes a temporary file beside the active one and
 * renames it over, so a reader opening the active path meets the old or the new file, never a half-written one.
 *
 * One naming scheme for every backend: `<active file>.tmp-<pid>-<8 hex>`, plus whatever sidecars the engine adds to
 * that name (`.wal`, `-journal`). The pid lets a later run tell a crashed writer's leftovers (its process is gone)
 * from a concurrent run's work in progress; the random part keeps two sessions of one process apart.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { markPhase } from '../core/phases.js';
import { processIsAlive } from '../core/process-alive.js';
import { fileIdentity } from './store-identity.js';

const TEMP_MARK = '.tmp-';

/**
 * Name of a temporary file for `activePath` written by process `pid`.
 *
 * @param activePath - The file the temporary one will replace.
 * @param pid - The writing process.
 * @param tag - 8 hex digits that keep sessions of one process apart.
 * @returns The temporary file's path, in the same directory (rename is atomic only within one file system).
 */
export function tempPathOf(activePath: string, pid: number, tag: string): string {
  return `${activePath}${TEMP_MARK}${pid}-${tag}`;
}

/**
 * Flush a file, or (opened read-only) a directory's entries, to stable storage.
 *
 * @param path - File or directory.
 * @param flags - `r+` for a file, `r` for a directory.
 */
async function fsyncPath(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Remove the files of `active`'s temporaries (with their sidecars) whose writer is no longer running.
 *
 * @param activePath - The active file.
 */
async function removeStaleTemps(activePath: string): Promise<void> {
  const prefix = `${basename(activePath)}${TEMP_MARK}`;
  const dir = dirname(activePath);
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)-[0-9a-f]{8}/.exec(name.slice(prefix.length))?.[1];
    // A name that does not parse is not ours to judge; a live writer's file is its run in progress.
    if (pid === undefined || processIsAlive(Number(pid))) continue;
    // Recursive: whatever sits under a dead writer's temporary name (even a folder) would block every later run.
    await rm(join(dir, name), { force: true, recursive: true });
  }
}

/**
 * One run's temporary file for an active store file: created by the backend at `tempPath`, then published over
 * `activePath` or discarded.
 */
export class StagedFile {
  /** The file the run writes; the engine may add sidecars named `<tempPath><suffix>`. */
  readonly tempPath: string;

  /**
   * @param activePath - The active store file this run replaces.
   */
  constructor(readonly activePath: string) {
    this.tempPath = tempPathOf(activePath, process.pid, randomBytes(4).toString('hex'));
  }

  /** Create the state directory and remove temporaries left by crashed writers; call before writing `tempPath`. */
  async prepare(): Promise<void> {
    await mkdir(dirname(this.activePath), { recursive: true });
    await removeStaleTemps(this.activePath);
  }

  /**
   * Make the finished temporary file the active one: fsync it, rename it over, fsync the directory so the rename
   * itself survives a crash. The engine must have closed the file (and folded any sidecar into it) first.
   *
   * @param sidecarsOfActive - Suffixes of sidecars of the active file that belong to the old content and must not
   * be applied to the new one (e.g. SQLite's `-journal` left by a crashed incremental run).
   * @returns The published file's identity (`store-identity.ts`), taken from the staged file before the rename: the
   *   active file has it for as long as no other run published over it. `null` if it could not be taken.
   */
  async publish(sidecarsOfActive: readonly string[] = []): Promise<string | null> {
    markPhase('publish');
    await fsyncPath(this.tempPath, 'r+');
    const identity = fileIdentity(this.tempPath);
    for (const suffix of sidecarsOfActive) await rm(`${this.activePath}${suffix}`, { force: true });
    await rename(this.tempPath, this.activePath);
    await fsyncPath(dirname(this.activePath), 'r');
    return identity;
  }

  /**
   * Write the whole temporary file in one piece (for stores that are one serialized value, like a snapshot).
   *
   * @param data - The complete new content.
   */
  async write(data: string | Uint8Array): Promise<void> {
    await writeFile(this.tempPath, data);
  }

  /** Delete the temporary file and its sidecars; the active file is untouched. */
  async discard(): Promise<void> {
    const dir = dirname(this.tempPath);
    const own = basename(this.tempPath);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return; // no state directory, nothing staged
    }
    // Recursive: an engine's sidecar can be a folder (DuckDB's spill folder).
    for (const name of names) if (name.startsWith(own)) await rm(join(dir, name), { force: true, recursive: true });
  }
}
