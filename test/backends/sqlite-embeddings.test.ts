/**
 * SQLite's column layout of the vectors (schema 6, `sqlite-embeddings.ts`): chunks of 128 file handles, one blob per
 * dimension and chunk. A repository of ~300 files spans several chunks; after a full index and after each incremental
 * run (a file edited in the first chunk, one removed from the middle, files added across new chunks, a whole chunk
 * emptied, the newest file edited twice) the stored layout must hold exactly the indexed files, and every read of the
 * vectors — the matrix, the unordered blocks, the store-scored similarity — must give what the memory reference gives.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { embedQuery } from '../../src/core/embeddings.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import { sqliteBackend } from '../../src/backends/sqlite/sqlite-backend.js';
import { CHUNK_SHIFT } from '../../src/backends/sqlite/sqlite-embeddings.js';
import { SQLITE_SCHEMA_VERSION, SQLITE_TABLES } from '../../src/backends/sqlite/sqlite-schema.js';
import { rankEmbeddings } from '../../src/query/emb.js';
import { index } from '../support/backends.js';
import { dumpAt } from '../support/dump.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const TOPICS = ['parse', 'header', 'discount', 'price', 'render', 'cart', 'retry', 'cache', 'token', 'graph'];
const QUERIES = ['parse http headers', 'discount the cart price', 'render a token', 'x', 'retry the graph cache'];
const WINDOWS = [1, 3, 50, 10_000];

/**
 * A module with a few functions whose names and docstrings mix the topics.
 *
 * @param i - Module number.
 * @param extra - Functions added to the end (an edit).
 * @returns Python source.
 */
function moduleSource(i: number, extra = 0): string {
  const lines: string[] = [];
  for (let f = 0; f < 1 + (i % 3) + extra; f++) {
    const a = TOPICS[(i + f) % TOPICS.length]!;
    const b = TOPICS[(i * 7 + f * 3) % TOPICS.length]!;
    lines.push(`def ${a}_${b}_${i}_${f}(x):`, `    """${a} the ${b} of item ${i}."""`, '    return x', '');
  }
  return lines.join('\n');
}

const path = (i: number): string => `pkg/m${String(i).padStart(3, '0')}.py`;

/**
 * The stored layout against the stored files and symbols: every file with symbols in exactly one chunk (its handle's),
 * with its first handle and symbol count, in handle order, and one column per dimension and chunk of the chunk's
 * length.
 *
 * @param location - The SQLite index.
 * @returns Problems found (none when the layout is right).
 */
function layoutProblems(location: StoreLocation): string[] {
  const db = new Database(sqliteBackend.storeFiles(location)[0]!, { readonly: true });
  try {
    const problems: string[] = [];
    const expected = new Map(
      (
        db.prepare('SELECT file_id, min(id), count(*) FROM symbols GROUP BY file_id').raw().all() as [
          number,
          number,
          number,
        ][]
      ).map(([file, first, count]) => [file, `${first}:${count}`]),
    );
    const dimension = (
      JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'inventory'").pluck().get() as string) as {
        embedder: { dimension: number };
      }
    ).embedder.dimension;
    const seen = new Set<number>();
    const columns = new Map(
      (db.prepare('SELECT key, length(vals) FROM embedding_columns').raw().all() as [number, number][]).map(
        ([key, bytes]) => [key, bytes],
      ),
    );
    let chunkCount = 0;
    for (const [chunk, bytes] of db.prepare('SELECT chunk, files FROM embedding_chunks').raw().all() as [
      number,
      Buffer,
    ][]) {
      chunkCount++;
      const values = new Int32Array(Uint8Array.from(bytes).buffer);
      let rows = 0;
      let last = -1;
      for (let at = 0; at < values.length; at += 3) {
        const [file, first, count] = [values[at]!, values[at + 1]!, values[at + 2]!];
        if (file >> CHUNK_SHIFT !== chunk) problems.push(`file ${file} in chunk ${chunk}`);
        if (file <= last) problems.push(`file ${file} after ${last}`);
        if (expected.get(file) !== `${first}:${count}`) problems.push(`file ${file} stored as ${first}:${count}`);
        if (seen.has(file)) problems.push(`file ${file} twice`);
        seen.add(file);
        last = file;
        rows += count;
      }
      for (let d = 0; d < dimension; d++) {
        if (columns.get(d * 2 ** 32 + chunk) !== rows * 4) problems.push(`column ${d} of chunk ${chunk}`);
      }
    }
    for (const file of expected.keys()) if (!seen.has(file)) problems.push(`file ${file} missing`);
    if (columns.size !== chunkCount * dimension) problems.push(`${columns.size} columns for ${chunkCount} chunks`);
    return problems;
  } finally {
    db.close();
  }
}

