/**
 * The MCP SDK and zod, loaded through their CommonJS builds.
 *
 * Start-up to the first answer is mostly module loading, and the SDK (with zod and ajv) is most of it. Its CommonJS
 * build loads with about a quarter less CPU than its ES module build (125 vs 163 ms per process on the development
 * machine, `docs/process/issue-14-execution.md`): ES module loading resolves and links every one of the SDK's and
 * zod's many files asynchronously. zod comes from the same build as the SDK's, so the process holds one copy of it and
 * the tools' schemas are the SDK's own kind.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type * as McpModule from '@modelcontextprotocol/sdk/server/mcp.js';
import type * as StdioModule from '@modelcontextprotocol/sdk/server/stdio.js';
import type * as ZodModule from 'zod';

const load = createRequire(import.meta.url);

/** The SDK's high-level server. */
export const { McpServer } = load('@modelcontextprotocol/sdk/server/mcp.js') as typeof McpModule;
/** The SDK's stdio transport. */
export const { StdioServerTransport } = load('@modelcontextprotocol/sdk/server/stdio.js') as typeof StdioModule;
/** zod, the instance the SDK validates with. */
export const { z } = load('zod') as typeof ZodModule;
