import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendFactory, PathSets, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { IndexUnavailableError } from '../../src/core/errors.js';
import {
  CONTRACT_VERSION,
  type AnalyzedFile,
  type EdgeRow,
  type FailedFile,
  type FileRecord,
  type IndexMeta,
  type SymbolKind,
  type SymbolMetricsRow,
  type SymbolRecord,
  type SymbolRow,
} from '../../src/core/model.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import { sqliteBackend } from '../../src/backends/sqlite/sqlite-backend.js';
import { BARREL_MODULES_SQL } from '../../src/backends/sqlite/sqlite-derived.js';

const DIM = 4;
const SYMBOL_ROW_KEYS = [
  'qualifiedName',
  'name',
  'kind',
  'startLine',
  'endLine',
  'signature',
  'docstring',
  'exported',
  'path',
  'module',
  'language',
] as const satisfies readonly (keyof SymbolRow)[];
const META: IndexMeta = {
  contractVersion: CONTRACT_VERSION,
  runtime: { backend: 'sqlite', backendVersion: sqliteBackend.version },
  analyzers: [{ name: 'python', version: '1', extensions: ['.py'] }],
  embedder: { name: 'test', version: '1', dimension: DIM },
};

function record(path: string, hash = `h-${path}`): FileRecord {
  return { path, hash, size: 100, mtimeMs: 1_700_000_000_000, analyzer: 'python' };
}

function sym(
  qualifiedName: string,
  kind: SymbolKind,
  startLine: number,
  docstring: string | null = null,
): SymbolRecord {
  const name = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
  return {
    qualifiedName,
    name,
    kind,
    startLine,
    endLine: startLine + 1,
    signature: `def ${name}()`,
    docstring,
    exported: !name.startsWith('_'),
  };
}

/**
 * Distinct, exactly representable float32 values per (file, symbol).
 *
 * @param seed - First value.
 * @param count - Number of symbols.
 * @returns `count × DIM` values.
 */
function vectors(seed: number, count: number): Float32Array {
  return Float32Array.from({ length: count * DIM }, (_, i) => seed + i / 8);
}

interface FileSpec {
  readonly path: string;
  readonly module: string;
  readonly symbols: SymbolRecord[];
  readonly calls?: [number, string, string | null, number][];
  readonly refs?: [number, string, string | null, number][];
  readonly findings?: [string, number, string][];
  readonly hash?: string;
}

function analyzed(spec: FileSpec, seed: number): AnalyzedFile {
  return {
    file: record(spec.path, spec.hash),
    analysis: {
      language: 'python',
      module: spec.module,
      symbols: spec.symbols,
      calls: (spec.calls ?? []).map(([callerIndex, calleeText, targetHint, line]) => ({
        callerIndex,
        calleeText,
        targetHint,
        line,
      })),
      references: (spec.refs ?? []).map(([ownerIndex, targetText, targetHint, line]) => ({
        ownerIndex,
        targetText,
        targetHint,
        line,
      })),
      findings: (spec.findings ?? []).map(([rule, line, symbol]) => ({
        rule,
        line,
        symbol,
        message: `${rule} on ${symbol}`,
      })),
    },
    embeddings: vectors(seed, spec.symbols.length),
  };
}

const A: FileSpec = {
  path: 'pkg/a.py',
  module: 'pkg.a',
  symbols: [
    sym('pkg.a', 'module', 1, 'Module A: widgets.'),
    sym('pkg.a.helper', 'function', 3, 'Help the CALLER.'),
    sym('pkg.a.Widget', 'class', 10),
    sym('pkg.a.Widget.render', 'method', 12, 'Render the widget.'),
  ],
  calls: [
    [3, 'helper', 'pkg.a.helper', 13], // rule 1
    [3, 'Gadget', '*Gadget', 14], // rule 2: the only class or function named Gadget
    [1, 'print', null, 4], // unresolved
    [0, 'self.render', 'pkg.a.Widget.render', 20], // rule 1, method
  ],
  refs: [[0, 'helper', 'pkg.a.helper', 21]],
  findings: [
    ['PY001', 10, 'pkg.a.Widget'],
    ['PY002', 3, 'pkg.a.helper'],
  ],
};
const B: FileSpec = {
  path: 'pkg/b.py',
  module: 'pkg.b',
  symbols: [
    sym('pkg.b', 'module', 1),
    sym('pkg.b.build', 'function', 2),
    sym('pkg.b.Gadget', 'class', 5, 'A gadget.'),
    sym('pkg.b.helper', 'function', 8),
  ],
  calls: [
    [1, 'helper', '*helper', 3], // two functions named helper: unresolved while pkg/a.py defines one
    [1, 'pkg.a.helper', 'pkg.a.helper', 4], // rule 1 across files
    [1, 'Gadget', 'pkg.b.Gadget', 4],
  ],
  refs: [[1, 'Gadget', '*Gadget', 3]],
};
const PERCENT: FileSpec = {
  path: 'pkg/100%.py',
  module: 'pkg.100%',
  symbols: [sym('pkg.100%', 'module', 1)],
  findings: [['PY100', 1, 'pkg.100%']],
};
const NEAR: FileSpec = {
  path: 'pkg/1000.py',
  module: 'pkg.1000',
  symbols: [sym('pkg.1000', 'module', 1)],
  findings: [['PY100', 1, 'pkg.1000']],
};
const BAD: FailedFile = { file: record('pkg/bad.py'), reason: 'parse error at line 3' };

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'codira-sqlite-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function location(name: string): StoreLocation {
  return { repoRoot: root, stateDir: join(root, name, '.codira') };
}

