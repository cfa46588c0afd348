/**
 * The stored-state snapshot: what a warm no-op index run needs to know about the committed index, in a small JSON file
 * beside it, so that "nothing changed" is decided from a `stat` walk and this file alone — without loading the
 * backend's engine library or opening the index (for DuckDB that was ~64 ms of CPU per run, for SQLite ~20 ms).
 *
 * The file (`<state dir>/stored-state.<backend>.json`) holds the inventory the index was written with, the path, size,
 * modification time and content hash of every stored file and failure, and the
 * {@link BackendFactory.storeIdentity | identity} of the committed state it describes, as the writer proved it at
 * commit. It is only ever a shortcut to the answer the planner would give: a run trusts it only when its identity
 * equals the store's current one and its inventory equals the current runtime's. Then, if the scanned files equal its
 * files exactly (same paths, sizes and times), the run is the no-op; otherwise the planner plans from it exactly as it
 * would from the stored state read through the backend (it reads nothing else: path, size, time, hash), so an
 * incremental run does not open the index before its writer does. Anything else — no file, an unreadable or foreign
 * one, another identity (another run committed, a crash after the commit but before the snapshot was written, a
 * different backend's store), another inventory, `--full` — and the run reads the stored state through the backend.
 *
 * A writing run removes the snapshot before its writer opens and writes a new one after its commit, only when the
 * backend proved which state it committed (`CommitInfo.identity`). A no-op that had no usable snapshot writes one from
 * its read through the backend when the store's identity was the same before the open and after the close; a no-op
 * that planned from a snapshot and found files touched without a change (same bytes by the planner's hash) rewrites it
 * with their new stat (`restatTouchedFiles`), so they are not read again on every later no-op. The snapshot is
 * written to a temporary file and renamed; it is not fsynced, as a torn file only fails to parse.
 *
 * @packageDocumentation
 */
import { readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackendFactory, StoreLocation } from './contracts.js';
import type { IndexMeta } from './model.js';
import type { StoredFile, StoredState } from './planner.js';
import { processIsAlive } from './process-alive.js';
import type { ScannedFile } from './scanner.js';
import { compareText } from './text.js';
import type { WalkRecord } from './walk-record.js';

/** Marks a snapshot being written: `<snapshot file>.tmp-<pid>`. */
const TEMP_MARK = '.tmp-';

/** Format of the snapshot file; a file of another format is ignored (2: with content hashes). */
const FORMAT = 2;

/** One stored file: path, size, modification time (integer ms) as the no-op check compares them, content hash. */
export type StoredStat = readonly [path: string, size: number, mtimeMs: number, hash: string];

/** The content of a snapshot. */
export interface StoredStateSnapshot {
  /** The store identity of the committed state described. */
  readonly identity: string;
  /** The inventory that state was written with. */
  readonly meta: IndexMeta;
  /** Every stored file and failure, sorted by path like the scanner's output. */
  readonly files: readonly StoredStat[];
  /**
   * The last directory walk of the repository (`walk-record.ts`), replayed when no folder changed; `null` when the
   * repository is listed by git or the walk could not be recorded. It caches the tree, not the index: it is checked
   * on its own, folder by folder, so a no-op may replace it without touching the rest.
   */
  readonly walk?: WalkRecord | null;
}

/**
 * Where a backend's snapshot lives.
 *
 * @param location - The index location.
 * @param backend - The backend's registry name.
 * @returns The snapshot file's path.
 */
export function storedStatePath(location: StoreLocation, backend: string): string {
  return join(location.stateDir, `stored-state.${backend}.json`);
}

/**
 * The snapshot of the index as it is now, if there is one that describes it.
 *
 * @param location - The index location.
 * @param backend - The active backend.
 * @returns The snapshot, or `null` when there is none, it cannot be read, or the store's identity is not the one it
 *   describes.
 */
export function readStoredStateSnapshot(location: StoreLocation, backend: BackendFactory): StoredStateSnapshot | null {
  if (!backend.storeIdentity) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(storedStatePath(location, backend.name), 'utf8'));
  } catch {
    return null; // missing, unreadable or torn
  }
  if (!isSnapshot(parsed)) return null;
  const current = backend.storeIdentity(location);
  return current !== null && current === parsed.identity ? parsed : null;
}

function isSnapshot(value: unknown): value is StoredStateSnapshot & { readonly format: number } {
  if (typeof value !== 'object' || value === null) return false;
  const snapshot = value as Record<string, unknown>;
  return (
    snapshot['format'] === FORMAT &&
    typeof snapshot['identity'] === 'string' &&
    typeof snapshot['meta'] === 'object' &&
    snapshot['meta'] !== null &&
    Array.isArray(snapshot['files'])
  );
}

/**
 * Whether the scan finds exactly the files the snapshot describes: same paths, sizes and modification times. This is
 * the planner's own test for reusing a file without reading it, applied to every file at once.
 *
 * @param scanned - The scanned candidates, sorted by path.
 * @param stored - The snapshot's files, sorted by path.
 * @returns `true` when nothing was added, removed or touched.
 */
export function sameFiles(scanned: readonly ScannedFile[], stored: readonly StoredStat[]): boolean {
  if (scanned.length !== stored.length) return false;
  for (let i = 0; i < scanned.length; i++) {
    const file = scanned[i]!;
    const record = stored[i];
    if (!Array.isArray(record) || file.path !== record[0] || file.size !== record[1] || file.mtimeMs !== record[2])
      return false;
  }
  return true;
}

