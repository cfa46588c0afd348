/**
 * `codira mcp --watch` end to end, on every backend: the SDK's real client over stdio, each tool compared with the
 * CLI's `--json`, a file edit seen through the watcher, paging and budget, bad inputs, concurrency, disconnects and
 * shutdown. No wall-clock assertions: waits are bounded by the protocol's own `wait` argument or by polling.
 */
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/backends/registry.js';
import type { BackendFactory } from '../../src/core/contracts.js';
import { TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { listWithoutSnapshot } from '../support/state-dir.js';
import {
  cli,
  cliJson,
  INITIALIZE,
  startRaw,
  startServer,
  textOf,
  type RunningServer,
  type Target,
} from './mcp-harness.js';

const TOOLS = ['audit', 'calls', 'ctx', 'emb', 'impact', 'index', 'map', 'refs', 'status', 'sym', 'symlist'];

/** Each query tool call beside the CLI command that must print the same JSON. */
const SAME_AS_CLI: readonly [string, Record<string, unknown>, string[]][] = [
  ['sym', { name: 'apply_discount' }, ['sym', 'apply_discount']],
  ['calls', { name: 'apply_discount', incoming: true }, ['calls', 'apply_discount', '--incoming']],
  ['calls', { name: 'checkout', tree: true, depth: 2 }, ['calls', 'checkout', '--tree', '--depth', '2']],
  ['refs', { name: 'apply_discount', incoming: true }, ['refs', 'apply_discount', '--incoming']],
  ['symlist', { limit: 0 }, ['symlist', '--limit', '0']],
  [
    'ctx',
    { query: 'apply a discount to the cart total', limit: 5 },
    ['ctx', 'apply a discount to the cart total', '--limit', '5'],
  ],
  ['emb', { query: 'discount rate', limit: 3 }, ['emb', 'discount rate', '--limit', '3']],
  ['audit', {}, ['audit']],
  ['impact', { name: 'round_price', depth: 3 }, ['impact', 'round_price', '--depth', '3']],
  ['map', { budget: 100000 }, ['map', '--budget', '100000']],
  ['status', {}, ['status']],
];

/**
 * Entries of the state directory that are not the backend's store files (temporary files, leftovers).
 *
 * @param target - Repository and output directory.
 * @param backend - The backend whose store files are expected.
 * @returns Names of the stray entries.
 */
function strayFiles(target: Target, backend: BackendFactory): string[] {
  const location = { repoRoot: target.root, stateDir: join(target.outputDir, '.codira') };
  const store = new Set(backend.storeFiles(location).map((file) => basename(file)));
  return listWithoutSnapshot(location.stateDir).filter((name) => !store.has(name));
}

describe.each(TEST_BACKENDS)('codira mcp --watch (%s)', (backendName) => {
  let repo: FixtureRepo;
  let target: Target;
  let server: RunningServer;
  let backend: BackendFactory;

  beforeAll(async () => {
    backend = await loadBackend(backendName);
    repo = createFixtureRepo();
    target = { root: repo.root, outputDir: dirname(repo.stateDir(backendName)), backend: backendName };
    expect(cli(target, 'index').status).toBe(0);
    server = await startServer(target, '--watch', '--debounce', '20');
  });
  afterAll(async () => {
    await server?.client.close();
    repo?.dispose();
  });

  it('lists every tool with an input schema', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    const sym = tools.find((t) => t.name === 'sym')!;
    expect(sym.inputSchema.required).toEqual(['name']);
    expect(Object.keys(sym.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'prefix', 'cursor', 'pageSize', 'budget', 'wait']),
    );
  });

  it('answers every query tool with the JSON of the CLI and a text rendering', async () => {
    for (const [tool, args, command] of SAME_AS_CLI) {
      const answer = await server.call(tool, args);
      expect(answer.isError ?? false, `${tool}: ${textOf(answer)}`).toBe(false);
      expect(answer.structuredContent?.result, `${tool} ${JSON.stringify(args)}`).toEqual(cliJson(target, ...command));
      expect(answer.structuredContent?.index?.generation).toBeGreaterThanOrEqual(1);
      expect(textOf(answer)).toMatch(/\[index: generation \d+, built \d{4}-\d\d-\d\dT[^,]+, pending changes: (yes|no)/);
    }
    const prompt = await server.call('ctx', { query: 'apply a discount to the cart total', limit: 2, prompt: true });
    const cliPrompt = cli(target, 'ctx', 'apply a discount to the cart total', '--limit', '2', '--prompt').stdout;
    expect(textOf(prompt).split('\n[index:')[0]).toBe(cliPrompt.replace(/\n$/, ''));
  });

  it('reports coverage per language, including the failed file', async () => {
    const status = await server.call('status');
    const result = status.structuredContent?.result as {
      languages: { language: string; indexed: number; failed: number }[];
    };
    expect(result.languages).toEqual([
      { language: 'python', indexed: 3, failed: 1 },
      { language: 'typescript', indexed: 2, failed: 0 },
    ]);
  });

  it('pages with a cursor and cuts at the budget with an explicit marker', async () => {
    const all = (await server.call('symlist', { limit: 0 })).structuredContent!;
    const items = (all.result as { symbols: unknown[] }).symbols;
    expect(items.length).toBeGreaterThan(4);
    const collected: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await server.call('symlist', { limit: 0, pageSize: 3, ...(cursor ? { cursor } : {}) });
      expect(page.isError ?? false, textOf(page)).toBe(false);
      collected.push(...(page.structuredContent!.result as { symbols: unknown[] }).symbols);
      cursor = page.structuredContent!.page!.nextCursor ?? undefined;
      if (cursor) expect(textOf(page)).toContain(`continue with cursor "${cursor}"`);
      pages++;
    } while (cursor);
    expect(collected).toEqual(items);
    expect(pages).toBe(Math.ceil(items.length / 3));

    const tight = await server.call('symlist', { limit: 0, budget: 2000 });
    const body = textOf(tight).split('\n[index:')[0]!;
    expect(tight.structuredContent!.page!.truncated).toBe(true);
    expect(body).toMatch(/\[truncated: items 1-\d+ of \d+; budget of 2000 characters reached; continue with cursor/);
    expect(body.length).toBeLessThanOrEqual(2000);
    const json = JSON.stringify({ result: tight.structuredContent!.result, page: tight.structuredContent!.page });
    expect(json.length).toBeLessThanOrEqual(2000);
  });

  it('turns bad input into tool errors and keeps serving', async () => {
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ['sym', {}, /name/],
      ['sym', { name: '' }, /name/],
      ['calls', { name: 'checkout', depth: 0 }, /depth/],
      ['ctx', { query: 'q', limit: -1 }, /limit/],
      ['sym', { name: 'x'.repeat(2_000_000) }, /name/],
      ['nonexistent', {}, /not found/],
      ['sym', { name: 'checkout', cursor: 'garbage' }, /cursor is not one this server issued/],
    ];
    for (const [tool, args, message] of bad) {
      const answer = await server.call(tool, args);
      expect(answer.isError, tool).toBe(true);
      expect(textOf(answer)).toMatch(message);
    }
    const first = await server.call('symlist', { limit: 0, pageSize: 1 });
    const foreign = await server.call('sym', { name: 'checkout', cursor: first.structuredContent!.page!.nextCursor });
    expect(textOf(foreign)).toMatch(/cursor belongs to another query/);
    expect((await server.call('sym', { name: 'checkout' })).isError ?? false).toBe(false);
  });

  it('answers concurrent requests exactly as sequential ones', async () => {
    const calls = SAME_AS_CLI.slice(0, 9).flatMap(([tool, args]) => [
      [tool, args],
      [tool, args],
    ]) as [string, Record<string, unknown>][];
    const sequential = [];
    for (const [tool, args] of calls) sequential.push((await server.call(tool, args)).structuredContent?.result);
    const concurrent = await Promise.all(calls.map(([tool, args]) => server.call(tool, args)));
    expect(concurrent.map((a) => a.structuredContent?.result)).toEqual(sequential);
  });

  it('sees an edit through the watcher and switches index generation between requests', async () => {
    const before = await server.call('sym', { name: 'add_tax' });
    expect((before.structuredContent!.result as { symbols: unknown[] }).symbols).toEqual([]);
    const generation = before.structuredContent!.index!.generation;
    repo.write(
      'shop/tax.py',
      '"""Taxes."""\nfrom .pricing import round_price\n\n\ndef add_tax(amount):\n    return round_price(amount * 1.2)\n',
    );
    let after = before;
    for (let attempt = 0; attempt < 100; attempt++) {
      after = await server.call('sym', { name: 'add_tax', wait: 5000 });
      if ((after.structuredContent!.result as { symbols: unknown[] }).symbols.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((after.structuredContent!.result as { symbols: { path: string }[] }).symbols).toEqual([
      expect.objectContaining({ qualifiedName: 'shop.tax.add_tax', path: 'shop/tax.py' }),
    ]);
    expect(after.structuredContent!.index!.generation).toBeGreaterThan(generation);
    // The watcher may report one edit in several batches; once they are all indexed nothing is pending.
    const settled = await server.call('status', { wait: 10000 });
    expect(settled.structuredContent!.index!.pending).toBe(false);
    const impact = await server.call('impact', { name: 'round_price' });
    expect(impact.structuredContent!.result).toEqual(cliJson(target, 'impact', 'round_price'));
    expect(JSON.stringify(impact.structuredContent!.result)).toContain('shop.tax.add_tax');

    // An index published by another process is picked up too.
    repo.remove('shop/tax.py');
    expect(cli(target, 'index').status).toBe(0);
    let gone = after;
    for (let attempt = 0; attempt < 100; attempt++) {
      gone = await server.call('sym', { name: 'add_tax', wait: 5000 });
      if ((gone.structuredContent!.result as { symbols: unknown[] }).symbols.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((gone.structuredContent!.result as { symbols: unknown[] }).symbols).toEqual([]);
  });

  it('refreshes on demand with the index tool', async () => {
    const answer = await server.call('index', {});
    expect(answer.isError ?? false, textOf(answer)).toBe(false);
    expect((answer.structuredContent!.result as { mode: string }).mode).toMatch(/^(noop|incremental)$/);
    expect(textOf(answer)).toMatch(/^index \((noop|incremental), /);
  });

  it('builds a missing index in the background with --watch; a request can wait for it', async () => {
    const fresh = { ...target, outputDir: join(dirname(target.outputDir), `fresh-${backendName}`) };
    const other = await startServer(fresh, '--watch', '--debounce', '20');
    try {
      const early = await other.call('sym', { name: 'checkout' });
      if (early.isError) expect(textOf(early)).toMatch(/no index at .*run `codira index`/);
      const waited = await other.call('sym', { name: 'checkout', wait: 30000 });
      expect(waited.isError ?? false, textOf(waited)).toBe(false);
      expect(waited.structuredContent?.result).toEqual(cliJson(target, 'sym', 'checkout'));
      expect(waited.structuredContent?.index?.pending).toBe(false);
    } finally {
      await other.client.close();
    }
  });

  it('survives a client that disconnects mid-request and leaves no stray files', async () => {
    const other = await startServer(target);
    const pending = other.call('ctx', { query: 'cart total with discount' }).catch(() => null);
    await other.client.close();
    await pending;
    await other.exited;
    expect(strayFiles(target, backend)).toEqual([]);
    expect((await server.call('sym', { name: 'checkout' })).isError ?? false).toBe(false);
  });

  it('skips malformed messages and shuts down cleanly on stdin close and on SIGTERM during an index run', async () => {
    const raw = await startRaw(target);
    raw.send('{this is not json');
    raw.send({ jsonrpc: '2.0', id: 'x', method: 42 });
    raw.send(INITIALIZE);
    expect(await raw.response(1)).toHaveProperty('result.serverInfo.name', 'codira');
    raw.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    raw.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'sym', arguments: { name: 'checkout' } } });
    expect(await raw.response(2)).toHaveProperty('result.structuredContent.result.query', 'checkout');
    raw.child.stdin.end();
    expect(await raw.exit).toEqual({ code: 0, signal: null });
    expect(raw.stderr()).toContain('shutting down (stdin closed)');

    const busy = await startRaw(target, '--watch');
    busy.send(INITIALIZE);
    await busy.response(1);
    busy.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'index', arguments: { full: true } } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    busy.child.kill('SIGTERM');
    expect(await busy.exit).toEqual({ code: 0, signal: null });
    expect(busy.stderr()).not.toContain('internal error');
    expect(strayFiles(target, backend)).toEqual([]);
    expect(cli(target, 'sym', 'checkout').status).toBe(0);
  });
});
