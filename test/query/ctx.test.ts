import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadSession } from '../../src/core/contracts.js';
import { CTX_METHOD, buildContext, isTestPath } from '../../src/query/ctx.js';
import { renderPrompt } from '../../src/query/ctx-prompt.js';
import { buildFixtureIndex, countCalls, type FixtureIndex } from './fixture-index.js';
import { APP_FILES, TARGET } from './fixture-repo.js';

describe('ctx over the fixture application', () => {
  let index: FixtureIndex;
  let reader: ReadSession;
  beforeAll(async () => {
    index = await buildFixtureIndex(APP_FILES);
    reader = await index.open();
  });
  afterAll(async () => {
    await reader.close();
    index.dispose();
  });

  it.each([
    'how are schema migrations applied',
    'apply db migrations',
    'run pending migrations',
    'Apply the pending DB migrations!',
  ])('ranks the planted target and its file first for %j', async (query) => {
    const result = await buildContext(reader, query, 10);
    expect(result.symbols[0]!.qualifiedName).toBe(TARGET);
    expect(result.files[0]!.path).toBe('app/db/migrations.py');
    expect(result.symbols[0]!.why).toEqual(expect.arrayContaining(['lexical:name', 'lexical:docstring', 'embedding']));
  });

  it('finds other intents in the same index', async () => {
    const retry = await buildContext(reader, 'retry a failed request', 5);
    expect(retry.symbols[0]!.qualifiedName).toBe('app.http.client.retryRequest');
    const jobs = await buildContext(reader, 'run the background job queue', 5);
    expect(jobs.files[0]!.path).toBe('app/jobs/queue.py');
  });

  it('adds callers and callees of strong hits, saying which hit they neighbour', async () => {
    const result = await buildContext(reader, 'apply db migrations', 20);
    const byName = new Map(result.symbols.map((s) => [s.qualifiedName, s]));
    expect(byName.get('app.cli.main.migrateCommand')!.why).toContain(`caller-of:${TARGET}`);
    expect(byName.get('app.db.connection.Connection.execute')!.why).toContain(`callee-of:${TARGET}`);
  });

  it('prints locations, signature, summary, rounded score and the method', async () => {
    const result = await buildContext(reader, 'apply db migrations', 3);
    expect(result.symbols).toHaveLength(3);
    expect(result.files.length).toBeLessThanOrEqual(3);
    expect(result.symbols[0]).toMatchObject({
      qualifiedName: TARGET,
      kind: 'function',
      path: 'app/db/migrations.py',
      startLine: 10,
      endLine: 30,
      signature: 'def applyMigrations(...)',
      summary: 'Apply pending schema migrations to the database.',
    });
    for (const s of result.symbols) expect(s.score).toBe(Math.round(s.score * 1e6) / 1e6);
    expect(result.method).toEqual(CTX_METHOD);
    expect(result.method.fusion).toBe('weighted reciprocal-rank fusion');
    expect(result.terms).toEqual(['appli', 'db', 'migrat']);
  });

  it('keeps to the path prefix, including graph neighbours', async () => {
    const result = await buildContext(reader, 'apply db migrations', 20, 'app/cli/');
    expect(result.prefix).toBe('app/cli/');
    expect(result.symbols.length).toBeGreaterThan(0);
    expect(result.symbols.every((s) => s.path.startsWith('app/cli/'))).toBe(true);
    expect(result.files.map((f) => f.path)).toEqual(['app/cli/main.py']);
    expect(result.symbols[0]!.qualifiedName).toBe('app.cli.main.migrateCommand');
  });

  it('uses a handful of batched reader calls', async () => {
    const counted = countCalls(reader);
    await buildContext(counted.reader, 'how are schema migrations applied', 10);
    const { symbolsById, ...rest } = counted.calls;
    expect(rest).toEqual({ embeddingsAnyOrder: 1, fieldWords: 1, edges: 2 });
    // Lexical and embedding winners in one batch, then only the neighbours not already fetched (none here).
    expect(symbolsById).toBe(1);
    const rare = countCalls(reader);
    await buildContext(rare.reader, 'record the history table entry', 10);
    expect(rare.calls['symbolsById']).toBe(2);
  });

  it('returns an empty pack for a query without terms', async () => {
    const result = await buildContext(reader, 'how is it', 10);
    expect(result.symbols).toEqual([]);
    expect(result.files).toEqual([]);
    expect(renderPrompt(result)).toBe('Context for: how is it\n(no matching symbols)\n');
  });

  it('renders a compact prompt: files, then symbols with signature (when there is one) and summary', async () => {
    const prompt = renderPrompt(await buildContext(reader, 'apply db migrations', 3));
    expect(prompt).toBe(
      [
        'Context for: apply db migrations',
        '',
        'Files:',
        '- app/db/migrations.py',
        '- app/db/connection.py',
        '- app/http/client.py',
        '',
        'Symbols:',
        `- ${TARGET} (function) app/db/migrations.py:10-30`,
        '  def applyMigrations(...)',
        '  Apply pending schema migrations to the database.',
        '- app.http.client.applyPatch (function) app/http/client.py:82-90',
        '  def applyPatch(...)',
        '  Apply a JSON patch document to a resource.',
        '- app.db.migrations (module) app/db/migrations.py:1-80',
        '  Versioned changes to the database layout.',
        '',
      ].join('\n'),
    );
  });
});

