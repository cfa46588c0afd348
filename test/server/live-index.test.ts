/**
 * The live index: a request keeps the session it started on while a new index is published; later requests switch;
 * the retired session closes when its last request ends.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/backends/registry.js';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { LiveIndex } from '../../src/server/live-index.js';
import { index, TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

/**
 * Run `codira index` in another process (the compiled CLI; `npm test` builds it first).
 *
 * @param location - Where the index lives.
 * @param backend - Backend name.
 * @returns The exit code.
 */
function indexInChild(location: StoreLocation, backend: string): Promise<number | null> {
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'codira.js');
  const args = [
    bin,
    'index',
    '--path',
    location.repoRoot,
    '--output-dir',
    dirname(location.stateDir),
    '--backend',
    backend,
  ];
  return new Promise((resolve) => spawn(process.execPath, args, { stdio: 'ignore' }).on('exit', resolve));
}

/**
 * A backend whose sessions record whether they were closed.
 *
 * @param inner - The real backend.
 * @param closed - Receives each closed session.
 * @param resident - Receives each session asked to keep its resident indexes.
 * @returns The wrapped backend.
 */
function tracking(inner: BackendFactory, closed: ReadSession[], resident: ReadSession[] = []): BackendFactory {
  return {
    ...inner,
    storeFiles: (location) => inner.storeFiles(location),
    openReader: async (location) => {
      const reader = await inner.openReader(location);
      return new Proxy(reader, {
        get: (target, key) => {
          if (key === 'keepResident') {
            return async () => {
              resident.push(reader);
              await target.keepResident?.();
            };
          }
          if (key === 'close') {
            return async () => {
              closed.push(reader);
              await target.close();
            };
          }
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}

describe.each(TEST_BACKENDS)('LiveIndex (%s)', (name) => {
  let repo: FixtureRepo;
  let backend: BackendFactory;
  let location: StoreLocation;
  beforeAll(async () => {
    repo = createFixtureRepo();
    backend = await loadBackend(name);
    location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
  });
  afterAll(() => repo?.dispose());

  it('reports a missing index, then switches between requests, never during one', async () => {
    const closed: ReadSession[] = [];
    const resident: ReadSession[] = [];
    const live = new LiveIndex(tracking(backend, closed, resident), location);
    await expect(live.acquire()).rejects.toThrow(/no index at/);
    await index(backend, location);

    const first = await live.acquire();
    const again = await live.acquire();
    expect(again.generation).toBe(first.generation);
    expect(again.reader).toBe(first.reader);
    // A session the server opens will answer many requests: once it has answered one (not before, so the first
    // answer never waits for them), it is asked once to build its resident indexes.
    expect(resident).toEqual([]);
    // The embedding matrix is read once per session.
    const matrix = await first.run((reader) => reader.embeddings());
    await new Promise((resolve) => setImmediate(resolve));
    expect(resident).toEqual([first.reader]);
    expect(await again.run((reader) => reader.embeddings())).toBe(matrix);
    // `emb` reads the vectors in any order: from the same cached matrix, not the store.
    expect((await again.run((reader) => reader.embeddingsAnyOrder())).blocks).toEqual([matrix.vectors]);
    expect((await again.run((reader) => reader.embeddingsAnyOrder())).blocks[0]).toBe(matrix.vectors);
    // So is the resident lexicon, built from that matrix.
    const lexicon = await first.run(async (_reader, cache) => cache!.lexicon());
    expect(lexicon!.matrix).toBe(matrix);
    expect(await again.run(async (_reader, cache) => cache!.lexicon())).toBe(lexicon);
    again.release();

    // A request in flight while another process publishes a new index finishes on the state it started on; for an
    // engine that commits in place (SQLite incremental runs) the writer's commit waits until the request ends.
    repo.write('shop/extra.py', 'def extra_helper():\n    return 1\n');
    let writer: Promise<number | null> | null = null;
    const inFlight = await first.run(async (reader) => {
      const before = (await reader.symbolsByName(['extra_helper'])).length;
      writer = indexInChild(location, name);
      // Long enough for the writer to publish unless it must wait for this request (then it commits after it).
      await Promise.race([writer, new Promise((resolve) => setTimeout(resolve, 3000))]);
      return [before, (await reader.symbolsByName(['extra_helper'])).length];
    });
    expect(inFlight).toEqual([0, 0]);
    expect(await writer).toBe(0);

    const second = await live.acquire();
    expect(second.generation).toBe(first.generation + 1);
    expect(await second.run((reader) => reader.symbolsByName(['extra_helper']))).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(resident).toEqual([first.reader, second.reader]);
    const newer = await second.run((reader) => reader.embeddings());
    expect(newer).not.toBe(matrix);
    expect(newer.symbolIds.length).toBeGreaterThan(matrix.symbolIds.length);
    const newerLexicon = await second.run(async (_reader, cache) => cache!.lexicon());
    expect(newerLexicon).not.toBe(lexicon);
    expect(newerLexicon!.symbolsById([...newer.symbolIds]).map((r) => r.name)).toContain('extra_helper');
    expect(closed).toHaveLength(0);
    first.release();
    first.release();
    // Closing waits for a later turn of the event loop, so the request that released it answers first.
    expect(closed).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toHaveLength(1);

    // After a run of its own the server switches at once (`refresh`): the next request finds the new session open,
    // already asked for its resident indexes.
    repo.write('shop/extra_two.py', 'def helper_two():\n    return 2\n');
    expect(await indexInChild(location, name)).toBe(0);
    await live.refresh();
    expect(live.openGeneration).toBe(second.generation + 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(resident).toHaveLength(3);
    const third = await live.acquire();
    expect(third.generation).toBe(second.generation + 1);
    expect(await third.run((reader) => reader.symbolsByName(['helper_two']))).toHaveLength(1);
    third.release();

    second.release();
    await live.close(1000);
    expect(closed).toHaveLength(3);
    await expect(live.acquire()).rejects.toThrow(/shutting down/);
  });
});
