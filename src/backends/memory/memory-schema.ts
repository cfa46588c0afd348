/**
 * The memory backend's snapshot format (the whole index as one plain JSON document), where it lives, and the check of
 * a stored snapshot (derived state is computed in `memory-derived.ts`).
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreLocation } from '../../core/contracts.js';
import { IndexUnavailableError } from '../../core/errors.js';
import {
  CONTRACT_VERSION,
  type AuditFinding,
  type CallSite,
  type CallableReference,
  type FailedFile,
  type FileRecord,
  type IndexMeta,
  type SymbolRecord,
} from '../../core/model.js';

/** A stored symbol: the analyzer's record plus its handle and metrics. */
export interface MemorySymbol extends SymbolRecord {
  readonly id: number;
  fanIn: number;
  fanOut: number;
}

/** A stored call site plus its resolved target. */
export interface MemoryCall extends CallSite {
  targetId: number | null;
}

/** A stored callable reference plus its resolved target. */
export interface MemoryReference extends CallableReference {
  targetId: number | null;
}

/** Everything stored for one indexed file. */
export interface MemoryFile {
  readonly file: FileRecord;
  readonly language: string;
  readonly module: string;
  readonly symbols: MemorySymbol[];
  readonly calls: MemoryCall[];
  readonly references: MemoryReference[];
  readonly findings: AuditFinding[];
  /** Base64 of the file's float32 embedding rows. */
  readonly embeddings: string;
}

/** The whole index as one JSON document. */
export interface MemorySnapshot {
  readonly contractVersion: number;
  readonly meta: IndexMeta;
  /** Next symbol handle to allocate. */
  nextId: number;
  /** Indexed files, sorted by path. */
  files: MemoryFile[];
  /** Failures, sorted by path. */
  failures: FailedFile[];
}

/**
 * Path of the snapshot file.
 *
 * @param location - Index location.
 * @returns `<stateDir>/index.memory.json`.
 */
export function snapshotPath(location: StoreLocation): string {
  return join(location.stateDir, 'index.memory.json');
}

/**
 * Load and validate the active snapshot.
 *
 * @param location - Index location.
 * @returns The snapshot.
 */
export function loadSnapshot(location: StoreLocation): MemorySnapshot {
  const path = snapshotPath(location);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new IndexUnavailableError('missing', path);
  }
  let snapshot: MemorySnapshot;
  try {
    snapshot = JSON.parse(text) as MemorySnapshot;
  } catch {
    throw new IndexUnavailableError('corrupt', path);
  }
  if (typeof snapshot !== 'object' || snapshot === null || !Array.isArray(snapshot.files)) {
    throw new IndexUnavailableError('corrupt', path);
  }
  if (snapshot.contractVersion !== CONTRACT_VERSION) {
    throw new IndexUnavailableError(
      'version',
      path,
      `stored ${String(snapshot.contractVersion)}, need ${CONTRACT_VERSION}`,
    );
  }
  return snapshot;
}
