/**
 * Index planner: decides between a full rebuild, an incremental run and no work at all, and computes the changed,
 * deleted and reused path sets. Runs entirely on the read path, before any writer exists.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import { analyzerFor, isLayoutInput, readsLayout, type Analyzer } from './analyzer.js';
import type { PathSets } from './contracts.js';
import type { FileRecord, IndexMeta } from './model.js';
import type { ScannedFile } from './scanner.js';
import { readRegularFile } from './source-text.js';
import { sortByText } from './text.js';

/** What the planner reads of a stored file (a read session's record, or a trusted snapshot's entry). */
export type StoredFile = Pick<FileRecord, 'path' | 'size' | 'mtimeMs' | 'hash'>;

/**
 * What the previous index holds, as read through a read session or from a trusted stored-state snapshot; `null` when
 * there is no usable index.
 */
export interface StoredState {
  readonly meta: IndexMeta;
  /** Indexed files and stored failures together (a path is in at most one). */
  readonly files: readonly StoredFile[];
}

/** The reason of a run with nothing to do. */
export const NOOP_REASON = 'index is up to date';

/** The plan of one index run. */
export interface IndexPlan {
  /** `noop`: nothing changed, no writer is opened. */
  readonly mode: 'full' | 'incremental' | 'noop';
  /** Why this mode, for `--explain`. */
  readonly reason: string;
  readonly paths: PathSets;
}

/**
 * Canonical JSON for inventory comparison: key order and array order as stored.
 *
 * @param meta - An index inventory.
 * @returns A string equal for equal inventories.
 */
export function inventoryKey(meta: IndexMeta): string {
  return JSON.stringify({
    contractVersion: meta.contractVersion,
    runtime: { backend: meta.runtime.backend, backendVersion: meta.runtime.backendVersion },
    analyzers: meta.analyzers.map((a) => ({ name: a.name, version: a.version, extensions: [...a.extensions] })),
    embedder: { name: meta.embedder.name, version: meta.embedder.version, dimension: meta.embedder.dimension },
  });
}

function fullReason(stored: StoredState | null, current: IndexMeta, forced: boolean): string | null {
  if (forced) return 'full rebuild requested (--full)';
  if (!stored) return 'no usable index';
  const s = stored.meta;
  if (s.contractVersion !== current.contractVersion) return 'contract version changed';
  if (s.runtime.backend !== current.runtime.backend || s.runtime.backendVersion !== current.runtime.backendVersion) {
    return 'runtime inventory (backend) changed';
  }
  if (JSON.stringify(s.analyzers) !== JSON.stringify(current.analyzers)) return 'analyzer inventory changed';
  if (JSON.stringify(s.embedder) !== JSON.stringify(current.embedder)) return 'embedder changed';
  return inventoryKey(s) === inventoryKey(current) ? null : 'inventory changed';
}

/**
 * Whether an index written with `stored` can be kept by a runtime whose inventory is `current` (else: full rebuild).
 *
 * @param stored - The inventory the index was written with.
 * @param current - Inventory of the current runtime.
 * @returns `true` when the planner would not ask for a full rebuild on account of the inventory.
 */
export function sameInventory(stored: IndexMeta, current: IndexMeta): boolean {
  return fullReason({ meta: stored, files: [] }, current, false) === null;
}

/**
 * Move the reused files whose layout differs between the stored and the scanned candidate paths to `changed`.
 *
 * @param scanned - Current files.
 * @param files - Stored files and failures (the previous run's candidate paths).
 * @param analyzers - The run's analyzers.
 * @param reused - Reused paths so far; those whose layout changed are removed.
 * @param changed - Changed paths so far; those are appended.
 */
function relayout(
  scanned: readonly ScannedFile[],
  files: readonly StoredFile[],
  analyzers: readonly Analyzer[],
  reused: string[],
  changed: string[],
): void {
  const before = new Set(files.map((file) => file.path));
  const now = new Set(scanned.map((file) => file.path));
  const was = (path: string): boolean => before.has(path);
  const is = (path: string): boolean => now.has(path);
  let kept = 0;
  for (const path of reused) {
    const layout = analyzerFor(analyzers, path)?.layout;
    if (layout === undefined || layout(path, was) === layout(path, is)) reused[kept++] = path;
    else changed.push(path);
  }
  reused.length = kept;
}

