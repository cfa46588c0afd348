/**
 * DuckDB backend: every read method against the memory reference and exact expectations, incremental runs against a
 * fresh full index, failures, read-only queries, error mapping and deterministic handles.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import { MAX_PREPARED_STATEMENTS } from '../../src/backends/duckdb/duckdb-native.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import { tempPathOf } from '../../src/backends/publish.js';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import type { AnalyzedFile } from '../../src/core/model.js';
import { IndexUnavailableError } from '../../src/core/errors.js';
import { dumpIndex, type IndexDump } from '../support/dump.js';
import { DIMENSION, FAILED, baseTree, file, indexWith, syntheticTree, tempLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function where(label: string): StoreLocation {
  const location = tempLocation(label);
  cleanup.push(location.repoRoot);
  return location;
}

async function withReader<T>(
  backend: BackendFactory,
  location: StoreLocation,
  use: (r: ReadSession) => Promise<T>,
): Promise<T> {
  const reader = await backend.openReader(location);
  try {
    return await use(reader);
  } finally {
    await reader.close();
  }
}

/**
 * A dump without the runtime entry (the only field that names the backend).
 *
 * @param backend - Factory.
 * @param location - Index location.
 * @returns The dump.
 */
async function neutralDump(backend: BackendFactory, location: StoreLocation): Promise<IndexDump> {
  const dump = await withReader(backend, location, dumpIndex);
  const { runtime: _runtime, ...meta } = dump.meta as { runtime: unknown };
  return { ...dump, meta };
}

function fingerprint(path: string): string {
  return `${createHash('sha256').update(readFileSync(path)).digest('hex')}@${statSync(path).mtimeMs}`;
}

