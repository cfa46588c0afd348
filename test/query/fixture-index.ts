/**
 * Builds small indexes for query tests by driving the memory backend's write session directly with hand-written
 * analyzed files (no parser involved), so query behaviour is tested apart from analysis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { EMBEDDER, embedSymbols } from '../../src/core/embeddings.js';
import {
  CONTRACT_VERSION,
  type AnalyzedFile,
  type AuditFinding,
  type CallSite,
  type SymbolKind,
  type SymbolRecord,
} from '../../src/core/model.js';

/** A symbol as the fixtures write it: `[qualifiedName, kind, startLine, endLine, docstring]`. */
export type SymbolSpec = readonly [string, SymbolKind, number, number, string | null];

/** A fixture file. `calls` are `[callerQualifiedName, targetQualifiedName, line]`. */
export interface FileSpec {
  readonly path: string;
  readonly module: string;
  readonly symbols: readonly SymbolSpec[];
  readonly calls?: readonly (readonly [string, string, number])[];
  readonly findings?: readonly AuditFinding[];
}

function toRecord([qualifiedName, kind, startLine, endLine, docstring]: SymbolSpec): SymbolRecord {
  const name = qualifiedName.split('.').pop()!;
  const signature = kind === 'module' ? '' : kind === 'class' ? `class ${name}` : `def ${name}(...)`;
  return { qualifiedName, name, kind, startLine, endLine, signature, docstring, exported: !name.startsWith('_') };
}

function toAnalyzed(spec: FileSpec): AnalyzedFile {
  const symbols = spec.symbols.map(toRecord);
  const calls: CallSite[] = (spec.calls ?? []).map(([caller, target, line]) => {
    const callerIndex = symbols.findIndex((s) => s.qualifiedName === caller);
    if (callerIndex < 0) throw new Error(`fixture: unknown caller ${caller}`);
    return { callerIndex, calleeText: target.split('.').pop()!, targetHint: target, line };
  });
  return {
    file: { path: spec.path, hash: `h-${spec.path}`, size: 100, mtimeMs: 0, analyzer: 'python' },
    analysis: {
      language: 'python',
      module: spec.module,
      symbols,
      calls,
      references: [],
      findings: spec.findings ?? [],
    },
    embeddings: embedSymbols(symbols),
  };
}

/** An index in a temporary directory; `dispose` removes it. */
export interface FixtureIndex {
  readonly location: StoreLocation;
  open(): Promise<ReadSession>;
  /** Re-persist some files in an incremental run: their symbols get new handles, nothing else changes. */
  reindex(changed: readonly FileSpec[]): Promise<void>;
  dispose(): void;
}

const metaFor = (backend: BackendFactory) => ({
  contractVersion: CONTRACT_VERSION,
  runtime: { backend: backend.name, backendVersion: backend.version },
  analyzers: [{ name: 'python', version: 'fixture', extensions: ['.py'] }],
  embedder: { ...EMBEDDER },
});

const byPath = (a: FileSpec, b: FileSpec): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

async function write(
  backend: BackendFactory,
  location: StoreLocation,
  mode: 'full' | 'incremental',
  files: readonly FileSpec[],
  all: readonly FileSpec[],
): Promise<void> {
  const changed = [...files].sort(byPath);
  const changedPaths = new Set(changed.map((f) => f.path));
  const session = await backend.beginIndexSession({
    location,
    mode,
    paths: {
      changed: changed.map((f) => f.path),
      deleted: [],
      reused: all
        .map((f) => f.path)
        .filter((p) => !changedPaths.has(p))
        .sort(),
    },
    meta: metaFor(backend),
  });
  try {
    await session.prepare();
    await session.persist(changed.map(toAnalyzed));
    await session.recordFailures([]);
    await session.rebuildDerived();
    await session.commit();
  } finally {
    await session.close();
  }
}

/**
 * Write a full index of the given files (with the memory backend unless another is given).
 *
 * @param files - Fixture files (any order; persisted sorted by path as core does).
 * @param backend - The backend to write with.
 * @returns The index.
 */
export async function buildFixtureIndex(
  files: readonly FileSpec[],
  backend: BackendFactory = memoryBackend,
): Promise<FixtureIndex> {
  const dir = mkdtempSync(join(tmpdir(), 'codira-query-'));
  const location = { repoRoot: dir, stateDir: join(dir, '.codira') };
  await write(backend, location, 'full', files, files);
  return {
    location,
    open: () => backend.openReader(location),
    reindex: (changed) => write(backend, location, 'incremental', changed, files),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A read session that counts calls per method. */
export interface CountingReader {
  readonly reader: ReadSession;
  /** Calls so far, by method name. */
  readonly calls: Record<string, number>;
}

/**
 * Wrap a read session to count the calls a query makes (round trips on a real engine).
 *
 * @param inner - The real session.
 * @returns The wrapper and its counters.
 */
export function countCalls(inner: ReadSession): CountingReader {
  const calls: Record<string, number> = {};
  const reader = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { reader, calls };
}
