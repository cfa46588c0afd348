/**
 * A reader opened before or during a re-index sees the old or the new index, never an error or a half index: step by
 * step within one process, and with a separate reader process hammering the index while full, overlay and compaction
 * runs publish.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { duckdbBackend } from '../../src/backends/duckdb/duckdb-backend.js';
import type { ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { dumpIndex, type IndexDump } from '../support/dump.js';
import { FAILED, baseTree, indexWith, metaFor, syntheticTree, tempLocation } from './duckdb-fixtures.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function where(label: string): StoreLocation {
  const location = tempLocation(label);
  cleanup.push(location.repoRoot);
  return location;
}

async function freshDump(location: StoreLocation): Promise<IndexDump> {
  const reader = await duckdbBackend.openReader(location);
  try {
    return await dumpIndex(reader);
  } finally {
    await reader.close();
  }
}

/** What a reader process saw: how often each state key, every error, the number of reads. */
interface ReaderLog {
  readonly counts: Record<string, number>;
  readonly errors: string[];
  readonly reads: number;
}

/** A reader process: its reads as they happen, a way to wait for more of them, and the end of the loop. */
interface ReaderProcess {
  /** Every read so far, in order: the state key, or `error: …`. */
  readonly lines: string[];
  /** Resolves once `n` more reads have completed (rejects if the process exits first). */
  moreReads(n: number): Promise<void>;
  /** End the loop and return the log after checking the process exited cleanly. */
  stop(): Promise<ReaderLog>;
  /** Kill the process (for `finally`; harmless after `stop`). */
  kill(): void;
}

/**
 * Start a process that reads the index in a loop until `stopFile` exists (and at least 5 times), printing one line
 * per read (the state key, or the error), so a test can wait for reads while a write session is open and make the
 * overlap with a re-index certain instead of hoping for it.
 *
 * @param stopFile - Created by the test to end the loop.
 * @param setup - Module code run once (imports).
 * @param readKey - Body of an async function that reads the index once and returns the state's key.
 * @returns The reader process.
 */
