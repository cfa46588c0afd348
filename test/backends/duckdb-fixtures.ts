/**
 * Hand-built analyzed files and a session driver for the DuckDB backend tests. The fixture exercises every
 * resolution rule, null and non-ASCII text, strings on both sides of DuckDB's 12-byte inline limit, astral
 * characters (code point order), and path prefixes containing `%` and `_`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendFactory, PathSets, StoreLocation } from '../../src/core/contracts.js';
import {
  CONTRACT_VERSION,
  type AnalyzedFile,
  type FailedFile,
  type IndexMeta,
  type SymbolKind,
  type SymbolRecord,
} from '../../src/core/model.js';
import { dumpAt, type IndexDump } from '../support/dump.js';

/** Embedding dimension of the fixtures. */
export const DIMENSION = 3;

/**
 * Inventory for a backend.
 *
 * @param backend - Factory whose name and version go into the runtime entry.
 * @returns The inventory.
 */
export function metaFor(backend: BackendFactory): IndexMeta {
  return {
    contractVersion: CONTRACT_VERSION,
    runtime: { backend: backend.name, backendVersion: backend.version },
    analyzers: [{ name: 'fake', version: '7', extensions: ['.py', '.ts'] }],
    embedder: { name: 'fixture', version: '1', dimension: DIMENSION },
  };
}

/** A symbol: `[qualifiedName, kind, startLine, docstring?]`. */
type S = [string, SymbolKind, number, (string | null)?];
/** A call or reference: `[ownerIndex, text, hint, line]`. */
type E = [number, string, string | null, number];

function symbol([qualifiedName, kind, startLine, docstring = null]: S): SymbolRecord {
  const name = qualifiedName.split('.').pop()!;
  return {
    qualifiedName,
    name,
    kind,
    startLine,
    endLine: startLine + 2,
    signature: kind === 'module' ? '' : `def ${name}(self, value=None)`,
    docstring,
    exported: !name.startsWith('_'),
  };
}

/**
 * Build an analyzed file with deterministic embeddings (seeded by `seed`).
 *
 * @param path - Repository-relative path.
 * @param symbols - Symbols, index 0 the module.
 * @param calls - Call sites.
 * @param refs - Callable references.
 * @param findings - `[rule, line, symbol]` findings.
 * @param seed - Embedding seed; also varies the hash so edits are visible.
 * @returns The analyzed file.
 */
export function file(
  path: string,
  symbols: S[],
  calls: E[] = [],
  refs: E[] = [],
  findings: [string, number, string][] = [],
  seed = 1,
): AnalyzedFile {
  const records = symbols.map(symbol);
  return {
    file: { path, hash: `sha-${path}-${seed}`, size: 1000 + seed, mtimeMs: 1_731_000_000_123 + seed, analyzer: 'fake' },
    analysis: {
      language: path.endsWith('.ts') ? 'typescript' : 'python',
      module: path.replace(/\.(py|ts)$/, '').replaceAll('/', '.'),
      symbols: records,
      calls: calls.map(([callerIndex, calleeText, targetHint, line]) => ({
        callerIndex,
        calleeText,
        targetHint,
        line,
      })),
      references: refs.map(([ownerIndex, targetText, targetHint, line]) => ({
        ownerIndex,
        targetText,
        targetHint,
        line,
      })),
      findings: findings.map(([rule, line, sym]) => ({
        rule,
        line,
        symbol: sym,
        message: `${rule}: ${sym} needs docs`,
      })),
    },
    embeddings: Float32Array.from(
      { length: records.length * DIMENSION },
      (_, i) => Math.fround(seed * 0.37 + i * 1e-3) - 0.5,
    ),
  };
}

/**
 * The base tree.
 *
 * @returns Analyzed files in path order.
 */
export function baseTree(): AnalyzedFile[] {
  return [
    file(
      'app/core.py',
      [
        ['app.core', 'module', 1, 'Core module — façade über alles.'],
        ['app.core.run', 'function', 3, 'Run the PIPELINE end to end.'],
        ['app.core.Engine', 'class', 10, null],
        ['app.core.Engine.start', 'method', 12, 'Start the engine.'],
        ['app.core.Engine.start', 'variable', 12, null],
        ['app.core._helper', 'function', 20, 'Internal helper with a long docstring that exceeds twelve bytes.'],
      ],
      [
        [1, 'Engine', '*Engine', 4],
        [1, 'self.start', 'app.core.Engine.start', 5],
        [1, 'print', null, 5],
        [3, 'run', 'app.core.run', 13],
        [3, 'util.clamp', 'app.util.clamp', 14],
        [3, 'util.clamp', 'app.util.clamp', 14],
        [0, 'main', '*main', 30],
      ],
      [
        [1, 'run', '*run', 6],
        [3, '_helper', 'app.core._helper', 15],
      ],
      [
        ['PY001', 10, 'app.core.Engine'],
        ['PY003', 3, 'app.core.run'],
        ['PY002', 3, 'app.core.run'],
      ],
      1,
    ),
    file(
      'app/util.py',
      [
        ['app.util', 'module', 1],
        ['app.util.clamp', 'function', 2, 'Clamp a value.'],
        ['app.util.run', 'function', 8, null],
        ['app.util.𝔘nicode', 'function', 12, 'Astral 𝔘 name.'],
        ['app.util.ｕnicode', 'function', 14, 'BMP Ü name.'],
      ],
      [
        [1, 'run', '*run', 3],
        [2, 'clamp', '*clamp', 9],
        [2, 'Engine', '*Engine', 10],
      ],
      [[2, 'clamp', 'app.util.clamp', 9]],
      [['PY001', 12, 'app.util.𝔘nicode']],
      2,
    ),
    file(
      'a_b/x.py',
      [
        ['a_b.x', 'module', 1],
        ['a_b.x.main', 'function', 1, 'Entry.'],
      ],
      [[1, 'run', 'app.core.run', 2]],
      [],
      [],
      3,
    ),
    file(
      'aXb/y.py',
      [
        ['aXb.y', 'module', 1],
        ['aXb.y.main', 'function', 1],
      ],
      [],
      [],
      [['TS001', 1, 'aXb.y.main']],
      4,
    ),
    file(
      'web/100%.ts',
      [
        ['web/100%', 'module', 1],
        ['web/100%.Engine', 'class', 3, 'Another Engine.'],
      ],
      [[0, 'Engine', '*Engine', 9]],
      [],
      [],
      5,
    ),
  ];
}