/**
 * Plan an index run.
 *
 * A stored file whose size and mtime are unchanged is reused without reading it; otherwise its content hash decides.
 *
 * @param root - Absolute repository root (to hash files whose stat changed).
 * @param scanned - Current files, sorted by path.
 * @param stored - Previous index state, or `null` when there is none (or it is unreadable / of another version).
 * @param current - Inventory of the current runtime.
 * @param forceFull - `--full` was given.
 * @param analyzers - The run's analyzers: a reused file whose layout (`Analyzer.layout`) differs between the stored
 *   and the scanned paths is re-analyzed (absent: layouts are not compared).
 * @returns The plan.
 */
export async function planIndex(
  root: string,
  scanned: readonly ScannedFile[],
  stored: StoredState | null,
  current: IndexMeta,
  forceFull: boolean,
  analyzers?: readonly Analyzer[],
): Promise<IndexPlan> {
  const reason = fullReason(stored, current, forceFull);
  if (reason !== null || stored === null) {
    return {
      mode: 'full',
      reason: reason ?? 'no usable index',
      paths: { changed: scanned.map((f) => f.path), deleted: [], reused: [] },
    };
  }
  const changed: string[] = [];
  const reused: string[] = [];
  const needHash: { file: ScannedFile; record: StoredFile }[] = [];
  const classify = (file: ScannedFile, record: StoredFile | undefined): void => {
    if (!record) changed.push(file.path);
    else if (record.size === file.size && record.mtimeMs === file.mtimeMs) reused.push(file.path);
    else needHash.push({ file, record });
  };
  // Both lists are usually in the same order (the scan's, and a snapshot's written in it), so the files they share
  // at the same positions are paired without a map of every stored path: on a large tree that map, the set of present
  // paths and their garbage were most of the plan's time. From the first difference on (a file added or removed),
  // the rest is paired by path.
  const files = stored.files;
  let aligned = 0;
  while (aligned < scanned.length && aligned < files.length && scanned[aligned]!.path === files[aligned]!.path) {
    classify(scanned[aligned]!, files[aligned]);
    aligned++;
  }
  const deleted: string[] = [];
  if (aligned < scanned.length || aligned < files.length) {
    const previous = new Map<string, StoredFile>();
    for (let i = aligned; i < files.length; i++) previous.set(files[i]!.path, files[i]!);
    const present = new Set<string>();
    for (let i = aligned; i < scanned.length; i++) {
      const file = scanned[i]!;
      present.add(file.path);
      classify(file, previous.get(file.path));
    }
    for (const path of previous.keys()) if (!present.has(path)) deleted.push(path);
  }
  // Before hashing, `changed` holds only the paths without a record: the added ones. A layout can change only when a
  // path it may read came or went.
  const layoutsMayChange =
    analyzers !== undefined &&
    readsLayout(analyzers) &&
    (deleted.some((path) => isLayoutInput(analyzers, path)) || changed.some((path) => isLayoutInput(analyzers, path)));
  // Loaded only when a file's stat changed: a warm no-op hashes nothing.
  const hashContent = needHash.length > 0 ? (await import('./analyze-file.js')).hashContent : undefined;
  const hashed = needHash.map(({ file, record }) => {
    // Read like analysis does: never through a link swapped in since the scan, never blocking on a FIFO.
    const read = readRegularFile(join(root, file.path));
    // Unreadable now. Still unreadable since the last run (stored with no hash): unchanged, so an unreadable file
    // does not force a writer on every run. Readable before: re-analysis reports it as failed.
    if ('reason' in read) return { path: file.path, same: record.hash === '' };
    return { path: file.path, same: hashContent?.(read.bytes) === record.hash };
  });
  for (const { path, same } of hashed) (same ? reused : changed).push(path);
  // A path a layout may read came or went (e.g. an `__init__.py` above a Python module): a reused file whose layout
  // changed with it is analyzed again. Only then: the same paths give the same layouts.
  if (layoutsMayChange) relayout(scanned, files, analyzers, reused, changed);
  const sort = (paths: string[]): string[] => sortByText(paths, (path) => path);
  const paths = { changed: sort(changed), deleted: sort(deleted), reused: sort(reused) };
  if (paths.changed.length === 0 && paths.deleted.length === 0) {
    return { mode: 'noop', reason: NOOP_REASON, paths };
  }
  return {
    mode: 'incremental',
    reason: `${paths.changed.length} changed, ${paths.deleted.length} deleted, ${paths.reused.length} reused`,
    paths,
  };
}
