/**
 * `status`: which index is open and what it covers — backend, when it was built (the store's modification time),
 * its size, and per language (analyzer) how many files are indexed and how many failed.
 *
 * @packageDocumentation
 */
import { statSync } from 'node:fs';
import type { BackendFactory, ReadSession, StoreLocation } from '../core/contracts.js';
import { compareText } from '../core/text.js';
import { table } from './render.js';

/** Coverage of one language. */
export interface LanguageCoverage {
  /** Analyzer name, e.g. `python`. */
  readonly language: string;
  readonly indexed: number;
  readonly failed: number;
}

/** Result of `codira status`. */
export interface StatusResult {
  readonly backend: string;
  readonly contractVersion: number;
  /** ISO time the active store was last written. */
  readonly builtAt: string;
  /** Bytes of the files that make up the active store. */
  readonly sizeBytes: number;
  readonly indexed: number;
  readonly failed: number;
  /** Per language, ordered by name. */
  readonly languages: readonly LanguageCoverage[];
}

/** When a store was written and how big it is. */
export interface StoreStamp {
  /** Newest modification time of the store's files, in milliseconds. */
  readonly mtimeMs: number;
  readonly sizeBytes: number;
  /** Changes whenever a writer replaces or rewrites a store file (device, inode, size, time). */
  readonly identity: string;
}

/**
 * Stat the files of the active store. Synchronous on purpose: a server stats before every request, and a `stat` is
 * microseconds while a hop through the libuv thread pool adds latency and jitter to every answer. A backend may list
 * a file that exists only some of the time (DuckDB's overlay beside its base): a missing file is part of the
 * identity (appearing or disappearing changes it), and only a store with no file at all is missing.
 *
 * @param backend - The backend whose store it is.
 * @param location - Where the index lives.
 * @returns The stamp, or `null` when no store file exists.
 */
export function storeStamp(backend: BackendFactory, location: StoreLocation): StoreStamp | null {
  const stats = backend.storeFiles(location).map((file) => statSync(file, { throwIfNoEntry: false }));
  const present = stats.filter((s) => s !== undefined);
  if (present.length === 0) return null;
  return {
    mtimeMs: Math.max(...present.map((s) => s.mtimeMs)),
    sizeBytes: present.reduce((sum, s) => sum + s.size, 0),
    identity: stats.map((s) => (s ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}` : '-')).join('|'),
  };
}

/**
 * Coverage and identity of the open index.
 *
 * @param reader - Open read session.
 * @param stamp - The store's stamp, taken when the session was opened.
 * @returns The status.
 */
export async function indexStatus(reader: ReadSession, stamp: StoreStamp): Promise<StatusResult> {
  const [meta, files, failures] = await Promise.all([reader.meta(), reader.files(), reader.failures()]);
  const counts = new Map<string, { indexed: number; failed: number }>();
  const count = (language: string): { indexed: number; failed: number } => {
    let entry = counts.get(language);
    if (!entry) counts.set(language, (entry = { indexed: 0, failed: 0 }));
    return entry;
  };
  for (const file of files) count(file.analyzer).indexed++;
  for (const failure of failures) count(failure.file.analyzer).failed++;
  return {
    backend: meta.runtime.backend,
    contractVersion: meta.contractVersion,
    builtAt: new Date(stamp.mtimeMs).toISOString(),
    sizeBytes: stamp.sizeBytes,
    indexed: files.length,
    failed: failures.length,
    languages: [...counts.entries()]
      .map(([language, c]) => ({ language, indexed: c.indexed, failed: c.failed }))
      .sort((a, b) => compareText(a.language, b.language)),
  };
}

/**
 * `status` text.
 *
 * @param r - A status result.
 * @returns The text.
 */
export function renderStatus(r: StatusResult): string {
  return [
    `index (${r.backend}): ${r.indexed} files indexed, ${r.failed} failed, built ${r.builtAt}, ${r.sizeBytes} bytes`,
    table([
      ['language', 'indexed', 'failed'],
      ...r.languages.map((l) => [l.language, String(l.indexed), String(l.failed)]),
    ]),
  ].join('\n');
}