async function run(
  backend: BackendFactory,
  where: StoreLocation,
  mode: 'full' | 'incremental',
  files: AnalyzedFile[],
  failures: FailedFile[],
  paths?: Partial<PathSets>,
): Promise<void> {
  const allPaths = [...files.map((f) => f.file.path), ...failures.map((f) => f.file.path)].sort();
  const session = await backend.beginIndexSession({
    location: where,
    mode,
    meta: META,
    paths: { changed: paths?.changed ?? allPaths, deleted: paths?.deleted ?? [], reused: paths?.reused ?? [] },
  });
  try {
    await session.prepare();
    await session.persist(files.slice(0, 1));
    await session.persist(files.slice(1));
    await session.recordFailures(failures);
    await session.rebuildDerived();
    await session.commit();
  } catch (error) {
    await session.abort();
    throw error;
  } finally {
    await session.close();
  }
}

async function read<T>(
  backend: BackendFactory,
  where: StoreLocation,
  body: (r: ReadSession) => Promise<T>,
): Promise<T> {
  const reader = await backend.openReader(where);
  try {
    return await body(reader);
  } finally {
    await reader.close();
  }
}

/**
 * Every read method's output with backend-local ids replaced by `path:qualifiedName`.
 *
 * @param reader - An open read session.
 * @returns A plain value to compare with `toEqual`.
 */
async function dump(reader: ReadSession): Promise<unknown> {
  const all = await reader.listSymbols({});
  const key = new Map(all.map((s) => [s.id, `${s.path}:${s.qualifiedName}`]));
  const ids = all.map((s) => s.id);
  const k = (id: number | null): string | null => (id === null ? null : key.get(id)!);
  // Only contract fields: the memory reference's symbol rows also carry fanIn/fanOut outside listSymbols.
  const noId = (rows: readonly SymbolRow[]) =>
    rows.map((r) => ({ ...Object.fromEntries(SYMBOL_ROW_KEYS.map((key) => [key, r[key]])), id: k(r.id) }));
  const withMetrics = (rows: readonly SymbolMetricsRow[]) =>
    rows.map((r) => ({ ...noId([r])[0], fanIn: r.fanIn, fanOut: r.fanOut }));
  const edges = (rows: readonly EdgeRow[]) =>
    rows.map((r) => ({ ...r, ownerId: k(r.ownerId), targetId: k(r.targetId) }));
  const matrix = await reader.embeddings();
  return {
    meta: await reader.meta(),
    files: await reader.files(),
    failures: await reader.failures(),
    byName: noId(await reader.symbolsByName(['helper', 'pkg.b.Gadget', 'nope'])),
    byNamePrefix: noId(await reader.symbolsByName(['helper'], 'pkg/b')),
    byId: noId(await reader.symbolsById([...ids].reverse())),
    matching: noId(await reader.symbolsMatching(['caller', 'gadget', '100%'])),
    matchingPrefix: noId(await reader.symbolsMatching(['pkg'], 'pkg/100%')),
    list: withMetrics(all),
    listKinds: withMetrics(await reader.listSymbols({ kinds: ['function', 'class'], limit: 3 })),
    listPrefix: withMetrics(await reader.listSymbols({ pathPrefix: 'pkg/1_0' })),
    callsFrom: edges(await reader.edges({ kind: 'call', direction: 'from', ids })),
    callsTo: edges(await reader.edges({ kind: 'call', direction: 'to', ids })),
    refsFrom: edges(await reader.edges({ kind: 'reference', direction: 'from', ids })),
    refsTo: edges(await reader.edges({ kind: 'reference', direction: 'to', ids })),
    findings: await reader.findings(),
    findingsPrefix: await reader.findings('pkg/100%'),
    embeddings: { dimension: matrix.dimension, rows: matrix.symbolIds.map(k), values: Array.from(matrix.vectors) },
  };
}

