import { FIELD_COUNT, PostingsView, irregularFields } from '../../src/core/field-words.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import {
  CONTRACT_VERSION,
  type AnalyzedFile,
  type FailedFile,
  type IndexMeta,
  type SymbolKind,
  type SymbolRecord,
} from '../../src/core/model.js';
import { compareText } from '../../src/core/text.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import { sqliteBackend } from '../../src/backends/sqlite/sqlite-backend.js';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';

// Randomised differential test: many small trees with colliding names, each changed incrementally, must read back
// exactly like a fresh full index of the final tree (and like the memory reference).

const DIM = 2;
const META: IndexMeta = {
  contractVersion: CONTRACT_VERSION,
  runtime: { backend: 'test', backendVersion: '1' },
  analyzers: [{ name: 'python', version: '1', extensions: ['.py'] }],
  embedder: { name: 'test', version: '1', dimension: DIM },
};
const NAMES = ['run', 'get', 'Thing', 'helper', 'load'];
const MODULES = ['m', 'n', 'p'];
const KINDS: SymbolKind[] = ['function', 'class', 'method', 'variable'];

function prng(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

/**
 * A random analyzed file, or (`keep`) an edit of one inside its bodies: the same module and symbol sequence (the
 * SQLite writer then gives the file its handles back), start lines moved, new edges.
 *
 * @param rand - The seeded generator.
 * @param path - The file's path.
 * @param version - Its version (hash, time and embeddings follow it).
 * @param keep - The file's previous analysis, for an edit inside its bodies.
 * @param grow - With `keep`: also add one or two symbols at the end.
 * @returns The file.
 */
function randomFile(
  rand: (n: number) => number,
  path: string,
  version: number,
  keep?: AnalyzedFile,
  grow = false,
): AnalyzedFile {
  if (keep !== undefined) {
    const symbols = keep.analysis.symbols.map((s, i) => (i === 0 ? s : { ...s, startLine: 2 + rand(3) }));
    // Symbols added at the end: the SQLite writer extends the file's block when it is the highest one.
    if (grow) for (let i = 1 + rand(2); i > 0; i--) symbols.push(randomSymbol(rand, keep.analysis.module, version));
    return edges(rand, path, version, keep.analysis.module, symbols);
  }
  const module = MODULES[rand(MODULES.length)]!;
  const symbols: SymbolRecord[] = [
    {
      qualifiedName: module,
      name: module,
      kind: 'module',
      startLine: 1,
      endLine: 99,
      signature: '',
      docstring: null,
      exported: true,
    },
  ];
  const count = 1 + rand(4);
  for (let i = 0; i < count; i++) symbols.push(randomSymbol(rand, module, version));
  return edges(rand, path, version, module, symbols);
}

function randomSymbol(rand: (n: number) => number, module: string, version: number): SymbolRecord {
  const name = NAMES[rand(NAMES.length)]!;
  const kind = KINDS[rand(KINDS.length)]!;
  // Same start line for some symbols, so ties in symbol order are exercised too.
  return {
    qualifiedName: `${module}.${name}`,
    name,
    kind,
    startLine: 2 + rand(3),
    endLine: 9,
    signature: name,
    // Words for the stored word lists, varying between versions so a changed file changes its lists.
    docstring: rand(2) === 0 ? null : `${NAMES[rand(NAMES.length)]!} of v${version}, İt ${module}Helper`,
    exported: true,
  };
}

function edges(
  rand: (n: number) => number,
  path: string,
  version: number,
  module: string,
  symbols: SymbolRecord[],
): AnalyzedFile {
  const edge = () => {
    const name = NAMES[rand(NAMES.length)]!;
    // Plain qualified names, and value candidates (`=m.name`, rule 1b; `=m*name` is a value candidate too, never a
    // suffix): variables come and go between runs, so incremental re-resolution must follow them.
    const module = MODULES[rand(MODULES.length)]!;
    const form = rand(6);
    const hint =
      form === 0 ? null : form === 1 ? `=${module}.${name}` : form === 2 ? `=${module}*${name}` : `${module}.${name}`;
    return { owner: rand(symbols.length), text: rand(4) === 0 ? `x.${name}` : name, hint, line: 1 + rand(20) };
  };
  const calls = Array.from({ length: rand(5) }, edge).map((e) => ({
    callerIndex: e.owner,
    calleeText: e.text,
    targetHint: e.hint,
    line: e.line,
  }));
  const references = Array.from({ length: rand(3) }, edge).map((e) => ({
    ownerIndex: e.owner,
    targetText: e.text,
    targetHint: e.hint,
    line: e.line,
  }));
  return {
    file: { path, hash: `${path}@${version}`, size: 1, mtimeMs: version, analyzer: 'python' },
    analysis: { language: 'python', module, symbols, calls, references, findings: [] },
    embeddings: Float32Array.from({ length: symbols.length * DIM }, (_, i) => version + i),
  };
}

type Tree = Map<string, AnalyzedFile | FailedFile>;
const isFailed = (entry: AnalyzedFile | FailedFile): entry is FailedFile => 'reason' in entry;

async function apply(
  backend: BackendFactory,
  where: StoreLocation,
  mode: 'full' | 'incremental',
  tree: Tree,
  changed: string[],
  deleted: string[],
  reused: string[],
): Promise<void> {
  const session = await backend.beginIndexSession({
    location: where,
    mode,
    meta: META,
    paths: { changed, deleted, reused },
  });
  try {
    await session.prepare();
    const entries = changed.map((path) => tree.get(path)!);
    await session.persist(entries.filter((e): e is AnalyzedFile => !isFailed(e)));
    await session.recordFailures(entries.filter(isFailed));
    await session.rebuildDerived();
    await session.commit();
  } finally {
    await session.close();
  }
}

async function dump(backend: BackendFactory, where: StoreLocation): Promise<unknown> {
  const reader: ReadSession = await backend.openReader(where);
  try {
    const all = await reader.listSymbols({});
    const key = new Map(all.map((s) => [s.id, `${s.path}:${s.qualifiedName}:${s.kind}:${s.startLine}`]));
    const k = (id: number | null) => (id === null ? null : key.get(id));
    const ids = all.map((s) => s.id);
    const calls = (await reader.edges({ kind: 'call', direction: 'from', ids })).map((c) => [
      k(c.ownerId),
      c.targetText,
      k(c.targetId),
      c.path,
      c.line,
    ]);
    const refs = (await reader.edges({ kind: 'reference', direction: 'from', ids })).map((r) => [
      k(r.ownerId),
      r.targetText,
      k(r.targetId),
      r.path,
      r.line,
    ]);
    const matrix = await reader.embeddings();
    const fieldWords: string[] = [];
    for (const file of await reader.fieldWords()) {
      const owner = (slot: number): string =>
        `${k(file.firstSymbolId + Math.floor(slot / FIELD_COUNT))}|${slot % FIELD_COUNT}`;
      const postings = new PostingsView(file.postings);
      const words = file.words.split(' ');
      for (let w = 0; w < postings.words; w++)
        postings.forEachSlot(w, (slot) => fieldWords.push(`${owner(slot)}|${words[w]}`));
      for (const [slot, text] of irregularFields(file.irregular)) fieldWords.push(`${owner(slot)}|!${text}`);
    }
    fieldWords.sort();
    return {
      fieldWords,
      symbols: all.map((s) => [k(s.id), s.fanIn, s.fanOut]),
      calls,
      callsTo: (await reader.edges({ kind: 'call', direction: 'to', ids })).map((c) => [
        k(c.ownerId),
        k(c.targetId),
        c.line,
      ]),
      refs,
      files: await reader.files(),
      failures: await reader.failures(),
      embeddings: [matrix.symbolIds.map(k), Array.from(matrix.vectors)],
    };
  } finally {
    await reader.close();
  }
}

const root = mkdtempSync(join(tmpdir(), 'codira-sqlite-inc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// DuckDB three times: with its default overlay limit (every run writes an overlay over the same base), with a limit of
// 3 files (runs alternate between overlays and compactions that carry the previous overlay's rows into a new base),
// and with the overlay's metrics recounted in one pass over the calls and its stale hints matched against a table (the
// paths of a run with thousands of affected symbols and stale hints, such as a large file re-analyzed) instead of index
// lookups and literal lists.
const CONFIGS: readonly {
  label: string;
  backend: BackendFactory;
  seeds: number;
  overlayFiles?: string;
  metricsLookups?: string;
  staleList?: string;
}[] = [
  { label: 'sqlite', backend: sqliteBackend, seeds: 25 },
  { label: 'duckdb overlay', backend: duckdbBackend, seeds: 12 },
  { label: 'duckdb overlay + compaction', backend: duckdbBackend, seeds: 12, overlayFiles: '3' },
  {
    label: 'duckdb overlay, metrics in one pass, stale hints as a table',
    backend: duckdbBackend,
    seeds: 12,
    metricsLookups: '0',
    staleList: '0',
  },
];

for (const { label, backend, seeds, overlayFiles, metricsLookups, staleList } of CONFIGS)
  describe(`${label} incremental runs (randomised)`, () => {
    beforeEach(() => {
      if (overlayFiles !== undefined) process.env['CODIRA_DUCKDB_OVERLAY_FILES'] = overlayFiles;
      if (metricsLookups !== undefined) process.env['CODIRA_DUCKDB_METRICS_LOOKUPS'] = metricsLookups;
      if (staleList !== undefined) process.env['CODIRA_DUCKDB_STALE_LIST'] = staleList;
    });
    afterEach(() => {
      delete process.env['CODIRA_DUCKDB_OVERLAY_FILES'];
      delete process.env['CODIRA_DUCKDB_METRICS_LOOKUPS'];
      delete process.env['CODIRA_DUCKDB_STALE_LIST'];
    });
    it.each(Array.from({ length: seeds }, (_, i) => i + 1))(
      'seed %i: incremental equals fresh full and memory',
      async (seed) => {
        const rand = prng(seed);
        const sorted = (paths: Iterable<string>) => [...paths].sort(compareText);
        const tree: Tree = new Map();
        for (let i = 0; i < 4 + rand(4); i++) tree.set(`f${i}.py`, randomFile(rand, `f${i}.py`, 1));
        const tag = `${label.replace(/\W+/g, '-')}-${seed}`;
        const inc = { repoRoot: root, stateDir: join(root, `inc-${tag}`) };
        const mem = { repoRoot: root, stateDir: join(root, `mem-${tag}`) };
        await apply(backend, inc, 'full', tree, sorted(tree.keys()), [], []);
        await apply(memoryBackend, mem, 'full', tree, sorted(tree.keys()), [], []);

        for (let step = 2; step <= 4; step++) {
          const changed: string[] = [];
          const deleted: string[] = [];
          for (const path of sorted(tree.keys())) {
            // The file added by the previous step holds the highest handles: grow it more often (roll 4).
            const roll = path === `g${step - 1}.py` && rand(2) === 0 ? 4 : rand(7);
            if (roll === 0) {
              tree.delete(path);
              deleted.push(path);
            } else if (roll === 1) {
              tree.set(path, {
                file: { path, hash: `${path}@${step}`, size: 1, mtimeMs: step, analyzer: 'python' },
                reason: 'bad',
              });
              changed.push(path);
            } else if (roll === 2) {
              tree.set(path, randomFile(rand, path, step));
              changed.push(path);
            } else if (roll === 3 || roll === 4) {
              const previous = tree.get(path)!;
              tree.set(path, randomFile(rand, path, step, isFailed(previous) ? undefined : previous, roll === 4));
              changed.push(path);
            }
          }
          const added = `g${step}.py`;
          tree.set(added, randomFile(rand, added, step));
          changed.push(added);
          const reused = sorted(tree.keys()).filter((p) => !changed.includes(p));
          await apply(backend, inc, 'incremental', tree, sorted(changed), sorted(deleted), reused);
          await apply(memoryBackend, mem, 'incremental', tree, sorted(changed), sorted(deleted), reused);
        }

        const fresh = { repoRoot: root, stateDir: join(root, `fresh-${tag}`) };
        await apply(backend, fresh, 'full', tree, sorted(tree.keys()), [], []);
        const incremental = await dump(backend, inc);
        expect(incremental).toEqual(await dump(backend, fresh));
        expect(incremental).toEqual(await dump(memoryBackend, mem));
      },
    );
  });