describe('ctx determinism', () => {
  const queries = ['how are schema migrations applied', 'run pending migrations', 'retry failed requests'];

  it('gives identical JSON on repeated runs and after handles change', async () => {
    const index = await buildFixtureIndex(APP_FILES);
    try {
      const run = async (): Promise<string[]> => {
        const reader = await index.open();
        try {
          const out: string[] = [];
          for (const q of queries) out.push(JSON.stringify(await buildContext(reader, q, 15)));
          return out;
        } finally {
          await reader.close();
        }
      };
      const first = await run();
      expect(await run()).toEqual(first);
      // An incremental run re-persists two files: their symbols get new, higher handles. Output must not move.
      const before = await index.open();
      const oldIds = (await before.symbolsByName([TARGET]))[0]!.id;
      await before.close();
      await index.reindex(APP_FILES.filter((f) => f.path === 'app/db/migrations.py' || f.path === 'app/cli/main.py'));
      const after = await index.open();
      expect((await after.symbolsByName([TARGET]))[0]!.id).not.toBe(oldIds);
      await after.close();
      expect(await run()).toEqual(first);
    } finally {
      index.dispose();
    }
  });
});

describe('test code', () => {
  it('recognises test paths', () => {
    for (const path of [
      'tests/a.py',
      'pkg/tests/test_x.py',
      'pkg/test_x.py',
      'pkg/x_test.py',
      'conftest.py',
      'src/a.test.ts',
      'src/__tests__/a.ts',
      'b.spec.mjs',
    ]) {
      expect(isTestPath(path)).toBe(true);
    }
    for (const path of ['src/testing_utils.py', 'src/contest.py', 'src/attest.ts', 'latest/a.py']) {
      expect(isTestPath(path)).toBe(false);
    }
  });

  it('ranks implementation above an equally matching test unless the query asks for tests', async () => {
    const doc = 'Parse the configuration file.';
    const index = await buildFixtureIndex([
      { path: 'app/config.py', module: 'app.config', symbols: [['app.config.parseConfig', 'function', 3, 9, doc]] },
      {
        path: 'tests/test_config.py',
        module: 'tests.test_config',
        symbols: [['tests.test_config.parseConfig', 'function', 3, 9, doc]],
      },
    ]);
    const reader = await index.open();
    try {
      const plain = await buildContext(reader, 'parse the configuration file', 5);
      expect(plain.symbols.map((s) => s.path)).toEqual(['app/config.py', 'tests/test_config.py']);
      // Same lexical score (tie), embedding ranks the test 1st (its name tokens differ): damping decides.
      expect(plain.symbols[1]!.score).toBeCloseTo(
        CTX_METHOD.testFiles *
          (CTX_METHOD.weights.lexical / (CTX_METHOD.k + 2) + CTX_METHOD.weights.embedding / (CTX_METHOD.k + 1)),
        6,
      );
      const tests = await buildContext(reader, 'tests that parse the configuration file', 5);
      expect(tests.symbols[0]!.path).toBe('tests/test_config.py');
    } finally {
      await reader.close();
      index.dispose();
    }
  });
});