function fileState(path: string): { sha: string; mtimeMs: number; size: number } {
  const stat = statSync(path);
  return { sha: createHash('sha256').update(readFileSync(path)).digest('hex'), mtimeMs: stat.mtimeMs, size: stat.size };
}

async function expectUnavailable(promise: Promise<unknown>, problem: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IndexUnavailableError);
  expect((error as IndexUnavailableError).problem).toBe(problem);
}

const FULL = () => [analyzed(PERCENT, 1), analyzed(NEAR, 2), analyzed(A, 3), analyzed(B, 4)];

describe('sqlite backend: full index', () => {
  it('returns exact rows for every read method', async () => {
    const where = location('s');
    await run(sqliteBackend, where, 'full', FULL(), [BAD]);
    const out = (await read(sqliteBackend, where, dump)) as Record<string, unknown>;

    expect(out.files).toEqual(['pkg/100%.py', 'pkg/1000.py', 'pkg/a.py', 'pkg/b.py'].map((p) => record(p)));
    expect(out.failures).toEqual([BAD]);
    expect(out.meta).toEqual(META);
    expect((out.byName as { id: string }[]).map((s) => s.id)).toEqual([
      'pkg/a.py:pkg.a.helper',
      'pkg/b.py:pkg.b.Gadget',
      'pkg/b.py:pkg.b.helper',
    ]);
    expect((out.byNamePrefix as { id: string }[]).map((s) => s.id)).toEqual(['pkg/b.py:pkg.b.helper']);
    expect((out.byId as { id: string }[]).map((s) => s.id)).toEqual([
      'pkg/100%.py:pkg.100%',
      'pkg/1000.py:pkg.1000',
      'pkg/a.py:pkg.a',
      'pkg/a.py:pkg.a.helper',
      'pkg/a.py:pkg.a.Widget',
      'pkg/a.py:pkg.a.Widget.render',
      'pkg/b.py:pkg.b',
      'pkg/b.py:pkg.b.build',
      'pkg/b.py:pkg.b.Gadget',
      'pkg/b.py:pkg.b.helper',
    ]);
    // "caller" only in a docstring with capitals; "100%" literal, not a pattern.
    expect((out.matching as { id: string }[]).map((s) => s.id)).toEqual([
      'pkg/100%.py:pkg.100%',
      'pkg/a.py:pkg.a.helper',
      'pkg/b.py:pkg.b.Gadget',
    ]);
    expect((out.matchingPrefix as { id: string }[]).map((s) => s.id)).toEqual(['pkg/100%.py:pkg.100%']);
    expect(out.listPrefix).toEqual([]);
    expect(
      (out.listKinds as { id: string; fanIn: number; fanOut: number }[]).map((s) => [s.id, s.fanIn, s.fanOut]),
    ).toEqual([
      ['pkg/a.py:pkg.a.helper', 2, 0],
      ['pkg/b.py:pkg.b.Gadget', 2, 0],
      ['pkg/b.py:pkg.b.build', 0, 2],
    ]);
    expect(out.callsFrom).toEqual([
      {
        ownerId: 'pkg/a.py:pkg.a.helper',
        ownerQualifiedName: 'pkg.a.helper',
        targetText: 'print',
        targetId: null,
        targetQualifiedName: null,
        path: 'pkg/a.py',
        line: 4,
      },
      {
        ownerId: 'pkg/a.py:pkg.a.Widget.render',
        ownerQualifiedName: 'pkg.a.Widget.render',
        targetText: 'helper',
        targetId: 'pkg/a.py:pkg.a.helper',
        targetQualifiedName: 'pkg.a.helper',
        path: 'pkg/a.py',
        line: 13,
      },
      {
        ownerId: 'pkg/a.py:pkg.a.Widget.render',
        ownerQualifiedName: 'pkg.a.Widget.render',
        targetText: 'Gadget',
        targetId: 'pkg/b.py:pkg.b.Gadget',
        targetQualifiedName: 'pkg.b.Gadget',
        path: 'pkg/a.py',
        line: 14,
      },
      {
        ownerId: 'pkg/a.py:pkg.a',
        ownerQualifiedName: 'pkg.a',
        targetText: 'self.render',
        targetId: 'pkg/a.py:pkg.a.Widget.render',
        targetQualifiedName: 'pkg.a.Widget.render',
        path: 'pkg/a.py',
        line: 20,
      },
      {
        ownerId: 'pkg/b.py:pkg.b.build',
        ownerQualifiedName: 'pkg.b.build',
        targetText: 'helper',
        targetId: null,
        targetQualifiedName: null,
        path: 'pkg/b.py',
        line: 3,
      },
      {
        ownerId: 'pkg/b.py:pkg.b.build',
        ownerQualifiedName: 'pkg.b.build',
        targetText: 'Gadget',
        targetId: 'pkg/b.py:pkg.b.Gadget',
        targetQualifiedName: 'pkg.b.Gadget',
        path: 'pkg/b.py',
        line: 4,
      },
      {
        ownerId: 'pkg/b.py:pkg.b.build',
        ownerQualifiedName: 'pkg.b.build',
        targetText: 'pkg.a.helper',
        targetId: 'pkg/a.py:pkg.a.helper',
        targetQualifiedName: 'pkg.a.helper',
        path: 'pkg/b.py',
        line: 4,
      },
    ]);
    expect((out.refsTo as { targetId: string }[]).map((r) => r.targetId)).toEqual([
      'pkg/a.py:pkg.a.helper',
      'pkg/b.py:pkg.b.Gadget',
    ]);
    expect((out.findings as { path: string; rule: string }[]).map((f) => `${f.path}:${f.rule}`)).toEqual([
      'pkg/100%.py:PY100',
      'pkg/1000.py:PY100',
      'pkg/a.py:PY002',
      'pkg/a.py:PY001',
    ]);
    expect(out.findingsPrefix).toEqual([
      { rule: 'PY100', line: 1, symbol: 'pkg.100%', message: 'PY100 on pkg.100%', path: 'pkg/100%.py' },
    ]);
    const emb = out.embeddings as { dimension: number; rows: string[]; values: number[] };
    expect(emb.dimension).toBe(DIM);
    expect(emb.rows.slice(0, 3)).toEqual(['pkg/100%.py:pkg.100%', 'pkg/1000.py:pkg.1000', 'pkg/a.py:pkg.a']);
    expect(emb.values.slice(0, 4)).toEqual([1, 1.125, 1.25, 1.375]);
    expect(emb.values.slice(8, 16)).toEqual(Array.from(vectors(3, 2)));
  });

  it('answers exactly like the memory reference', async () => {
    await run(sqliteBackend, location('s'), 'full', FULL(), [BAD]);
    await run(memoryBackend, location('m'), 'full', FULL(), [BAD]);
    const sqlite = await read(sqliteBackend, location('s'), dump);
    const memory = await read(memoryBackend, location('m'), dump);
    expect(sqlite).toEqual(memory);
  });

  it('leaves no rows for a failed file, only its failure row', async () => {
    const where = location('s');
    await run(sqliteBackend, where, 'full', FULL(), [BAD]);
    const db = new Database(sqliteBackend.storeFiles(where)[0]!, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM files WHERE path = 'pkg/bad.py'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT reason FROM failures WHERE path = 'pkg/bad.py'").pluck().all()).toEqual([BAD.reason]);
    expect(db.prepare('SELECT count(*) FROM symbols WHERE file_id NOT IN (SELECT id FROM files)').pluck().get()).toBe(
      0,
    );
    db.close();
  });

  it('replaces the active file atomically and leaves no temp file; abort keeps the old index', async () => {
    const where = location('s');
    await run(sqliteBackend, where, 'full', FULL(), [BAD]);
    const before = fileState(sqliteBackend.storeFiles(where)[0]!);
    const session = await sqliteBackend.beginIndexSession({
      location: where,
      mode: 'full',
      meta: META,
      paths: { changed: ['pkg/a.py'], deleted: [], reused: [] },
    });
    await session.prepare();
    await session.persist([analyzed(A, 3)]);
    expect(readdirSync(where.stateDir).some((n) => n.startsWith('index.sqlite.tmp-'))).toBe(true);
    await session.abort();
    await session.close();
    expect(readdirSync(where.stateDir)).toEqual(['index.sqlite']);
    expect(fileState(sqliteBackend.storeFiles(where)[0]!)).toEqual(before);
    expect((await read(sqliteBackend, where, (r) => r.files())).length).toBe(4);
  });
});

describe('sqlite backend: incremental index', () => {
  // a.py loses `helper`, so b.py's bare `helper` call (unchanged file) now resolves by rule 2, and stops calling
  // Gadget, so b.py's Gadget loses a caller; 1000.py is deleted; 100%.py starts failing; b.py is reused.
  const A2: FileSpec = {
    ...A,
    hash: 'h2',
    symbols: A.symbols.filter((s) => s.name !== 'helper'),
    calls: [[2, 'print', null, 14]],
    refs: [],
    findings: [],
  };
  const FAIL100: FailedFile = { file: record('pkg/100%.py', 'h3'), reason: 'binary file' };
  const paths = { changed: ['pkg/100%.py', 'pkg/a.py', 'pkg/bad.py'], deleted: ['pkg/1000.py'], reused: ['pkg/b.py'] };

  it('equals a fresh full index of the same tree, and the memory reference', async () => {
    const inc = location('inc');
    await run(sqliteBackend, inc, 'full', FULL(), [BAD]);
    await run(sqliteBackend, inc, 'incremental', [analyzed(A2, 3)], [FAIL100, BAD], paths);
    const fresh = location('fresh');
    await run(sqliteBackend, fresh, 'full', [analyzed(A2, 3), analyzed(B, 4)], [FAIL100, BAD]);
    const mem = location('mem');
    await run(memoryBackend, mem, 'full', FULL(), [BAD]);
    await run(memoryBackend, mem, 'incremental', [analyzed(A2, 3)], [FAIL100, BAD], paths);

    const incremental = (await read(sqliteBackend, inc, dump)) as Record<string, unknown>;
    expect(incremental).toEqual(await read(sqliteBackend, fresh, dump));
    expect(incremental).toEqual(await read(memoryBackend, mem, dump));
    expect(incremental.failures).toEqual([FAIL100, BAD]);
    expect(
      (incremental.callsFrom as { targetText: string; targetId: string | null }[]).map((c) => [
        c.targetText,
        c.targetId,
      ]),
    ).toEqual([
      ['print', null],
      ['helper', 'pkg/b.py:pkg.b.helper'],
      ['Gadget', 'pkg/b.py:pkg.b.Gadget'],
      ['pkg.a.helper', null],
    ]);
    const metrics = (incremental.list as { id: string; fanIn: number; fanOut: number }[]).filter(
      (s) => s.fanIn + s.fanOut > 0,
    );
    expect(metrics.map((s) => [s.id, s.fanIn, s.fanOut])).toEqual([
      ['pkg/b.py:pkg.b.Gadget', 1, 0],
      ['pkg/b.py:pkg.b.helper', 1, 0],
      ['pkg/b.py:pkg.b.build', 0, 2],
    ]);
  });

  it('answers "which modules have an export table" from the partial index, kept exact by incremental runs', async () => {
    // Every resolution asks it; read from every symbol row it grew with the repository (SymPy x4: ~180k lookups).
    const barrel = (path: string, module: string): FileSpec => ({
      path,
      module,
      symbols: [{ ...sym(module, 'module', 1), slotTypes: `;.helper=pkg.a.helper` }, sym(`${module}.f`, 'function', 2)],
    });
    const where = location('barrels');
    await run(sqliteBackend, where, 'full', [...FULL(), analyzed(barrel('pkg/c.py', 'pkg.c'), 5)], [BAD]);
    const file = sqliteBackend.storeFiles(where)[0]!;
    const answers = (): { indexed: string[]; scanned: string[]; plan: string } => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          indexed: db.prepare(BARREL_MODULES_SQL).pluck().all() as string[],
          scanned: db
            .prepare(
              "SELECT DISTINCT qualified_name FROM symbols NOT INDEXED WHERE kind = 'module' AND slot_types IS NOT NULL ORDER BY 1",
            )
            .pluck()
            .all() as string[],
          plan: (db.prepare(`EXPLAIN QUERY PLAN ${BARREL_MODULES_SQL}`).all() as { detail: string }[])
            .map((row) => row.detail)
            .join('; '),
        };
      } finally {
        db.close();
      }
    };
    const first = answers();
    expect(first.plan).toMatch(/USING (COVERING )?INDEX symbols_barrels/);
    expect(first.indexed).toEqual(['pkg.c']);
    expect(first.indexed).toEqual(first.scanned);
    // An incremental run adds one barrel and removes the other (a module that loses its slot types).
    await run(
      sqliteBackend,
      where,
      'incremental',
      [
        analyzed(barrel('pkg/d.py', 'pkg.d'), 6),
        analyzed({ ...barrel('pkg/c.py', 'pkg.c'), symbols: [sym('pkg.c', 'module', 1)], hash: 'h-c2' }, 5),
      ],
      [],
      {
        changed: ['pkg/c.py', 'pkg/d.py'],
        deleted: [],
        reused: ['pkg/100%.py', 'pkg/1000.py', 'pkg/a.py', 'pkg/b.py', 'pkg/bad.py'],
      },
    );
    const second = answers();
    expect(second.indexed).toEqual(['pkg.d']);
    expect(second.indexed).toEqual(second.scanned);
  });

  it('gives a re-analysed file with the same symbols its handles back, keeping the edges into it', async () => {
    // b.py is edited inside a body: same symbols, other calls. c.py's call of b.py's helper must keep its target
    // without being rewritten, and helper its fan-in (only a recount of the reused block restores it); b.py's new
    // `*Gadget` call shares its hint with a.py's, whose edge is not the run's and already holds the answer.
    const C: FileSpec = {
      path: 'pkg/c.py',
      module: 'pkg.c',
      symbols: [sym('pkg.c', 'module', 1), sym('pkg.c.use', 'function', 2)],
      calls: [[1, 'pkg.b.helper', 'pkg.b.helper', 3]],
    };
    const B2: FileSpec = { ...B, hash: 'h-b2', calls: [[1, 'Gadget', '*Gadget', 6]], refs: [] };
    const tree = (a: FileSpec, b: FileSpec): AnalyzedFile[] => [
      analyzed(PERCENT, 1),
      analyzed(NEAR, 2),
      analyzed(a, 3),
      analyzed(b, 4),
      analyzed(C, 5),
    ];
    const reused = ['pkg/100%.py', 'pkg/1000.py', 'pkg/a.py', 'pkg/c.py'];
    const changes = { changed: ['pkg/b.py', 'pkg/bad.py'], deleted: [], reused };
    const inc = location('reuse');
    await run(sqliteBackend, inc, 'full', tree(A, B), [BAD]);
    const handles = async (where: StoreLocation): Promise<Map<string, number>> =>
      new Map(
        (await read(sqliteBackend, where, (r) => r.listSymbols({}))).map((s) => [`${s.path}:${s.qualifiedName}`, s.id]),
      );
    const before = await handles(inc);
    await run(sqliteBackend, inc, 'incremental', [analyzed(B2, 4)], [BAD], changes);
    const after = await handles(inc);
    for (const s of B.symbols) {
      expect(after.get(`pkg/b.py:${s.qualifiedName}`)).toBe(before.get(`pkg/b.py:${s.qualifiedName}`));
    }
    const fresh = location('reuse-fresh');
    await run(sqliteBackend, fresh, 'full', tree(A, B2), [BAD]);
    const mem = location('reuse-mem');
    await run(memoryBackend, mem, 'full', tree(A, B), [BAD]);
    await run(memoryBackend, mem, 'incremental', [analyzed(B2, 4)], [BAD], changes);
    const incremental = (await read(sqliteBackend, inc, dump)) as Record<string, unknown>;
    expect(incremental).toEqual(await read(sqliteBackend, fresh, dump));
    expect(incremental).toEqual(await read(memoryBackend, mem, dump));
    const list = incremental.list as { id: string; fanIn: number; fanOut: number }[];
    expect(list.find((s) => s.id === 'pkg/b.py:pkg.b.helper')).toMatchObject({ fanIn: 1, fanOut: 0 });
    expect(list.find((s) => s.id === 'pkg/b.py:pkg.b.Gadget')).toMatchObject({ fanIn: 2, fanOut: 0 });

    // A symbol added to a.py and Gadget removed from b.py: both files change their sequence and take new blocks, and
    // the `*Gadget` edges, which pointed into b.py's old block, lose their target.
    const A3: FileSpec = { ...A, hash: 'h-a3', symbols: [...A.symbols, sym('pkg.a.extra', 'function', 30)] };
    const B3: FileSpec = { ...B2, hash: 'h-b3', symbols: B.symbols.filter((s) => s.name !== 'Gadget') };
    await run(sqliteBackend, inc, 'incremental', [analyzed(A3, 3), analyzed(B3, 4)], [BAD], {
      changed: ['pkg/a.py', 'pkg/b.py', 'pkg/bad.py'],
      deleted: [],
      reused: ['pkg/100%.py', 'pkg/1000.py', 'pkg/c.py'],
    });
    const third = await handles(inc);
    const maxBefore = Math.max(...after.values());
    for (const s of [...A3.symbols, ...B3.symbols]) {
      expect(
        third.get(`${s.qualifiedName.startsWith('pkg.a') ? 'pkg/a.py' : 'pkg/b.py'}:${s.qualifiedName}`),
      ).toBeGreaterThan(maxBefore);
    }
    const fresh3 = location('reuse-fresh3');
    await run(sqliteBackend, fresh3, 'full', tree(A3, B3), [BAD]);
    expect(await read(sqliteBackend, inc, dump)).toEqual(await read(sqliteBackend, fresh3, dump));
  });

  it('extends the highest block of a file whose symbols grew at its end, and only that block', async () => {
    // c.py holds the highest handles. It gains `more` at its end (which a.py's once-unresolved `*more` and b.py's
    // `pkg.c.more` now name, and which calls `pkg.b.helper` itself): its block is taken back and extended, the old
    // symbols keep their handles and every edge into them its target. Then, in turn: b.py (not the highest) grows at
    // its end; b.py (now the highest) grows while a.py, written before it, takes a new block in the same run; and c.py
    // gains a symbol before its others (not a prefix). Each of those three must take a new block; after each run the
    // index equals a fresh full index and the memory reference.
    const cSymbols = [sym('pkg.c', 'module', 1), sym('pkg.c.use', 'function', 2)];
    const C: FileSpec = {
      path: 'pkg/c.py',
      module: 'pkg.c',
      symbols: cSymbols,
      calls: [[1, 'helper', 'pkg.b.helper', 3]],
    };
    const A1: FileSpec = { ...A, calls: [...A.calls!, [1, 'more', '*more', 5]] };
    const B1: FileSpec = { ...B, calls: [...B.calls!, [3, 'more', 'pkg.c.more', 9]] };
    const more = sym('pkg.c.more', 'function', 6);
    const C2: FileSpec = {
      ...C,
      hash: 'h-c2',
      symbols: [...cSymbols, more],
      calls: [...C.calls!, [2, 'h', 'pkg.b.helper', 7]],
    };
    const B3: FileSpec = { ...B1, hash: 'h-b3', symbols: [...B.symbols, sym('pkg.b.tail', 'function', 20)] };
    const A4: FileSpec = { ...A1, hash: 'h-a4', symbols: [...A.symbols, sym('pkg.a.extra', 'function', 30)] };
    const B4: FileSpec = { ...B3, hash: 'h-b4', symbols: [...B3.symbols, sym('pkg.b.last', 'function', 21)] };
    const C4: FileSpec = { ...C2, hash: 'h-c4', symbols: [...C2.symbols, sym('pkg.c.again', 'function', 9)] };
    const C5: FileSpec = {
      ...C4,
      hash: 'h-c5',
      symbols: [sym('pkg.c', 'module', 1), sym('pkg.c.first', 'function', 2), ...C4.symbols.slice(1)],
      calls: [[2, 'helper', 'pkg.b.helper', 3]],
    };
    const files = (a: FileSpec, b: FileSpec, c: FileSpec): AnalyzedFile[] => [
      analyzed(PERCENT, 1),
      analyzed(NEAR, 2),
      analyzed(a, 3),
      analyzed(b, 4),
      analyzed(c, 5),
    ];
    const all = ['pkg/100%.py', 'pkg/1000.py', 'pkg/a.py', 'pkg/b.py', 'pkg/c.py'];
    const inc = location('grow');
    const mem = location('grow-mem');
    await run(sqliteBackend, inc, 'full', files(A1, B1, C), []);
    await run(memoryBackend, mem, 'full', files(A1, B1, C), []);
    const handles = async (): Promise<Map<string, number>> =>
      new Map(
        (await read(sqliteBackend, inc, (r) => r.listSymbols({}))).map((s) => [`${s.path}:${s.qualifiedName}`, s.id]),
      );
    let step = 0;
    const edit = async (tree: AnalyzedFile[], changed: string[]): Promise<Map<string, number>> => {
      const paths = { changed, deleted: [], reused: all.filter((p) => !changed.includes(p)) };
      const runFiles = tree.filter((f) => changed.includes(f.file.path));
      await run(sqliteBackend, inc, 'incremental', runFiles, [], paths);
      await run(memoryBackend, mem, 'incremental', runFiles, [], paths);
      const fresh = location(`grow-fresh-${++step}`);
      await run(sqliteBackend, fresh, 'full', tree, []);
      const incremental = await read(sqliteBackend, inc, dump);
      expect(incremental).toEqual(await read(sqliteBackend, fresh, dump));
      expect(incremental).toEqual(await read(memoryBackend, mem, dump));
      return handles();
    };
    const first = await handles();
    const top = Math.max(...first.values());
    expect(top).toBe(first.get('pkg/c.py:pkg.c.use'));

    const second = await edit(files(A1, B1, C2), ['pkg/c.py']);
    for (const [key, id] of first) expect(second.get(key)).toBe(id);
    expect(second.get('pkg/c.py:pkg.c.more')).toBe(top + 1);
    const list = ((await read(sqliteBackend, inc, dump)) as { list: { id: string; fanIn: number; fanOut: number }[] })
      .list;
    expect(list.find((s) => s.id === 'pkg/c.py:pkg.c.more')).toMatchObject({ fanIn: 2, fanOut: 1 });

    const third = await edit(files(A1, B3, C2), ['pkg/b.py']);
    for (const s of B3.symbols) expect(third.get(`pkg/b.py:${s.qualifiedName}`)).toBeGreaterThan(top + 1);

    const before4 = Math.max(...third.values());
    const fourth = await edit(files(A4, B4, C2), ['pkg/a.py', 'pkg/b.py']);
    for (const s of [...A4.symbols, ...B4.symbols]) {
      const path = s.qualifiedName.startsWith('pkg.a') ? 'pkg/a.py' : 'pkg/b.py';
      expect(fourth.get(`${path}:${s.qualifiedName}`)).toBeGreaterThan(before4);
    }

    // c.py is not the highest any more: it grows at its end into a new block, the highest; then a symbol inserted
    // before its others (the old sequence no longer a prefix) takes a new block again.
    const before5 = Math.max(...fourth.values());
    const fifth = await edit(files(A4, B4, C4), ['pkg/c.py']);
    for (const s of C4.symbols) expect(fifth.get(`pkg/c.py:${s.qualifiedName}`)).toBeGreaterThan(before5);
    const before6 = Math.max(...fifth.values());
    expect(before6).toBe(fifth.get('pkg/c.py:pkg.c.again'));
    const sixth = await edit(files(A4, B4, C5), ['pkg/c.py']);
    for (const s of C5.symbols) expect(sixth.get(`pkg/c.py:${s.qualifiedName}`)).toBeGreaterThan(before6);
  });

  it('rolls back on abort and fails cleanly without an index', async () => {
    const where = location('s');
    await run(sqliteBackend, where, 'full', FULL(), [BAD]);
    const before = await read(sqliteBackend, where, dump);
    const session = await sqliteBackend.beginIndexSession({ location: where, mode: 'incremental', meta: META, paths });
    await session.prepare();
    await session.persist([analyzed(A2, 3)]);
    await session.abort();
    await session.close();
    expect(await read(sqliteBackend, where, dump)).toEqual(before);
    expect(existsSync(`${sqliteBackend.storeFiles(where)[0]!}-journal`)).toBe(false);

    const none = await sqliteBackend.beginIndexSession({
      location: location('none'),
      mode: 'incremental',
      meta: META,
      paths,
    });
    await expectUnavailable(none.prepare(), 'missing');
    await none.close();
  });
});

