/**
 * The MCP SDK and zod, loaded through their CommonJS builds, with ajv deferred until something validates with it.
 *
 * Start-up to the first answer is mostly module loading, and the SDK (with zod and ajv) is most of it. Its CommonJS
 * build loads with about a quarter less CPU than its ES module build (125 vs 163 ms per process on the development
 * machine, `docs/process/issue-14-execution.md`): ES module loading resolves and links every one of the SDK's and
 * zod's many files asynchronously. zod comes from the same build as the SDK's, so the process holds one copy of it and
 * the tools' schemas are the SDK's own kind.
 *
 * The SDK's server module requires its ajv validator provider at load time, which evaluates ajv and ajv-formats (about
 * 50 ms of CPU, a fifth of the start-up) although the server validates JSON Schema with it only when it elicits input
 * from the client, which codira never does (tool arguments are validated by zod). While the server module loads, the
 * provider module is answered by a stand-in whose validator loads the real provider on first use; the stand-in then
 * leaves the module cache, so any later `require` of the provider gets the real one.
 *
 * @packageDocumentation
 */
import { createRequire, Module } from 'node:module';
import type * as McpModule from '@modelcontextprotocol/sdk/server/mcp.js';
import type * as StdioModule from '@modelcontextprotocol/sdk/server/stdio.js';
import type * as AjvProviderModule from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type * as ZodModule from 'zod';

const load = createRequire(import.meta.url);
const providerPath = load.resolve('@modelcontextprotocol/sdk/validation/ajv');

/** The SDK's default validator, created (and ajv loaded) on the first schema it is asked to compile. */
class DeferredAjvValidator {
  private real: AjvProviderModule.AjvJsonSchemaValidator | undefined;

  /**
   * @param schema - A JSON Schema.
   * @returns The real provider's validator for it.
   */
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.real ??= new (load(providerPath) as typeof AjvProviderModule).AjvJsonSchemaValidator();
    return this.real.getValidator<T>(schema);
  }
}

/**
 * Load the SDK's server module with the ajv provider stood in for.
 *
 * @returns The server module.
 */
function loadServerModule(): typeof McpModule {
  const standIn = new Module(providerPath);
  standIn.exports = { AjvJsonSchemaValidator: DeferredAjvValidator };
  standIn.loaded = true;
  load.cache[providerPath] = standIn;
  try {
    return load('@modelcontextprotocol/sdk/server/mcp.js') as typeof McpModule;
  } finally {
    delete load.cache[providerPath];
  }
}

/** The SDK's high-level server. */
export const { McpServer } = loadServerModule();
/** The SDK's stdio transport. */
export const { StdioServerTransport } = load('@modelcontextprotocol/sdk/server/stdio.js') as typeof StdioModule;
/** zod, the instance the SDK validates with. */
export const { z } = load('zod') as typeof ZodModule;