describe('duckdb backend: full index', () => {
  it('stores exactly what memory stores, with no rows for the failed file', async () => {
    const duck = where('full');
    const mem = where('full-memory');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    await indexWith(memoryBackend, mem, 'full', baseTree(), [FAILED]);
    const dump = await neutralDump(duckdbBackend, duck);
    expect(dump).toEqual(await neutralDump(memoryBackend, mem));
    expect((dump.files as { path: string }[]).map((f) => f.path)).toEqual([
      'aXb/y.py',
      'a_b/x.py',
      'app/core.py',
      'app/util.py',
      'web/100%.ts',
    ]);
    expect(dump.failures).toEqual([FAILED]);
    const rows = [...dump.symbols, ...dump.calls, ...dump.references, ...dump.findings] as { path: string }[];
    expect(rows.some((row) => row.path === FAILED.file.path)).toBe(false);
    expect(dump.symbols).toHaveLength(17);
    expect(duckdbBackend.storeFiles(duck)).toEqual([
      `${duck.stateDir}/index.duckdb`,
      `${duck.stateDir}/index.overlay.duckdb`,
    ]);
    expect(readdirSync(duck.stateDir)).toEqual(['index.duckdb']);
  });

  it('answers every read method with exact rows in contract order', async () => {
    const duck = where('reads');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    await withReader(duckdbBackend, duck, async (r) => {
      expect((await r.meta()).embedder.dimension).toBe(DIMENSION);
      const byName = await r.symbolsByName(['start', 'app.util.clamp', 'nope']);
      expect(byName.map((s) => [s.qualifiedName, s.kind, s.path, s.startLine])).toEqual([
        ['app.core.Engine.start', 'method', 'app/core.py', 12],
        ['app.core.Engine.start', 'variable', 'app/core.py', 12],
        ['app.util.clamp', 'function', 'app/util.py', 2],
      ]);
      expect(byName[0]).toMatchObject({
        name: 'start',
        module: 'app.core',
        language: 'python',
        endLine: 14,
        signature: 'def start(self, value=None)',
        docstring: 'Start the engine.',
        exported: true,
      });
      expect((await r.symbolsByName(['main'], 'a_b/')).map((s) => s.path)).toEqual(['a_b/x.py']);
      expect(await r.symbolsByName(['main'], 'a%')).toEqual([]);
      expect(await r.symbolsByName([])).toEqual([]);

      const ids = byName.map((s) => s.id);
      expect((await r.symbolsById([ids[2]!, ids[0]!, 999_999, -1])).map((s) => s.qualifiedName)).toEqual([
        'app.core.Engine.start',
        'app.util.clamp',
      ]);

      // Case-insensitive over name, qualified name and docstring; astral and BMP names in code point order.
      expect((await r.symbolsMatching(['pipeline', 'ｕnicode', 'bmp ü'])).map((s) => s.qualifiedName)).toEqual([
        'app.core.run',
        'app.util.ｕnicode',
      ]);
      expect((await r.symbolsMatching(['nicode'])).map((s) => s.qualifiedName)).toEqual([
        'app.util.𝔘nicode',
        'app.util.ｕnicode',
      ]);
      expect((await r.symbolsMatching(['façade'])).map((s) => s.qualifiedName)).toEqual(['app.core']);
      expect(await r.symbolsMatching(['main'], '%')).toEqual([]);

      const list = await r.listSymbols({ limit: 4 });
      expect(list.map((s) => [s.qualifiedName, s.fanIn, s.fanOut])).toEqual([
        ['app.core.run', 2, 1],
        ['app.util.clamp', 2, 0],
        ['app.core.Engine.start', 1, 2],
        ['a_b.x.main', 0, 1],
      ]);
      // Code point order: U+FF55 sorts before U+1D518 (UTF-16 code units would reverse them).
      expect((await r.listSymbols({ pathPrefix: 'app/util' })).map((s) => s.qualifiedName)).toEqual([
        'app.util.clamp',
        'app.util.run',
        'app.util',
        'app.util.ｕnicode',
        'app.util.𝔘nicode',
      ]);
      expect((await r.listSymbols({ kinds: ['class'] })).map((s) => s.qualifiedName)).toEqual([
        'app.core.Engine',
        'web/100%.Engine',
      ]);
      expect(await r.listSymbols({ kinds: ['no-such-kind'] })).toEqual([]);
      expect((await r.listSymbols({ pathPrefix: 'web/100%' })).map((s) => s.qualifiedName)).toEqual([
        'web/100%',
        'web/100%.Engine',
      ]);

      const run = (await r.symbolsByName(['app.core.run']))[0]!;
      const from = await r.edges({ kind: 'call', direction: 'from', ids: [run.id] });
      expect(from.map((c) => [c.line, c.targetText, c.targetQualifiedName])).toEqual([
        [4, 'Engine', null],
        [5, 'print', null],
        [5, 'self.start', 'app.core.Engine.start'],
      ]);
      expect(from[0]).toMatchObject({
        ownerId: run.id,
        ownerQualifiedName: 'app.core.run',
        targetId: null,
        path: 'app/core.py',
      });
      const clamp = (await r.symbolsByName(['app.util.clamp']))[0]!;
      expect(
        (await r.edges({ kind: 'call', direction: 'to', ids: [clamp.id] })).map((c) => [
          c.path,
          c.line,
          c.ownerQualifiedName,
          c.targetText,
        ]),
      ).toEqual([
        ['app/core.py', 14, 'app.core.Engine.start', 'util.clamp'],
        ['app/core.py', 14, 'app.core.Engine.start', 'util.clamp'],
        ['app/util.py', 9, 'app.util.run', 'clamp'],
      ]);
      const helper = (await r.symbolsByName(['_helper']))[0]!;
      expect(
        (await r.edges({ kind: 'reference', direction: 'to', ids: [helper.id] })).map((x) => [
          x.ownerQualifiedName,
          x.targetText,
          x.line,
        ]),
      ).toEqual([['app.core.Engine.start', '_helper', 15]]);
      expect(
        (await r.edges({ kind: 'reference', direction: 'from', ids: [run.id] })).map((x) => [x.targetText, x.targetId]),
      ).toEqual([['run', null]]);
      expect(await r.edges({ kind: 'call', direction: 'from', ids: [] })).toEqual([]);

      expect((await r.findings('app/')).map((f) => [f.path, f.line, f.rule, f.symbol])).toEqual([
        ['app/core.py', 3, 'PY002', 'app.core.run'],
        ['app/core.py', 3, 'PY003', 'app.core.run'],
        ['app/core.py', 10, 'PY001', 'app.core.Engine'],
        ['app/util.py', 12, 'PY001', 'app.util.𝔘nicode'],
      ]);
      expect((await r.findings())[0]).toEqual({
        path: 'aXb/y.py',
        line: 1,
        rule: 'TS001',
        symbol: 'aXb.y.main',
        message: 'TS001: aXb.y.main needs docs',
      });

      const matrix = await r.embeddings();
      expect(matrix.dimension).toBe(DIMENSION);
      expect(matrix.symbolIds).toHaveLength(17);
      const first = (await r.symbolsById([matrix.symbolIds[0]!]))[0]!;
      expect(first.qualifiedName).toBe('aXb.y');
      const expected = baseTree()[3]!.embeddings.subarray(0, DIMENSION);
      expect(Buffer.from(matrix.vectors.buffer, 0, DIMENSION * 4)).toEqual(
        Buffer.from(expected.buffer, expected.byteOffset, DIMENSION * 4),
      );

      expect((await r.files()).map((f) => f.mtimeMs)).toContain(1_731_000_000_124);
      expect(await r.failures()).toEqual([FAILED]);
    });
  });

  it('matches lexically with the reference lower-casing, including a term that contains the field separator', async () => {
    const duck = where('lexical');
    const mem = where('lexical-memory');
    const tree = [
      file('tr/city.py', [
        ['tr.city', 'module', 1, 'İstanbul and ΟΔΟΣ.'],
        ['tr.city.Ankara', 'class', 2, 'Başkent\u0000capital'],
      ]),
    ];
    await indexWith(duckdbBackend, duck, 'full', tree);
    await indexWith(memoryBackend, mem, 'full', tree);
    for (const terms of [['i̇stanbul'], ['οδος'], ['ankara'], ['başkent\u0000cap'], ['city.ankara'], ['nothing']]) {
      const names = async (backend: BackendFactory, location: StoreLocation) =>
        withReader(backend, location, async (r) => (await r.symbolsMatching(terms)).map((s) => s.qualifiedName));
      expect(await names(duckdbBackend, duck)).toEqual(await names(memoryBackend, mem));
    }
    expect(
      await withReader(duckdbBackend, duck, async (r) => (await r.symbolsMatching(['i̇stanbul'])).map((s) => s.name)),
    ).toEqual(['city']);
  });

  it('reads multi-chunk results (3000 symbols, 4500 calls) exactly like memory, embeddings bit for bit', async () => {
    const duck = where('chunks');
    const mem = where('chunks-memory');
    const tree = syntheticTree(150);
    await indexWith(duckdbBackend, duck, 'full', tree, [], undefined, 40);
    await indexWith(memoryBackend, mem, 'full', tree, [], undefined, 40);
    const dump = await neutralDump(duckdbBackend, duck);
    expect(dump.symbols).toHaveLength(3000);
    expect(dump.calls).toHaveLength(4500);
    expect(dump).toEqual(await neutralDump(memoryBackend, mem));
  });

  it('a long-lived session answers every read the same from its resident indexes, over a base and an overlay', async () => {
    const duck = where('resident');
    const reference = where('resident-memory');
    // 3000 symbols: more than the first ranks whose rows a session keeps, so listings also read rows by handle.
    const tree = syntheticTree(150);
    await indexWith(duckdbBackend, duck, 'full', tree, [], undefined, 40);
    await indexWith(memoryBackend, reference, 'full', tree, [], undefined, 40);
    const names = ['pkg.m0007.fn_3', 'fn_3', 'fn_19', 'pkg.m0149', 'no_such', ''];
    const answers = async (r: ReadSession): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (const name of names) {
        const rows = await r.symbolsByName([name]);
        out.push(rows, await r.symbolsByName([name, 'fn_1'], 'pkg/m001'));
        const ids = rows.map((row) => row.id);
        for (const kind of ['call', 'reference'] as const)
          for (const direction of ['from', 'to'] as const)
            for (const resolvedOnly of [false, true]) out.push(await r.edges({ kind, direction, ids, resolvedOnly }));
      }
      const listings = [{}, { limit: 50 }, { limit: 1500 }, { limit: 2500, kinds: ['function', 'x'] }];
      for (const options of [...listings, { pathPrefix: 'pkg/m01', limit: 30 }, { pathPrefix: 'pkg/m0149' }])
        out.push(await r.listSymbols(options));
      return out;
    };
    const neutral = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value, (k, v: unknown) => (/[iI]d$/.test(k) && v !== null ? 0 : v)));
    const check = async (): Promise<void> => {
      const expected = neutral(await withReader(memoryBackend, reference, answers));
      await withReader(duckdbBackend, duck, async (r) => {
        const session = r as unknown as { resident: Record<string, unknown>; residentSettled(): Promise<void> };
        // A session nobody called long-lived builds nothing, however often it is asked.
        const fromStore = await answers(r);
        expect(await answers(r)).toEqual(fromStore);
        expect(Object.keys(session.resident)).toEqual([]);
        // A long-lived one builds the name index at once, the others when a read first wants them.
        await r.keepResident!();
        expect(Object.keys(session.resident)).toEqual(['names']);
        expect(await answers(r)).toEqual(fromStore);
        await session.residentSettled();
        expect(Object.keys(session.resident).sort()).toEqual(['edges', 'names', 'ranking']);
        expect(await answers(r)).toEqual(fromStore);
        expect(neutral(fromStore)).toEqual(expected);
      });
    };
    await check();
    // An overlay is read through views of the session's connection; the resident indexes are read on a second one.
    const changed = [
      file(
        'pkg/m0007.py',
        [
          ['pkg.m0007', 'module', 1],
          ['pkg.m0007.renamed', 'function', 4, 'Doc.'],
        ],
        [[1, 'fn_3', 'pkg.m0008.fn_3', 2]],
        [],
        [],
        9,
      ),
    ];
    const paths = { changed: ['pkg/m0007.py'] };
    await indexWith(duckdbBackend, duck, 'incremental', changed, [], paths, 40);
    await indexWith(memoryBackend, reference, 'incremental', changed, [], paths, 40);
    expect(readdirSync(duck.stateDir)).toContain('index.overlay.duckdb');
    await check();
  });

  it('closing a long-lived session while its resident indexes are read stops the build and releases the file', async () => {
    const duck = where('resident-close');
    await indexWith(duckdbBackend, duck, 'full', syntheticTree(150), [], undefined, 40);
    const reader = await duckdbBackend.openReader(duck);
    const building = reader.keepResident!();
    expect(await reader.symbolsByName(['fn_3'])).toHaveLength(150);
    await reader.close();
    await building.catch(() => undefined);
    await expect(reader.symbolsByName(['fn_3'])).rejects.toThrow(/closed/);
    expect(await withReader(duckdbBackend, duck, (r) => r.symbolsByName(['fn_3']))).toHaveLength(150);
  });

  it('keeps a bounded number of prepared statements in a long session and answers the same after evictions', async () => {
    const duck = where('statements');
    await indexWith(duckdbBackend, duck, 'full', syntheticTree(150), [], undefined, 40);
    await withReader(duckdbBackend, duck, async (r) => {
      const db = (r as unknown as { db: { preparedStatements: number } }).db;
      const ids = (await r.listSymbols({})).map((s) => s.id);
      expect(ids.length).toBeGreaterThan(MAX_PREPARED_STATEMENTS + 50);
      const first = await r.symbolsById([ids[0]!, ids[1]!]);
      // Every distinct handle list is a distinct statement text.
      for (const id of ids.slice(0, MAX_PREPARED_STATEMENTS + 50)) await r.symbolsById([id]);
      expect(db.preparedStatements).toBeLessThanOrEqual(MAX_PREPARED_STATEMENTS);
      expect(db.preparedStatements).toBeGreaterThan(MAX_PREPARED_STATEMENTS - 10);
      expect(await r.symbolsById([ids[0]!, ids[1]!])).toEqual(first);
      expect(new Set(first.map((s) => s.id))).toEqual(new Set([ids[0], ids[1]]));
    });
  });

  it('allocates the same handles for the same repository', async () => {
    const first = where('ids-1');
    const second = where('ids-2');
    await indexWith(duckdbBackend, first, 'full', baseTree(), [FAILED], undefined, 2);
    await indexWith(duckdbBackend, second, 'full', baseTree(), [FAILED], undefined, 3);
    const ids = (location: StoreLocation) =>
      withReader(duckdbBackend, location, async (r) =>
        (await r.listSymbols({})).map((s) => `${s.qualifiedName}#${s.id}`),
      );
    expect(await ids(second)).toEqual(await ids(first));
  });
});

