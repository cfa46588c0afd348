/**
 * The server's SDK bundle (`scripts/bundle-sdk.mjs`, `src/server/sdk.ts`): built by `npm run build`, loaded with its
 * code cache, ajv loaded only when a JSON Schema is compiled, and the unbundled fallback the test runner uses. The
 * server over stdio (`mcp-server.test.ts`) runs on the bundle for every backend.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';
import { loadBundle } from '../../src/server/bundle-loader.js';

const BUNDLE = join(PROJECT_ROOT, 'dist', 'server', 'sdk-bundle.cjs');

interface Bundle {
  McpServer: new (info: { name: string; version: string }) => {
    server: { _jsonSchemaValidator: { getValidator(schema: object): (value: unknown) => { valid: boolean } } };
  };
  z: { string(): { parse(value: unknown): unknown } };
}

describe('the SDK bundle', () => {
  it('is built with a code cache that V8 accepts', () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const { exports, cacheUsed } = loadBundle(BUNDLE);
    expect(cacheUsed).toBe(true);
    expect(Object.keys(exports as object).sort()).toEqual(['McpServer', 'StdioServerTransport', 'z']);
  });

  it('keeps zod to what the tools use, and ajv out of it', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text).toContain('node_modules/zod/v4/locales/en.js');
    expect(text).not.toContain('node_modules/zod/v4/locales/de.js');
    expect(text).not.toMatch(/node_modules\/ajv/);
  });

  it('loads ajv from the installed SDK on the first JSON Schema, and validates with it', () => {
    const load = createRequire(BUNDLE);
    // The SDK's own ajv (the SDK may have a copy of its own under its node_modules).
    const ajv = createRequire(load.resolve('@modelcontextprotocol/sdk/validation/ajv')).resolve('ajv');
    const { McpServer } = loadBundle(BUNDLE).exports as Bundle;
    const server = new McpServer({ name: 't', version: '1' });
    expect(ajv in load.cache).toBe(false);
    const validate = server.server._jsonSchemaValidator.getValidator({
      type: 'object',
      properties: { a: { type: 'string' } },
      required: ['a'],
    });
    expect(ajv in load.cache).toBe(true);
    expect(validate({ a: 'x' }).valid).toBe(true);
    expect(validate({ a: 1 }).valid).toBe(false);
  });

  it('compiles the source when the cache is missing or rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codira-bundle-'));
    const copy = join(dir, 'sdk-bundle.cjs');
    for (const [round, cache] of [null, Buffer.from('not a code cache')].entries()) {
      // A source of its own each round: V8 would otherwise reuse what it compiled for an earlier load in this process.
      writeFileSync(copy, `${readFileSync(BUNDLE, 'utf8')}\n// round ${round}\n`);
      if (cache) writeFileSync(`${copy}.v8cache`, cache);
      const { exports, cacheUsed } = loadBundle(copy);
      expect(cacheUsed).toBe(false);
      const { z } = exports as Bundle;
      expect(z.string().parse('ok')).toBe('ok');
      expect(() => z.string().parse(1)).toThrow();
    }
  });
});

describe('without a bundle (sources)', () => {
  it('imports the entry: the SDK server validates tool arguments with the zod it exports', async () => {
    const sdk = await import('../../src/server/sdk.js');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { InMemoryTransport } = await import('@modelcontextprotocol/sdk/inMemory.js');
    const server = new sdk.McpServer({ name: 't', version: '1' });
    server.registerTool('echo', { inputSchema: { text: sdk.z.string().min(2) } }, async (args) => ({
      content: [{ type: 'text', text: args.text }],
    }));
    const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
    await server.connect(serverEnd);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(clientEnd);
    const ok = (await client.callTool({ name: 'echo', arguments: { text: 'abc' } })) as {
      isError?: boolean;
      content: { text: string }[];
    };
    expect(ok.isError).toBeFalsy();
    expect(ok.content[0]!.text).toBe('abc');
    const bad = (await client.callTool({ name: 'echo', arguments: { text: 'a' } })) as { isError?: boolean };
    expect(bad.isError).toBe(true);
    await client.close();
  });
});
