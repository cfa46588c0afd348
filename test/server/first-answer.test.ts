/**
 * The server's after-first-answer hook (`ServerOptions.afterFirstAnswer`, where `codira mcp` sets V8's tiering so
 * that start-up compiles nothing extra): not called before a tool has answered, called once after the first answer,
 * never again. In process, over the SDK's in-memory transport.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { createCodiraServer } from '../../src/server/mcp-server.js';
import { Refresher, type RunReport } from '../../src/server/refresher.js';
import { index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

/** @returns A promise settled after the callbacks queued with `setImmediate` so far. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('afterFirstAnswer', () => {
  let repo: FixtureRepo;
  let backend: BackendFactory;
  let location: StoreLocation;
  beforeAll(async () => {
    repo = createFixtureRepo();
    backend = await loadBackend('sqlite');
    location = { repoRoot: repo.root, stateDir: repo.stateDir('sqlite') };
    await index(backend, location);
  });
  afterAll(() => repo?.dispose());

  it('runs once, after the first tool answer', async () => {
    let calls = 0;
    const refresher = new Refresher<RunReport>(
      () => Promise.reject(new Error('no index runs in this test')),
      10,
      false,
      () => undefined,
    );
    const server = createCodiraServer({
      backend,
      location,
      version: '0.0.0',
      refresher,
      renderRun: () => '',
      afterFirstAnswer: () => calls++,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.mcp.connect(serverSide);
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await nextTurn();
      expect(calls).toBe(0);

      const first = (await client.callTool({ name: 'sym', arguments: { name: 'formatPrice' } })) as {
        isError?: boolean;
        structuredContent?: { result?: { symbols?: unknown[] } };
      };
      expect(first.isError).toBeFalsy();
      expect(first.structuredContent?.result?.symbols?.length).toBeGreaterThan(0);
      await nextTurn();
      expect(calls).toBe(1);

      // A later answer, and a tool error, do not call it again.
      await client.callTool({ name: 'sym', arguments: { name: 'formatPrice' } });
      const bad = await client.callTool({ name: 'calls', arguments: { name: 'formatPrice', depth: 0 } });
      expect(bad.isError).toBe(true);
      await nextTurn();
      expect(calls).toBe(1);
    } finally {
      await client.close();
      await refresher.close();
      await server.index.close(1000);
    }
  });
});
