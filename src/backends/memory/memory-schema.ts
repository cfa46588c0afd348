/**
 * The memory backend's snapshot format and the reference implementation of derived state
 * (`docs/architecture/index-semantics.md`): plain data, obviously correct, not fast.
 *
 * @packageDocumentation
 */
import {
  CALLABLE_KINDS,
  NAME_RESOLVABLE_KINDS,
  type AuditFinding,
  type FailedFile,
  type FileRecord,
  type IndexMeta,
} from '../../core/model.js';
import type { CallSite, CallableReference, SymbolRecord } from '../../core/model.js';
import { compareSymbols } from '../../core/text.js';

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
 * Resolve every call and reference and recompute fan-in/fan-out, following the semantics page literally.
 *
 * @param files - All stored files; mutated in place.
 */
export function rebuildDerivedState(files: readonly MemoryFile[]): void {
  const all = files.flatMap((f) => f.symbols.map((symbol) => ({ symbol, path: f.file.path })));
  all.sort((a, b) => compareSymbols({ ...a.symbol, path: a.path }, { ...b.symbol, path: b.path }));
  const byQualifiedName = new Map<string, number>();
  const byShortName = new Map<string, number[]>();
  for (const { symbol } of all) {
    if (CALLABLE_KINDS.includes(symbol.kind) && !byQualifiedName.has(symbol.qualifiedName)) {
      byQualifiedName.set(symbol.qualifiedName, symbol.id);
    }
    if (NAME_RESOLVABLE_KINDS.includes(symbol.kind)) {
      const ids = byShortName.get(symbol.name) ?? [];
      ids.push(symbol.id);
      byShortName.set(symbol.name, ids);
    }
  }
  const resolve = (text: string, hint: string | null): number | null => {
    if (hint !== null && byQualifiedName.has(hint)) return byQualifiedName.get(hint)!;
    if (!text.includes('.')) {
      const candidates = byShortName.get(text);
      if (candidates && candidates.length === 1) return candidates[0]!;
    }
    return null;
  };
  const callers = new Map<number, Set<number>>();
  const targets = new Map<number, Set<number>>();
  for (const f of files) {
    for (const call of f.calls) {
      call.targetId = resolve(call.calleeText, call.targetHint);
      if (call.targetId === null) continue;
      const callerId = f.symbols[call.callerIndex]!.id;
      if (!callers.has(call.targetId)) callers.set(call.targetId, new Set());
      callers.get(call.targetId)!.add(callerId);
      if (!targets.has(callerId)) targets.set(callerId, new Set());
      targets.get(callerId)!.add(call.targetId);
    }
    for (const reference of f.references) reference.targetId = resolve(reference.targetText, reference.targetHint);
  }
  for (const { symbol } of all) {
    symbol.fanIn = callers.get(symbol.id)?.size ?? 0;
    symbol.fanOut = targets.get(symbol.id)?.size ?? 0;
  }
}