function startReaderProcess(stopFile: string, setup: string, readKey: string): ReaderProcess {
  const script = `
    import { existsSync } from 'node:fs';
    ${setup}
    const readKey = async () => { ${readKey} };
    let reads = 0;
    while (!existsSync(${JSON.stringify(stopFile)}) || reads < 5) {
      let line;
      try {
        line = String(await readKey());
      } catch (error) {
        line = 'error: ' + String(error.message ?? error).split('\\n')[0];
      }
      process.stdout.write(line + '\\n');
      reads++;
    }
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() });
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  let waiter: { count: number; resolve: () => void } | null = null;
  child.stdout.on('data', (data: Buffer) => {
    const parts = (pending + data.toString()).split('\n');
    pending = parts.pop()!;
    lines.push(...parts);
    if (waiter && lines.length >= waiter.count) {
      waiter.resolve();
      waiter = null;
    }
  });
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    lines,
    moreReads: (n) => {
      const count = lines.length + n;
      const seen = new Promise<void>((resolve) => (waiter = { count, resolve }));
      const died = exited.then((code) => {
        throw new Error(`the reader process exited (${code}) before ${count} reads: ${stderr}`);
      });
      return Promise.race([seen, died]);
    },
    stop: async () => {
      writeFileSync(stopFile, '');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
      const counts: Record<string, number> = {};
      for (const line of lines) if (!line.startsWith('error: ')) counts[line] = (counts[line] ?? 0) + 1;
      return { counts, errors: lines.filter((line) => line.startsWith('error: ')), reads: lines.length };
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}

describe('duckdb: readers during a full re-index', () => {
  it('see the old index at every step before commit and the new one after, including a reader held open', async () => {
    const location = where('steps');
    await indexWith(duckdbBackend, location, 'full', baseTree(), [FAILED]);
    const old = await freshDump(location);
    const held: ReadSession = await duckdbBackend.openReader(location);
    try {
      const next = syntheticTree(30);
      const session = await duckdbBackend.beginIndexSession({
        location,
        mode: 'full',
        meta: metaFor(duckdbBackend),
        paths: { changed: next.map((f) => f.file.path), deleted: [], reused: [] },
      });
      await session.prepare();
      expect(await freshDump(location)).toEqual(old);
      await session.persist(next.slice(0, 10));
      expect(await freshDump(location)).toEqual(old);
      await session.persist(next.slice(10));
      await session.recordFailures([]);
      expect(await dumpIndex(held)).toEqual(old);
      await session.rebuildDerived();
      expect(await freshDump(location)).toEqual(old);
      await session.commit();
      await session.close();
      const replaced = await freshDump(location);
      expect(replaced.symbols).toHaveLength(600);
      expect(replaced.failures).toEqual([]);
      // The reader opened before the swap keeps reading the old file it holds open.
      expect(await dumpIndex(held)).toEqual(old);
    } finally {
      await held.close();
    }
  });

  it('never fail or see a partial index from another process while full re-indexes replace the file', async () => {
    const location = where('process');
    const small = syntheticTree(40, 1);
    const large = syntheticTree(120, 7);
    await indexWith(duckdbBackend, location, 'full', small, [], undefined, 16);
    const stopFile = join(location.repoRoot, 'stop');
    const path = join(location.stateDir, 'index.duckdb');
    const reader = startReaderProcess(
      stopFile,
      "import duckdb from '@duckdb/node-bindings';",
      `const config = duckdb.create_config();
       duckdb.set_config(config, 'access_mode', 'READ_ONLY');
       const db = await duckdb.open(${JSON.stringify(path)}, config);
       const connection = await duckdb.connect(db);
       const result = await duckdb.query(connection,
         'SELECT (SELECT count(*) FROM symbols)::INTEGER, (SELECT count(*) FROM calls)::INTEGER, (SELECT count(*) FROM meta)::INTEGER');
       const chunk = duckdb.result_get_chunk(result, 0);
       const values = [0, 1, 2].map((c) => new Int32Array(duckdb.vector_get_data(duckdb.data_chunk_get_vector(chunk, c), 4).buffer.slice(0))[0]);
       duckdb.disconnect_sync(connection);
       duckdb.close_sync(db);
       return values.join('/');`,
    );
    const SMALL = '800/1200/1';
    const LARGE = '2400/3600/1';
    const during: string[][] = [];
    let log: ReaderLog;
    try {
      await reader.moreReads(1);
      for (let round = 0; round < 6; round++) {
        const next = round % 2 === 0 ? large : small;
        const session = await duckdbBackend.beginIndexSession({
          location,
          mode: 'full',
          meta: metaFor(duckdbBackend),
          paths: { changed: next.map((f) => f.file.path), deleted: [], reused: [] },
        });
        try {
          await session.prepare();
          await session.persist(next.slice(0, next.length / 2));
          // A read begun before the previous round's commit (a round with no pause) may end only now, legitimately
          // showing the index before that one: let it finish, so every read counted below began after the commit.
          await reader.moreReads(1);
          const start = reader.lines.length;
          await reader.moreReads(2); // certain: reads while the new index is half written
          await session.persist(next.slice(next.length / 2));
          await session.recordFailures([]);
          await session.rebuildDerived();
          await reader.moreReads(1);
          during.push(reader.lines.slice(start));
          await session.commit();
        } finally {
          await session.close();
        }
        // Rounds with no pause hammer the rename itself; the others wait for a read of the new index.
        if (round % 3 !== 2) await reader.moreReads(2);
      }
      log = await reader.stop();
    } finally {
      reader.kill();
    }
    expect(log.errors).toEqual([]);
    expect(Object.keys(log.counts).every((key) => key === SMALL || key === LARGE)).toBe(true);
    expect(Object.keys(log.counts).sort()).toEqual([LARGE, SMALL]);
    // Every round had reads while its writer was open, and they all saw the previous index, whole.
    expect(during).toHaveLength(6);
    during.forEach((lines, round) => {
      expect(lines.length).toBeGreaterThanOrEqual(3);
      expect(new Set(lines)).toEqual(new Set([round % 2 === 0 ? SMALL : LARGE]));
    });
  });

  it('never fail or see a mixed base and overlay from another process while overlay, compaction and full runs publish', async () => {
    const location = where('overlay');
    const small = syntheticTree(40, 1);
    const large = syntheticTree(120, 7);
    const paths = (tree: typeof small) => tree.map((f) => f.file.path);
    const stopFile = join(location.repoRoot, 'stop');
    // The state a reader sees: files, symbols, and the sum of fan-in (derived state, which lives partly in the
    // overlay).
    const signature = async (reader: ReadSession): Promise<string> => {
      const symbols = await reader.listSymbols({});
      const fanIn = symbols.reduce((sum, s) => sum + s.fanIn, 0);
      return `${(await reader.files()).length}/${symbols.length}/${fanIn}`;
    };
    const committed = new Set<string>();
    const record = async (): Promise<void> => {
      const reader = await duckdbBackend.openReader(location);
      try {
        committed.add(await signature(reader));
      } finally {
        await reader.close();
      }
    };
    await indexWith(duckdbBackend, location, 'full', large, [], undefined, 16);
    await record();
    const backendModule = join(process.cwd(), 'dist/backends/duckdb/duckdb-backend.js');
    const reader = startReaderProcess(
      stopFile,
      `const { duckdbBackend } = await import(${JSON.stringify(backendModule)});`,
      `const reader = await duckdbBackend.openReader(${JSON.stringify(location)});
       const symbols = await reader.listSymbols({});
       const fanIn = symbols.reduce((sum, s) => sum + s.fanIn, 0);
       const key = (await reader.files()).length + '/' + symbols.length + '/' + fanIn;
       await reader.close();
       return key;`,
    );
    // Each round: the tree, the overlay limit (0 forces a compaction, a large one an overlay), or a full run.
    const rounds: [typeof small, string | 'full'][] = [
      [small, '1000'],
      [large, '1000'],
      [small, '0'],
      [large, '1000'],
      [small, 'full'],
      [large, '1000'],
      [small, '1000'],
    ];
    let current = large;
    try {
      for (const [tree, mode] of rounds) {
        if (mode === 'full') {
          await indexWith(duckdbBackend, location, 'full', tree, [], undefined, 16);
        } else {
          process.env['CODIRA_DUCKDB_OVERLAY_FILES'] = mode;
          const deleted = paths(current).filter((p) => !paths(tree).includes(p));
          await indexWith(duckdbBackend, location, 'incremental', tree, [], { changed: paths(tree), deleted }, 16);
        }
        current = tree;
        await record();
      }
    } finally {
      delete process.env['CODIRA_DUCKDB_OVERLAY_FILES'];
    }
    const { counts, errors, reads } = await reader.stop().finally(() => reader.kill());
    expect(errors).toEqual([]);
    expect(reads).toBeGreaterThanOrEqual(5);
    // Two trees, two committed states (an incremental run to a tree equals a full index of it).
    expect(committed.size).toBe(2);
    expect(Object.keys(counts).filter((key) => !committed.has(key))).toEqual([]);
  });
});