describe('sqlite backend: read path', () => {
  it('leaves the index file byte-identical after every read method', async () => {
    const where = location('s');
    await run(sqliteBackend, where, 'full', FULL(), [BAD]);
    const [file] = sqliteBackend.storeFiles(where);
    const before = fileState(file!);
    await read(sqliteBackend, where, dump);
    await read(sqliteBackend, where, (r) => r.symbolsMatching(['ä', 'widget']));
    expect(fileState(file!)).toEqual(before);
    expect(readdirSync(where.stateDir)).toEqual(['index.sqlite']);
  });

  it('matches non-ASCII terms after lower-casing like the reference', async () => {
    const umlaut: FileSpec = { path: 'u.py', module: 'u', symbols: [sym('u', 'module', 1, 'Über ÄPFEL')] };
    await run(sqliteBackend, location('s'), 'full', [analyzed(umlaut, 1)], []);
    const rows = await read(sqliteBackend, location('s'), (r) => r.symbolsMatching(['äpfel']));
    expect(rows.map((s) => s.qualifiedName)).toEqual(['u']);
  });

  it('reports missing, corrupt and version problems as IndexUnavailableError', async () => {
    const where = location('s');
    await expectUnavailable(sqliteBackend.openReader(where), 'missing');

    await run(sqliteBackend, where, 'full', FULL(), [BAD]);
    const [file] = sqliteBackend.storeFiles(where);
    const db = new Database(file!);
    db.prepare("UPDATE meta SET value = '999' WHERE key = 'contract_version'").run();
    db.close();
    await expectUnavailable(sqliteBackend.openReader(where), 'version');
    const incremental = await sqliteBackend.beginIndexSession({
      location: where,
      mode: 'incremental',
      meta: META,
      paths: { changed: [], deleted: [], reused: [] },
    });
    await expectUnavailable(incremental.prepare(), 'version');
    await incremental.close();

    writeFileSync(file!, 'this is not a database, just some text long enough to fill a header'.repeat(20));
    await expectUnavailable(sqliteBackend.openReader(where), 'corrupt');
    writeFileSync(file!, '');
    await expectUnavailable(sqliteBackend.openReader(where), 'corrupt');
  });
});
