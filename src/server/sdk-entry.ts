/**
 * Everything the server takes from the MCP SDK and zod, in one module. `scripts/bundle-sdk.mjs` bundles it, with the
 * parts of the SDK and zod it reaches, into `dist/server/sdk-bundle.cjs`, which `sdk.ts` loads; when no bundle was
 * built (sources run by the test runner), `sdk.ts` imports this module itself.
 *
 * Only the zod constructors the tools' schemas use are exported, by name, so the bundle keeps what they reach and
 * leaves the rest of zod out (its 60-odd locales alone were a sixth of the SDK's start-up cost).
 *
 * @packageDocumentation
 */
import { boolean, number, string } from 'zod';

export { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/** The zod constructors the tools' input schemas are built with (the instance the SDK validates with). */
export const z = { boolean, number, string };