describe('duckdb backend: incremental', () => {
  it('change, delete, add, newly failing and fixed files equal a fresh full index and the memory reference', async () => {
    const duck = where('inc');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    const [, util, ax, , web] = baseTree();
    const changedCore = file(
      'app/core.py',
      [
        ['app.core', 'module', 1, 'Core module, rewritten.'],
        ['app.core.Motor', 'class', 3, 'Now documented.'],
        ['app.core.Motor.stop', 'method', 5],
      ],
      [
        [2, 'clamp', '*clamp', 6],
        [2, 'main', 'a_b.x.main|*main', 7],
      ],
      [[2, 'clamp', '*clamp', 6]],
      [['PY009', 5, 'app.core.Motor.stop']],
      11,
    );
    const fixed = file(
      'app/broken.py',
      [
        ['app.broken', 'module', 1],
        ['app.broken.main', 'function', 2],
      ],
      [],
      [],
      [],
      12,
    );
    const added = file(
      'lib/new.py',
      [
        ['lib.new', 'module', 1],
        ['lib.new.helper', 'function', 2],
      ],
      [[1, 'Engine', '*Engine', 5]],
      [],
      [],
      13,
    );
    const nowFailing = { file: { ...ax!.file, hash: 'sha-changed' }, reason: 'binary file' };
    const finalTree = [fixed, changedCore, util!, added, web!]; // aXb/y.py deleted, a_b/x.py fails
    const deleted = ['aXb/y.py'];
    await indexWith(duckdbBackend, duck, 'incremental', [fixed, changedCore, added], [nowFailing], {
      changed: ['a_b/x.py', 'app/broken.py', 'app/core.py', 'lib/new.py'],
      deleted,
      reused: ['app/util.py', 'web/100%.ts'],
    });
    const fresh = where('inc-fresh');
    const sorted = [...finalTree].sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
    await indexWith(duckdbBackend, fresh, 'full', sorted, [nowFailing]);
    const mem = where('inc-memory');
    await indexWith(memoryBackend, mem, 'full', sorted, [nowFailing]);

    const incremental = await neutralDump(duckdbBackend, duck);
    expect(incremental).toEqual(await neutralDump(duckdbBackend, fresh));
    expect(incremental).toEqual(await neutralDump(memoryBackend, mem));
    expect(incremental.failures).toEqual([nowFailing]);
    expect((incremental.files as { path: string }[]).map((f) => f.path)).toEqual([
      'app/broken.py',
      'app/core.py',
      'app/util.py',
      'lib/new.py',
      'web/100%.ts',
    ]);
    // Resolution changed in reused files: `Engine` and `run` in app/util.py became unique; `main` falls back to its suffix candidate.
    await withReader(duckdbBackend, duck, async (r) => {
      const [utilRun] = await r.symbolsByName(['app.util.run']);
      expect(
        (await r.edges({ kind: 'call', direction: 'from', ids: [utilRun!.id] })).map((c) => [
          c.targetText,
          c.targetQualifiedName,
        ]),
      ).toEqual([
        ['clamp', 'app.util.clamp'],
        ['Engine', 'web/100%.Engine'],
      ]);
      const [clamp] = await r.symbolsByName(['app.util.clamp']);
      expect(
        (await r.edges({ kind: 'call', direction: 'from', ids: [clamp!.id] })).map((c) => c.targetQualifiedName),
      ).toEqual(['app.util.run']);
      const [stop] = await r.symbolsByName(['stop']);
      expect(
        (await r.edges({ kind: 'call', direction: 'from', ids: [stop!.id] })).map((c) => c.targetQualifiedName),
      ).toEqual(['app.util.clamp', 'app.broken.main']);
      expect((await r.listSymbols({ limit: 1 })).map((s) => [s.qualifiedName, s.fanIn])).toEqual([
        ['web/100%.Engine', 3],
      ]);
      const handles = (await r.listSymbols({})).map((s) => s.id);
      expect(new Set(handles).size).toBe(handles.length);
    });
  });

  // An overlay run recounts the metrics of the ends of the calls it changed: by index lookups for a few symbols, in one
  // pass over the calls for thousands (a large file re-analyzed; forced here with the limit 0). Both must count the
  // calls the run did not touch: `b.user -> lib.target` for `lib.target`'s fan-in (its new caller is `c.other`) and
  // `d.caller -> lib.spare` for `d.caller`'s fan-out (its new caller is `c.more`).
  it.each([
    ['by index lookups', undefined],
    ['in one pass', '0'],
  ])(
    "recounts the metrics of a run's call ends with the calls it did not touch (metrics %s)",
    async (_how, lookups) => {
      const tree = (edited: boolean): AnalyzedFile[] => [
        file(
          'b.py',
          [
            ['b', 'module', 1],
            ['b.user', 'function', 2],
          ],
          [[1, 'target', 'lib.target|*target', 3]],
        ),
        file(
          'c.py',
          [
            ['c', 'module', 1],
            ['c.other', 'function', 2],
            ['c.more', 'function', 5],
          ],
          edited
            ? [
                [1, 'target', 'lib.target|*target', 3],
                [2, 'caller', 'd.caller|*caller', 6],
              ]
            : [],
          [],
          [],
          edited ? 2 : 1,
        ),
        file(
          'd.py',
          [
            ['d', 'module', 1],
            ['d.caller', 'function', 2],
          ],
          [[1, 'spare', 'lib.spare|*spare', 3]],
        ),
        file('lib.py', [
          ['lib', 'module', 1],
          ['lib.target', 'function', 2],
          ['lib.spare', 'function', 4],
        ]),
      ];
      if (lookups !== undefined) process.env['CODIRA_DUCKDB_METRICS_LOOKUPS'] = lookups;
      try {
        const duck = where('metrics');
        await indexWith(duckdbBackend, duck, 'full', tree(false));
        const [, changed] = tree(true);
        await indexWith(duckdbBackend, duck, 'incremental', [changed!], [], {
          changed: ['c.py'],
          reused: ['b.py', 'd.py', 'lib.py'],
        });
        const fresh = where('metrics-fresh');
        await indexWith(duckdbBackend, fresh, 'full', tree(true));
        const mem = where('metrics-memory');
        await indexWith(memoryBackend, mem, 'full', tree(true));
        const incremental = await neutralDump(duckdbBackend, duck);
        expect(incremental).toEqual(await neutralDump(duckdbBackend, fresh));
        expect(incremental).toEqual(await neutralDump(memoryBackend, mem));
        await withReader(duckdbBackend, duck, async (r) => {
          const fan = (await r.listSymbols({})).map((s) => [s.qualifiedName, s.fanIn, s.fanOut]);
          expect(fan).toContainEqual(['lib.target', 2, 0]);
          expect(fan).toContainEqual(['d.caller', 1, 1]);
        });
      } finally {
        delete process.env['CODIRA_DUCKDB_METRICS_LOOKUPS'];
      }
    },
  );

  it('gives a re-analysed file with the same symbols its handles back; edges into it keep their targets', async () => {
    const duck = where('reuse');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    const [core, , ax, ay, web] = baseTree();
    const utilSymbols: [string, 'module' | 'function', number, string | null][] = [
      ['app.util', 'module', 1, null],
      ['app.util.clamp', 'function', 2, 'Clamp a value.'],
      ['app.util.run', 'function', 8, null],
      ['app.util.𝔘nicode', 'function', 12, 'Astral 𝔘 name.'],
      ['app.util.ｕnicode', 'function', 14, 'BMP Ü name.'],
    ];
    // Edited inside bodies: same symbols and lines; `run` calls nothing now (its fan-out drops), ｕnicode calls clamp (a
    // call pair util.py never had: its fan-out rises), 𝔘nicode calls `*main` (a hint util.py never had: resolved), the
    // call of `*run` is kept (answered from the file's previous edges).
    const util2 = file(
      'app/util.py',
      utilSymbols,
      [
        [1, 'run', '*run', 3],
        [3, 'main', '*main', 13],
        [4, 'clamp', 'app.util.clamp', 15],
      ],
      [[2, 'clamp', 'app.util.clamp', 9]],
      [['PY001', 12, 'app.util.𝔘nicode']],
      21,
    );
    // Lines moved: same shapes (handles taken back), other resolution inputs (hints re-resolved).
    const util3 = file(
      'app/util.py',
      utilSymbols.map(([q, k, line, doc]) => [q, k, line === 1 ? 1 : line + 1, doc]),
      [
        [1, 'run', '*run', 4],
        [2, 'clamp', '*clamp', 10],
      ],
      [],
      [],
      22,
    );
    // `run` removed: another sequence, a new block; `*run` (util.py's previous edges answered it with nothing: two
    // `run`s) now finds core's.
    const util4 = file(
      'app/util.py',
      utilSymbols.filter(([q]) => q !== 'app.util.run'),
      [[1, 'run', '*run', 3]],
      [],
      [],
      23,
    );
    const handles = async (): Promise<Map<string, number>> =>
      new Map((await withReader(duckdbBackend, duck, (r) => r.listSymbols({}))).map((s) => [s.qualifiedName, s.id]));
    const retargeted = async (): Promise<number> => {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      try {
        await connection.run(`ATTACH '${duck.stateDir}/index.overlay.duckdb' AS o (READ_ONLY)`);
        const reader = await connection.runAndReadAll(
          'SELECT (SELECT count(*) FROM o.calls_target) + (SELECT count(*) FROM o.refs_target)',
        );
        return Number(reader.getRows()[0]![0]);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    };
    const expectFresh = async (label: string, util: AnalyzedFile): Promise<void> => {
      const tree = [core!, util, ax!, ay!, web!].sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
      const fresh = where(`${label}-fresh`);
      await indexWith(duckdbBackend, fresh, 'full', tree, [FAILED]);
      const mem = where(`${label}-mem`);
      await indexWith(memoryBackend, mem, 'full', tree, [FAILED]);
      const incremental = await neutralDump(duckdbBackend, duck);
      expect(incremental).toEqual(await neutralDump(duckdbBackend, fresh));
      expect(incremental).toEqual(await neutralDump(memoryBackend, mem));
    };
    const change = (util: AnalyzedFile): Promise<number> =>
      indexWith(duckdbBackend, duck, 'incremental', [util], [], { changed: ['app/util.py'] });
    const before = await handles();
    const run = async () =>
      (await withReader(duckdbBackend, duck, (r) => r.listSymbols({}))).find((s) => s.qualifiedName === 'app.util.run');
    expect(await run()).toMatchObject({ fanIn: 0, fanOut: 1 });

    await change(util2);
    const after = await handles();
    for (const [q] of utilSymbols) expect(after.get(q)).toBe(before.get(q));
    // core.py's calls of `app.util.clamp` and `*run` point into util.py: not one base edge is re-targeted.
    expect(await retargeted()).toBe(0);
    await expectFresh('reuse2', util2);
    expect(await run()).toMatchObject({ fanIn: 0, fanOut: 0 });
    const unicode = (await withReader(duckdbBackend, duck, (r) => r.listSymbols({}))).find(
      (s) => s.qualifiedName === 'app.util.ｕnicode',
    );
    expect(unicode).toMatchObject({ fanOut: 1 });

    await change(util3); // over the previous overlay
    const third = await handles();
    for (const [q] of utilSymbols) expect(third.get(q)).toBe(before.get(q));
    await expectFresh('reuse3', util3);

    await change(util4);
    const fourth = await handles();
    const highest = Math.max(...before.values(), ...third.values());
    expect(fourth.get('app.util.clamp')).toBeGreaterThan(highest);
    await expectFresh('reuse4', util4);
  });

  // A file that only gains symbols after its previous ones, with its block the last one handed out (the file edited
  // again after its own previous run, as `--watch` does), grows its block in place: its previous symbols keep their
  // handles and resolution inputs, so only the new symbols' keys are touched. A hint naming the new symbol must still
  // be re-resolved (user's call of `fresh`), and a call into a kept symbol keeps its target without re-resolution.
  it('grows a re-analysed file block in place when it only gained symbols; hints naming the new ones re-resolve', async () => {
    const lib = (extra: string[]): AnalyzedFile =>
      file(
        'lib.py',
        [
          ['lib', 'module', 1],
          ['lib.target', 'function', 2],
          ...extra.map((name, i): [string, 'function', number] => [`lib.${name}`, 'function', 4 + 2 * i]),
        ],
        extra.includes('fresh') ? [[3, 'target', 'lib.target|*target', 7]] : [],
        [],
        [],
        1 + extra.length,
      );
    const user = file(
      'user.py',
      [
        ['user', 'module', 1],
        ['user.call', 'function', 2],
      ],
      [
        [1, 'target', 'lib.target|*target', 3],
        [1, 'fresh', 'lib.fresh|*fresh', 4],
      ],
      [[1, 'fresh', 'lib.fresh|*fresh', 5]],
    );
    const duck = where('grow');
    await indexWith(duckdbBackend, duck, 'full', [lib([]), user]);
    const ids = async (): Promise<Map<string, number>> =>
      withReader(
        duckdbBackend,
        duck,
        async (r) => new Map((await r.listSymbols({})).map((s) => [s.qualifiedName, s.id])),
      );
    // Gains `helper`: a new block above the base's (the base block is not the last one).
    await indexWith(duckdbBackend, duck, 'incremental', [lib(['helper'])], [], {
      changed: ['lib.py'],
      reused: ['user.py'],
    });
    const before = await ids();
    // Gains `fresh` (and its own call into `target`): the block is the last one, so it grows in place.
    const grown = [lib(['helper', 'fresh']), user];
    await indexWith(duckdbBackend, duck, 'incremental', [grown[0]!], [], { changed: ['lib.py'], reused: ['user.py'] });
    const after = await ids();
    for (const name of ['lib', 'lib.target', 'lib.helper']) expect(after.get(name)).toBe(before.get(name));
    expect(after.get('lib.fresh')).toBe(before.get('lib.helper')! + 1);
    const fresh = where('grow-fresh');
    await indexWith(duckdbBackend, fresh, 'full', grown);
    const mem = where('grow-memory');
    await indexWith(memoryBackend, mem, 'full', grown);
    const incremental = await neutralDump(duckdbBackend, duck);
    expect(incremental).toEqual(await neutralDump(duckdbBackend, fresh));
    expect(incremental).toEqual(await neutralDump(memoryBackend, mem));
    await withReader(duckdbBackend, duck, async (r) => {
      const fan = (await r.listSymbols({})).map((s) => [s.qualifiedName, s.fanIn, s.fanOut]);
      expect(fan).toContainEqual(['lib.fresh', 1, 1]);
      expect(fan).toContainEqual(['lib.target', 2, 0]);
    });
  });

  // A file that takes its block back with one symbol's resolution inputs changed (here `lib.make`'s slot types, same
  // names and lines) touches that symbol's keys: the hint through its slot (rule 3) must be re-resolved.
  it('re-resolves hints through a kept symbol whose slot types changed', async () => {
    const lib = (type: string): AnalyzedFile => {
      const f = file('lib.py', [
        ['lib', 'module', 1],
        ['lib.make', 'function', 2],
        ['lib.A', 'class', 4],
        ['lib.A.go', 'method', 5],
        ['lib.B', 'class', 7],
        ['lib.B.go', 'method', 8],
      ]);
      const symbols = f.analysis.symbols.map((symbol) =>
        symbol.qualifiedName === 'lib.make' ? { ...symbol, slotTypes: `;r=${type};` } : symbol,
      );
      return { ...f, file: { ...f.file, hash: `sha-lib-${type}` }, analysis: { ...f.analysis, symbols } };
    };
    const user = file(
      'user.py',
      [
        ['user', 'module', 1],
        ['user.call', 'function', 2],
      ],
      [[1, 'go', 'lib.make~r~go', 3]],
    );
    const duck = where('slots');
    await indexWith(duckdbBackend, duck, 'full', [lib('lib.A'), user]);
    const edited = [lib('lib.B'), user];
    await indexWith(duckdbBackend, duck, 'incremental', [edited[0]!], [], { changed: ['lib.py'], reused: ['user.py'] });
    const fresh = where('slots-fresh');
    await indexWith(duckdbBackend, fresh, 'full', edited);
    const mem = where('slots-memory');
    await indexWith(memoryBackend, mem, 'full', edited);
    const incremental = await neutralDump(duckdbBackend, duck);
    expect(incremental).toEqual(await neutralDump(duckdbBackend, fresh));
    expect(incremental).toEqual(await neutralDump(memoryBackend, mem));
    await withReader(duckdbBackend, duck, async (r) => {
      const fan = (await r.listSymbols({})).map((s) => [s.qualifiedName, s.fanIn]);
      expect(fan).toContainEqual(['lib.B.go', 1]);
    });
  });

  it('an aborted run leaves the active index and no temporary files', async () => {
    const duck = where('abort');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    const before = fingerprint(`${duck.stateDir}/index.duckdb`);
    const session = await duckdbBackend.beginIndexSession({
      location: duck,
      mode: 'incremental',
      meta: await withReader(duckdbBackend, duck, (r) => r.meta()),
      paths: { changed: ['app/core.py'], deleted: [], reused: [] },
    });
    await session.prepare();
    await session.persist([file('app/core.py', [['app.core', 'module', 1]], [], [], [], 99)]);
    await session.abort();
    await session.close();
    expect(fingerprint(`${duck.stateDir}/index.duckdb`)).toBe(before);
    expect(readdirSync(duck.stateDir)).toEqual(['index.duckdb']);
  });
  it('an incremental run leaves the base untouched and publishes an overlay; a compaction folds it into a new base', async () => {
    const duck = where('overlay');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    const base = fingerprint(`${duck.stateDir}/index.duckdb`);
    const change = async (version: number): Promise<void> => {
      await indexWith(
        duckdbBackend,
        duck,
        'incremental',
        [file('app/core.py', [['app.core', 'module', 1]], [], [], [], version)],
        [],
        {
          changed: ['app/core.py'],
        },
      );
    };
    await change(98);
    expect(fingerprint(`${duck.stateDir}/index.duckdb`)).toBe(base);
    expect(readdirSync(duck.stateDir).sort()).toEqual(['index.duckdb', 'index.overlay.duckdb']);
    const overlaid = await withReader(duckdbBackend, duck, (r) => r.listSymbols({}));
    process.env['CODIRA_DUCKDB_OVERLAY_FILES'] = '0';
    try {
      await change(98);
    } finally {
      delete process.env['CODIRA_DUCKDB_OVERLAY_FILES'];
    }
    expect(fingerprint(`${duck.stateDir}/index.duckdb`)).not.toBe(base);
    expect(readdirSync(duck.stateDir)).toEqual(['index.duckdb']);
    const compacted = await withReader(duckdbBackend, duck, (r) => r.listSymbols({}));
    const key = (rows: typeof overlaid) => rows.map((s) => [s.qualifiedName, s.path, s.fanIn, s.fanOut]);
    expect(key(compacted)).toEqual(key(overlaid));
  });

  it('a full run aborted while its preparation is still in flight leaves nothing behind', async () => {
    const duck = where('abort-full');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    const before = fingerprint(`${duck.stateDir}/index.duckdb`);
    const session = await duckdbBackend.beginIndexSession({
      location: duck,
      mode: 'full',
      meta: await withReader(duckdbBackend, duck, (r) => r.meta()),
      paths: { changed: ['app/core.py'], deleted: [], reused: [] },
    });
    await session.prepare();
    await session.abort();
    await session.close();
    expect(fingerprint(`${duck.stateDir}/index.duckdb`)).toBe(before);
    expect(readdirSync(duck.stateDir)).toEqual(['index.duckdb']);
  });
  it('removes temporary files of crashed runs, not those of live processes', async () => {
    const duck = where('stale');
    await indexWith(duckdbBackend, duck, 'full', baseTree());
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const active = `${duck.stateDir}/index.duckdb`;
    writeFileSync(tempPathOf(active, dead, '0badf00d'), 'left by a crash');
    writeFileSync(`${tempPathOf(active, dead, '0badf00d')}.wal`, 'left by a crash');
    writeFileSync(tempPathOf(active, process.pid, '0badf00d'), 'a run in progress');
    await indexWith(duckdbBackend, duck, 'full', baseTree());
    expect(readdirSync(duck.stateDir).sort()).toEqual(
      ['index.duckdb', basename(tempPathOf(active, process.pid, '0badf00d'))].sort(),
    );
  });
});

describe('duckdb backend: read path', () => {
  it('leaves the index file byte-identical with an unchanged mtime after every read method', async () => {
    const duck = where('ro');
    await indexWith(duckdbBackend, duck, 'full', baseTree(), [FAILED]);
    const path = `${duck.stateDir}/index.duckdb`;
    const before = fingerprint(path);
    await withReader(duckdbBackend, duck, async (r) => {
      await dumpIndex(r);
      await r.symbolsByName(['run'], 'app/');
      await r.symbolsById([1, 2]);
      await r.symbolsMatching(['engine'], 'app/');
      await r.listSymbols({ limit: 3, kinds: ['function'], pathPrefix: 'app/' });
      await r.edges({ kind: 'call', direction: 'to', ids: [1, 2, 3, 4, 5] });
      await r.edges({ kind: 'reference', direction: 'to', ids: [1, 2, 3, 4, 5, 6] });
      await r.findings('app/');
      await r.failures();
      await r.embeddings();
    });
    expect(fingerprint(path)).toBe(before);
    expect(readdirSync(duck.stateDir)).toEqual(['index.duckdb']);
  });

  it('reports a missing index', async () => {
    const error = await duckdbBackend.openReader(where('missing')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect((error as IndexUnavailableError).problem).toBe('missing');
  });

  it('reports a garbage file as corrupt', async () => {
    const duck = where('garbage');
    await indexWith(duckdbBackend, duck, 'full', baseTree());
    writeFileSync(`${duck.stateDir}/index.duckdb`, 'this is not a database '.repeat(1000));
    const error = await duckdbBackend.openReader(duck).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect((error as IndexUnavailableError).problem).toBe('corrupt');
  });

  it('reports a DuckDB file without the codira tables as corrupt', async () => {
    const duck = where('foreign');
    await indexWith(duckdbBackend, duck, 'full', baseTree());
    await rewrite(`${duck.stateDir}/index.duckdb`, 'DROP TABLE meta');
    const error = await duckdbBackend.openReader(duck).catch((e: unknown) => e);
    expect((error as IndexUnavailableError).problem).toBe('corrupt');
  });

  it('reports another contract or layout version', async () => {
    const duck = where('version');
    await indexWith(duckdbBackend, duck, 'full', baseTree());
    await rewrite(`${duck.stateDir}/index.duckdb`, 'UPDATE meta SET contract_version = contract_version + 1');
    const error = await duckdbBackend.openReader(duck).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect((error as IndexUnavailableError).problem).toBe('version');

    await rewrite(
      `${duck.stateDir}/index.duckdb`,
      "UPDATE meta SET contract_version = contract_version - 1, layout = 'old'",
    );
    const layout = await duckdbBackend.openReader(duck).catch((e: unknown) => e);
    expect((layout as IndexUnavailableError).problem).toBe('version');
    // An incremental run refuses it too, without touching it.
    const session = await duckdbBackend.beginIndexSession({
      location: duck,
      mode: 'incremental',
      meta: {
        contractVersion: 1,
        runtime: { backend: 'duckdb', backendVersion: 'x' },
        analyzers: [],
        embedder: { name: 'e', version: '1', dimension: DIMENSION },
      },
      paths: { changed: [], deleted: [], reused: [] },
    });
    // Preparation runs in the background (overlapping analysis); its refusal surfaces at the next call.
    await session.prepare();
    const refused = await session.rebuildDerived().catch((e: unknown) => e);
    await session.close();
    expect((refused as IndexUnavailableError).problem).toBe('version');
    expect(readdirSync(duck.stateDir)).toEqual(['index.duckdb']);
  });
});

/**
 * Apply one statement to an index file through a separate read-write connection.
 *
 * @param path - Index file.
 * @param sql - Statement.
 */
async function rewrite(path: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  expect(existsSync(`${path}.wal`)).toBe(false);
}
