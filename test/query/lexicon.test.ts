/**
 * The resident lexicon of a long-lived session (`src/query/lexicon.ts`) must give the same context pack, byte for
 * byte, as a one-shot query (which reads the stored word lists; `lexical-words.test.ts` ties those to the scanning
 * path) on every backend: the fixture repository plus a module whose docstrings hold the cases
 * the word index treats specially (camelCase words, non-ASCII words, a field whose lower-casing changes its length,
 * words repeated within and across fields), and the real python3-requests corpus.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import { materializeCorpus } from '../../src/bench/corpus.js';
import type { ReadSession } from '../../src/core/contracts.js';
import { runIndex } from '../../src/core/indexer.js';
import { buildContext } from '../../src/query/ctx.js';
import { scoreColumns, scoreMatrix, topRows, transposeMatrix } from '../../src/query/emb.js';
import { Lexicon } from '../../src/query/lexicon.js';
import { index, loadBackend, TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, FIXTURE_FILES, type FixtureRepo } from '../support/fixture-repo.js';
import { LEXICAL_EDGE_CASES } from '../support/lexical-edge-cases.js';

const QUERIES = [
  'parse http headers',
  'apply a discount to the prices',
  'istanbul dates',
  'kelvin sign',
  'round price total of the cart',
  'test the checkout',
  'été café',
  'x',
  'the of and',
  'PriceList renderPrices formatPrice',
];

/**
 * Every query, with and without a prefix and at several limits: the scanning and the resident answers.
 *
 * @param reader - Open session.
 * @param lexicon - Its resident lexicon.
 * @param queries - Questions.
 * @param prefixes - Path prefixes to try besides none.
 * @returns Pairs of JSON answers.
 */
async function answers(
  reader: ReadSession,
  lexicon: Lexicon,
  queries: readonly string[],
  prefixes: readonly string[],
): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const query of queries) {
    for (const prefix of [undefined, ...prefixes]) {
      for (const limit of [0, 3, 50]) {
        out.push([
          JSON.stringify(await buildContext(reader, query, limit, prefix)),
          JSON.stringify(await buildContext(reader, query, limit, prefix, lexicon)),
        ]);
      }
    }
  }
  return out;
}

describe.each(TEST_BACKENDS)('resident lexicon (%s)', (name) => {
  let repo: FixtureRepo;
  let reader: ReadSession;
  beforeAll(async () => {
    repo = createFixtureRepo({ ...FIXTURE_FILES, 'shop/edge_cases.py': LEXICAL_EDGE_CASES });
    const backend = await loadBackend(name);
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    await index(backend, location);
    reader = await backend.openReader(location);
  });
  afterAll(async () => {
    await reader?.close();
    repo?.dispose();
  });

  it('gives the same context packs as the scanning path', async () => {
    const lexicon = await Lexicon.load(reader);
    expect(lexicon).not.toBeNull();
    expect(lexicon!.rows.map((r) => r.id)).toEqual([...(await reader.embeddings()).symbolIds]);
    const pairs = await answers(reader, lexicon!, QUERIES, ['shop/', 'shop/edge', 'web', 'nowhere/']);
    for (const [scanning, resident] of pairs) expect(resident).toBe(scanning);
    // The edge cases are found at all (a lexicon that never matched would also agree on empty packs).
    const headers = await buildContext(reader, 'parse http headers', 5, undefined, lexicon);
    expect(headers.symbols[0]!.qualifiedName).toBe('shop.edge_cases.parseHTTPHeaders');
    const istanbul = await buildContext(reader, 'istanbul dates', 5, undefined, lexicon);
    expect(istanbul.symbols[0]!.why).toContain('lexical:docstring');
  });

  it('serves symbols by handle in symbol order, skipping unknown handles', async () => {
    const lexicon = (await Lexicon.load(reader))!;
    const ids = [...(await reader.embeddings()).symbolIds];
    const picked = [ids[5]!, ids[0]!, 999_999, ids[5]!, ids[2]!];
    expect(lexicon.symbolsById(picked)).toEqual(await reader.symbolsById(picked));
  });
});

describe('top rows of the embedding ranking', () => {
  it('equal the first rows of a full sort, with and without a filter', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 0.5;
    const scores = Float64Array.from({ length: 500 }, () => Math.round(random() * 20) / 20); // many ties, some ≤ 0
    const ranked = [...scores.keys()].filter((r) => scores[r]! > 0).sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (const k of [0, 1, 7, 50, 499, 1000]) {
      expect(topRows(scores, k).map((r) => r.row)).toEqual(ranked.slice(0, k));
      const odd = (row: number): boolean => row % 2 === 1;
      expect(topRows(scores, k, odd).map((r) => r.row)).toEqual(ranked.filter(odd).slice(0, k));
    }
    const matrix = { dimension: 2, symbolIds: [1, 2, 3], vectors: Float32Array.from([1, 0, 0, 1, -1, 0]) };
    expect([...scoreMatrix(matrix, Float32Array.from([0.6, 0.8]))]).toEqual([0.6, 0.8, -0.6]);
  });

  it('scores the column-major copy with the same bits as the matrix, zero components skipped', () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const rows = 301;
    const dimension = 24;
    const vectors = Float32Array.from({ length: rows * dimension }, () => (random() > 0.5 ? random() : 0));
    const matrix = { dimension, symbolIds: Array.from({ length: rows }, (_, i) => i + 1), vectors };
    const columns = transposeMatrix(matrix);
    expect(columns[5 * rows + 7]).toBe(vectors[7 * dimension + 5]);
    for (let q = 0; q < 20; q++) {
      const query = Float32Array.from({ length: dimension }, () => (random() > 0.3 ? 0 : random()));
      const expected = scoreMatrix(matrix, query);
      const actual = scoreColumns(matrix, columns, query);
      expect(actual.length).toBe(rows);
      for (let r = 0; r < rows; r++) expect(Object.is(actual[r], expected[r]), `query ${q} row ${r}`).toBe(true);
    }
    expect(() => scoreColumns(matrix, columns, new Float32Array(dimension + 1))).toThrow(/24-dimensional/);
    const empty = { dimension: 8, symbolIds: [], vectors: new Float32Array(0) };
    expect([...scoreColumns(empty, transposeMatrix(empty), new Float32Array(3))]).toEqual([]);
  });
});

describe('resident lexicon on python3-requests 2.28.1', () => {
  let stateDir: string;
  let reader: ReadSession;
  beforeAll(async () => {
    const repoRoot = await materializeCorpus({ kind: 'debian', package: 'python3-requests', version: '2.28.1+dfsg-1' });
    stateDir = mkdtempSync(join(tmpdir(), 'codira-lexicon-'));
    const location = { repoRoot, stateDir };
    await runIndex({ location, backend: memoryBackend, analyzers: ANALYZER_SET, workers: 0 });
    reader = await memoryBackend.openReader(location);
  });
  afterAll(async () => {
    await reader?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('gives the same context packs as the scanning path', async () => {
    const lexicon = (await Lexicon.load(reader))!;
    const questions = [
      'how are cookies persisted across requests in a session',
      'retry failed connections with HTTPAdapter max_retries',
      'parse the Link header',
      'raise an exception for HTTP error status codes',
      'tests of the session',
    ];
    const pairs = await answers(reader, lexicon, questions, ['requests/', 'requests/a']);
    for (const [scanning, resident] of pairs) expect(resident).toBe(scanning);
  });
});
