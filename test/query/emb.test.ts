import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadSession } from '../../src/core/contracts.js';
import { embedQuery, embedSymbols } from '../../src/core/embeddings.js';
import { searchEmbeddings } from '../../src/query/emb.js';
import { buildFixtureIndex, countCalls, type FileSpec, type FixtureIndex } from './fixture-index.js';
import { APP_FILES, TARGET } from './fixture-repo.js';

describe('emb over the fixture application', () => {
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

  it('ranks the planted target first, then its closest relatives, best first', async () => {
    const result = await searchEmbeddings(reader, 'apply db migrations', 4);
    expect(result.matches.map((m) => m.qualifiedName)).toEqual([
      TARGET,
      'app.db.migrations',
      'app.db.migrations.pendingMigrations',
      'app.http.client.applyPatch',
    ]);
    const scores = result.matches.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const score of scores) expect(score).toBe(Math.round(score * 1e6) / 1e6);
  });

  it('scores are the cosine of the query and symbol vectors, rounded to 6 decimals', async () => {
    const result = await searchEmbeddings(reader, 'apply db migrations', 1);
    const row = (await reader.symbolsByName([TARGET]))[0]!;
    const vector = embedSymbols([row]);
    const query = embedQuery('apply db migrations');
    let dot = 0;
    for (let i = 0; i < query.length; i++) dot += vector[i]! * query[i]!;
    expect(result.matches[0]!.score).toBe(Math.round(dot * 1e6) / 1e6);
    expect(result.matches[0]).toMatchObject({ path: 'app/db/migrations.py', startLine: 10, kind: 'function' });
  });

  it('fetches the winners with one symbolsById call and keeps only the prefix', async () => {
    const counted = countCalls(reader);
    const all = await searchEmbeddings(counted.reader, 'retry failed requests', 5);
    expect(counted.calls).toEqual({ embeddingsAnyOrder: 1, symbolsById: 1 });
    expect(all.matches[0]!.qualifiedName).toBe('app.http.client.retryRequest');
    const scoped = await searchEmbeddings(reader, 'apply db migrations', 10, 'app/http/');
    expect(scoped.prefix).toBe('app/http/');
    expect(scoped.matches.length).toBeGreaterThan(0);
    expect(scoped.matches.every((m) => m.path.startsWith('app/http/'))).toBe(true);
    expect(scoped.matches[0]!.qualifiedName).toBe('app.http.client.applyPatch');
  });

  it('returns nothing for a query without tokens or a zero limit', async () => {
    expect((await searchEmbeddings(reader, 'how is it', 5)).matches).toEqual([]);
    expect((await searchEmbeddings(reader, 'apply db migrations', 0)).matches).toEqual([]);
  });
});

describe('emb ordering edge cases', () => {
  it('breaks exact ties by symbol order (path first)', async () => {
    const twin = (path: string): FileSpec => ({
      path,
      module: 'twin',
      symbols: [['twin.checksum', 'function', 3, 9, 'Compute a checksum of a payload.']],
    });
    const index = await buildFixtureIndex([twin('b/twin.py'), twin('a/twin.py'), twin('c/twin.py')]);
    const reader = await index.open();
    try {
      const result = await searchEmbeddings(reader, 'checksum payload', 3);
      expect(result.matches.map((m) => m.path)).toEqual(['a/twin.py', 'b/twin.py', 'c/twin.py']);
      expect(new Set(result.matches.map((m) => m.score)).size).toBe(1);
    } finally {
      await reader.close();
      index.dispose();
    }
  });

  it('ranks the same whatever order the store returns the vectors in (ties still by symbol order)', async () => {
    const twin = (path: string): FileSpec => ({
      path,
      module: 'twin',
      symbols: [
        ['twin.checksum', 'function', 3, 9, 'Compute a checksum of a payload.'],
        ['twin.verify', 'function', 11, 14, 'Verify a payload checksum.'],
      ],
    });
    const index = await buildFixtureIndex([twin('b/twin.py'), twin('a/twin.py'), twin('c/twin.py'), ...APP_FILES]);
    const reader = await index.open();
    // The store's rows reversed, and rotated: a ranking that fell back on row order would reorder the ties.
    const permuted = (shuffle: (rows: number[]) => number[]): ReadSession =>
      new Proxy(reader, {
        get(target, key) {
          if (key !== 'embeddingsAnyOrder') {
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
          }
          return async () => {
            const matrix = await target.embeddings();
            const rows = shuffle(matrix.symbolIds.map((_, row) => row));
            const vectors = new Float32Array(matrix.vectors.length);
            rows.forEach((from, to) =>
              vectors.set(
                matrix.vectors.subarray(from * matrix.dimension, (from + 1) * matrix.dimension),
                to * matrix.dimension,
              ),
            );
            // Two blocks, split off a block boundary that is not the start.
            const cut = 3 * matrix.dimension;
            const blocks = [vectors.slice(0, cut), vectors.slice(cut)];
            return { dimension: matrix.dimension, symbolIds: rows.map((row) => matrix.symbolIds[row]!), blocks };
          };
        },
      });
    const reversed = permuted((rows) => rows.reverse());
    const rotated = permuted((rows) => [...rows.slice(5), ...rows.slice(0, 5)]);
    try {
      for (const [query, limit, prefix] of [
        ['checksum payload', 4, undefined],
        ['checksum payload', 2, 'c/'],
        ['apply db migrations', 6, undefined],
      ] as const) {
        const expected = await searchEmbeddings(reader, query, limit, prefix);
        expect(await searchEmbeddings(reversed, query, limit, prefix)).toEqual(expected);
        expect(await searchEmbeddings(rotated, query, limit, prefix)).toEqual(expected);
      }
      const ties = await searchEmbeddings(reversed, 'checksum payload', 3);
      expect(ties.matches.map((m) => m.path)).toEqual(['a/twin.py', 'b/twin.py', 'c/twin.py']);
    } finally {
      await reader.close();
      index.dispose();
    }
  });

  it('widens the fetch window when the best rows fall outside the prefix', async () => {
    // 200 close matches under a/, one weaker match under z/: the first window (64 rows) holds none under z/.
    const fillers: FileSpec = {
      path: 'a/fill.py',
      module: 'fill',
      symbols: Array.from(
        { length: 200 },
        (_, i) => [`fill.checksumPayload${i}`, 'function', i + 1, i + 1, 'Checksum of a payload.'] as const,
      ),
    };
    const lone: FileSpec = {
      path: 'z/lone.py',
      module: 'lone',
      symbols: [['lone.digest', 'function', 1, 5, 'Digest a payload.']],
    };
    const index = await buildFixtureIndex([fillers, lone]);
    const counted = countCalls(await index.open());
    try {
      const result = await searchEmbeddings(counted.reader, 'checksum payload', 3, 'z/');
      expect(result.matches.map((m) => m.qualifiedName)).toEqual(['lone.digest']);
      expect(counted.calls['symbolsById']).toBe(2);
    } finally {
      await counted.reader.close();
      index.dispose();
    }
  });
});