/**
 * The embedding candidates of every query and window, as symbols with scores, sorted.
 *
 * @param reader - Open session.
 * @returns One entry per case.
 */
async function candidates(reader: ReadSession): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const text of QUERIES) {
    for (const n of WINDOWS) {
      const ranking = await rankEmbeddings(reader, embedQuery(text), n);
      const found = await ranking.candidates(n);
      const rows = new Map((await reader.symbolsById(found.map((c) => c.id))).map((r) => [r.id, r]));
      const named = found.map(({ id, score }) => `${rows.get(id)!.qualifiedName} ${score}`).sort();
      out.push([text, n, ranking.total, named]);
    }
  }
  return out;
}

/**
 * @param backend - Backend of the index.
 * @param location - Where it is.
 * @returns {@link candidates} of the index.
 */
async function candidatesAt(backend: BackendFactory, location: StoreLocation): Promise<unknown[]> {
  const reader = await backend.openReader(location);
  try {
    return await candidates(reader);
  } finally {
    await reader.close();
  }
}

describe('sqlite: embeddings stored by dimension in chunks of files', () => {
  let repo: FixtureRepo;
  let sqlite: StoreLocation;
  let memory: StoreLocation;
  beforeAll(() => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[path(i)] = moduleSource(i);
    repo = createFixtureRepo(files);
    sqlite = { repoRoot: repo.root, stateDir: repo.stateDir('sqlite') };
    memory = { repoRoot: repo.root, stateDir: repo.stateDir('memory') };
  });
  afterAll(() => repo?.dispose());

  /**
   * Index both, then compare.
   *
   * @param mode - The SQLite run's expected mode.
   */
  async function check(mode: 'full' | 'incremental'): Promise<void> {
    expect((await index(sqliteBackend, sqlite)).mode).toBe(mode);
    await index(memoryBackend, memory, true);
    expect(layoutProblems(sqlite)).toEqual([]);
    const [got, want] = [await dumpAt(sqliteBackend, sqlite), await dumpAt(memoryBackend, memory)];
    expect(got.embeddings).toEqual(want.embeddings);
    expect(got.embeddingsAnyOrder).toEqual(want.embeddingsAnyOrder);
    expect(got.symbols).toEqual(want.symbols);
    const expected = await candidatesAt(memoryBackend, memory);
    expect(await candidatesAt(sqliteBackend, sqlite)).toEqual(expected);
    // Not vacuous: most cases find something.
    expect(expected.filter((c) => ((c as unknown[])[3] as []).length > 0).length).toBeGreaterThan(WINDOWS.length * 3);
  }

  it('holds exactly the indexed files after a full index and after incremental runs', async () => {
    const reader = await (async () => {
      await check('full');
      return sqliteBackend.openReader(sqlite);
    })();
    try {
      expect(reader.nearestEmbeddings).toBeTypeOf('function');
    } finally {
      await reader.close();
    }
    // Handles 1 … 300 in path order: chunks 0 (1 … 127), 1 (128 … 255), 2 (256 … 300).
    repo.write(path(3), moduleSource(3, 2)); // first chunk: the file leaves it, its new handle joins the newest
    await check('incremental');
    repo.remove(path(140)); // from the middle of a chunk
    await check('incremental');
    for (let i = 300; i < 340; i++) repo.write(path(i), moduleSource(i)); // across the next chunk boundary
    await check('incremental');
    for (let i = 127; i < 255; i++) if (i !== 140) repo.remove(path(i)); // a whole chunk emptied (handles 128 … 255)
    await check('incremental');
    repo.write(path(339), moduleSource(339, 1)); // the newest file, twice
    await check('incremental');
    repo.write(path(339), moduleSource(339, 3));
    await check('incremental');
  });

  it('names its layout in the schema version, so an index of another layout is rebuilt, not misread', () => {
    // The tables and their columns, pinned to the version: a change of either alone fails here. Change the layout →
    // bump SQLITE_SCHEMA_VERSION (readers refuse other versions and `index` rebuilds) and update this pin.
    const db = new Database(':memory:');
    db.exec(SQLITE_TABLES);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    const layout: unknown[] = (tables as string[]).map((table) => [
      table,
      db.prepare(`PRAGMA table_info(${table})`).raw().all(),
    ]);
    // Columns do not say how a virtual table tokenizes or which rows a partial index holds: their statements do.
    layout.push(
      db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' OR sql LIKE 'CREATE VIRTUAL%' ORDER BY name")
        .raw()
        .all(),
    );
    db.close();
    const hash = createHash('sha256').update(JSON.stringify(layout)).digest('hex').slice(0, 16);
    expect({ version: SQLITE_SCHEMA_VERSION, layout: hash }).toEqual({ version: '8', layout: '2ec3894f31600aee' });
  });
});