/**
 * A synthetic tree: `files` files of 20 symbols, 30 calls, 5 references and 3 findings each.
 *
 * @param files - Number of files.
 * @param seed - Varies hashes and embeddings.
 * @returns Analyzed files in path order.
 */
export function syntheticTree(files: number, seed = 1): AnalyzedFile[] {
  const kinds: SymbolKind[] = ['function', 'class', 'method', 'variable'];
  return Array.from({ length: files }, (_, f) => {
    const mod = `pkg.m${String(f).padStart(4, '0')}`;
    const symbols: [string, SymbolKind, number, string | null][] = [[mod, 'module', 1, null]];
    for (let s = 1; s < 20; s++)
      symbols.push([`${mod}.fn_${s}`, kinds[s % 4]!, s * 5, s % 3 ? `Doc of fn ${s}.` : null]);
    const calls = Array.from({ length: 30 }, (_, c): [number, string, string | null, number] => [
      1 + (c % 19),
      `fn_${(c * 7) % 19}`,
      c % 2 ? `pkg.m${String((f + c) % files).padStart(4, '0')}.fn_${c % 19}` : null,
      10 + c,
    ]);
    const refs = Array.from({ length: 5 }, (_, r): [number, string, string | null, number] => [
      r,
      `fn_${r + 1}`,
      null,
      3 + r,
    ]);
    return file(
      `pkg/m${String(f).padStart(4, '0')}.py`,
      symbols,
      calls,
      refs,
      [
        ['PY001', 5, `${mod}.fn_1`],
        ['PY002', 10, `${mod}.fn_2`],
        ['PY003', 15, `${mod}.fn_3`],
      ],
      seed + f,
    );
  });
}

/** A failing file of the base tree. */
export const FAILED: FailedFile = {
  file: { path: 'app/broken.py', hash: 'sha-broken', size: 12, mtimeMs: 1_731_000_000_999, analyzer: 'fake' },
  reason: 'parse error at line 3',
};

/**
 * Run one complete write session.
 *
 * @param backend - Factory.
 * @param location - Where.
 * @param mode - Full or incremental.
 * @param files - Analyzed files, persisted in batches of `batchSize`.
 * @param failures - Failed files.
 * @param paths - Path sets (default: everything changed).
 * @param batchSize - Files per persist call.
 * @returns Committed size.
 */
export async function indexWith(
  backend: BackendFactory,
  location: StoreLocation,
  mode: 'full' | 'incremental',
  files: readonly AnalyzedFile[],
  failures: readonly FailedFile[] = [],
  paths?: Partial<PathSets>,
  batchSize = 2,
): Promise<number> {
  const all = [...files.map((f) => f.file.path), ...failures.map((f) => f.file.path)].sort();
  const session = await backend.beginIndexSession({
    location,
    mode,
    meta: metaFor(backend),
    paths: { changed: paths?.changed ?? all, deleted: paths?.deleted ?? [], reused: paths?.reused ?? [] },
  });
  try {
    await session.prepare();
    for (let i = 0; i < files.length; i += batchSize) await session.persist(files.slice(i, i + batchSize));
    await session.recordFailures(failures);
    await session.rebuildDerived();
    return (await session.commit()).sizeBytes;
  } catch (error) {
    await session.abort();
    throw error;
  } finally {
    await session.close();
  }
}

/**
 * A fresh temporary state location.
 *
 * @param label - Folder label.
 * @returns The location.
 */
export function tempLocation(label: string): StoreLocation {
  const root = mkdtempSync(join(tmpdir(), `codira-duckdb-${label}-`));
  return { repoRoot: root, stateDir: join(root, '.codira') };
}

/**
 * A scratch location whose folder is added to `cleanup` (a test file's `afterEach` removes them).
 *
 * @param cleanup - The test file's list of folders to remove.
 * @param label - Part of the folder name.
 * @returns The location.
 */
export function trackedLocation(cleanup: string[], label: string): StoreLocation {
  const location = tempLocation(label);
  cleanup.push(location.repoRoot);
  return location;
}

/**
 * A dump without the backend's runtime metadata (the only field that names the backend), for comparing backends.
 *
 * @param backend - The backend.
 * @param location - Where its index lives.
 * @returns The dump.
 */
export async function neutralDump(backend: BackendFactory, location: StoreLocation): Promise<IndexDump> {
  const dump = await dumpAt(backend, location);
  const { runtime: _runtime, ...meta } = dump.meta as { runtime: unknown };
  return { ...dump, meta };
}