/**
 * The scanned files that certainly changed since the snapshot: paths it does not hold and files of another size. A
 * file with the same size and another time may hold the same bytes (touched, checked out again): only the planner's
 * hash can tell, so it is not listed. Found by one merge of the two sorted lists.
 *
 * @param scanned - The scanned candidates, sorted by path.
 * @param stored - The snapshot's files, sorted by path.
 * @param limit - Most files whose stat changed (listed or not) for an answer.
 * @returns The files in scan order, or `null` when more than `limit` files changed or an entry is malformed.
 */
export function resizedOrAddedFiles(
  scanned: readonly ScannedFile[],
  stored: readonly StoredStat[],
  limit: number,
): ScannedFile[] | null {
  const files: ScannedFile[] = [];
  let changed = 0;
  let next = 0;
  for (const file of scanned) {
    let record: readonly unknown[] | undefined = stored[next];
    // Stored paths before this one are gone from the tree (deleted: nothing to analyze).
    for (;;) {
      if (record !== undefined && (!Array.isArray(record) || typeof record[0] !== 'string')) return null;
      if (record === undefined || record[0] === file.path || compareText(record[0] as string, file.path) > 0) break;
      record = stored[++next];
    }
    const known = record !== undefined && record[0] === file.path;
    if (known) {
      next++;
      if (record![1] === file.size && record![2] === file.mtimeMs) continue;
    }
    if (++changed > limit) return null;
    if (!known || record![1] !== file.size) files.push(file);
  }
  return files;
}

/**
 * The snapshot's files after a no-op that found some of them touched (another time, or size, with the same content
 * by the planner's hash): those take the scanned stat, so the next no-op does not read and hash them again. A file
 * whose time is within `racyBefore` keeps the stored stat (it is hashed again next time): a change in the same tick
 * as the scan could leave that time behind.
 *
 * @param stored - The snapshot's files, sorted by path.
 * @param scanned - The scanned candidates, sorted by path, that the planner found all unchanged.
 * @param racyBefore - Only times before this (ms since the epoch) are taken.
 * @returns The new list, or `null` when there is nothing to take or the two lists do not pair up.
 */
export function restatTouchedFiles(
  stored: readonly StoredStat[],
  scanned: readonly ScannedFile[],
  racyBefore: number,
): StoredStat[] | null {
  if (stored.length !== scanned.length) return null;
  let taken = false;
  const files: StoredStat[] = [];
  for (let i = 0; i < stored.length; i++) {
    const record = stored[i]!;
    const file = scanned[i]!;
    if (record[0] !== file.path) return null;
    const same = record[1] === file.size && record[2] === file.mtimeMs;
    if (same || file.mtimeMs >= racyBefore) files.push(record);
    else {
      files.push([record[0], file.size, file.mtimeMs, record[3]]);
      taken = true;
    }
  }
  return taken ? files : null;
}

/**
 * The stored state a trusted snapshot describes, as the planner reads it.
 *
 * @param snapshot - A snapshot whose identity and inventory were checked.
 * @returns The stored state, or `null` when an entry is malformed (the run then reads through the backend).
 */
export function snapshotStoredState(snapshot: StoredStateSnapshot): StoredState | null {
  const entries = snapshot.files as readonly unknown[];
  const files = new Array<StoredFile>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as unknown[];
    if (!Array.isArray(entry) || entry.length !== 4) return null;
    const path: unknown = entry[0];
    const size: unknown = entry[1];
    const mtimeMs: unknown = entry[2];
    const hash: unknown = entry[3];
    if (typeof path !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number') return null;
    if (typeof hash !== 'string') return null;
    files[i] = { path, size, mtimeMs, hash };
  }
  return { meta: snapshot.meta, files };
}

/**
 * Remove the backend's snapshot: called before a run's writer opens, so that a run that dies after committing leaves
 * no snapshot of the previous state (its identity would not match either; this is the second guard).
 *
 * @param location - The index location.
 * @param backend - The backend's registry name.
 */
export function forgetStoredState(location: StoreLocation, backend: string): void {
  try {
    unlinkSync(storedStatePath(location, backend));
  } catch {
    // none there (or the directory is unusable, which the writer reports)
  }
  removeDeadTemporaries(location, backend);
}

/**
 * Remove the snapshot temporaries of writers killed between writing and renaming (a live writer's is its write in
 * progress).
 *
 * @param location - The index location.
 * @param backend - The backend's registry name.
 */
function removeDeadTemporaries(location: StoreLocation, backend: string): void {
  const prefix = `${basename(storedStatePath(location, backend))}${TEMP_MARK}`;
  let names: string[] = [];
  try {
    names = readdirSync(location.stateDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length)) : NaN;
    if (Number.isInteger(pid) && !processIsAlive(pid)) rmSync(join(location.stateDir, name), { force: true });
  }
}

/**
 * Write the backend's snapshot after a commit. Best effort: a failure leaves no snapshot, and the next run reads the
 * stored state through the backend.
 *
 * @param location - The index location.
 * @param backend - The backend's registry name.
 * @param snapshot - What the committed state holds.
 */
export function writeStoredState(location: StoreLocation, backend: string, snapshot: StoredStateSnapshot): void {
  const path = storedStatePath(location, backend);
  const temp = `${path}${TEMP_MARK}${process.pid}`;
  // A run killed while writing its snapshot may be followed by no-ops only, which never call forgetStoredState.
  removeDeadTemporaries(location, backend);
  try {
    writeFileSync(temp, JSON.stringify({ format: FORMAT, ...snapshot }));
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}
