/**
 * The MCP SDK and zod, loaded from one bundle.
 *
 * Start-up to the first answer was mostly loading the SDK with zod (about 90 ms of CPU on the development machine,
 * against 80 ms for a whole `codira sym` process): Node resolved, read and compiled about 170 files, among them all of
 * zod's locales, zod 3 (which the SDK keeps for servers written against it) and ajv. The build bundles `sdk-entry.ts`
 * into `sdk-bundle.cjs` (`scripts/bundle-sdk.mjs`): one file, only what the entry reaches, ajv deferred until a JSON
 * Schema is compiled (`deferred-ajv.ts`), and a V8 code cache beside it (`bundle-loader.ts`). Loading it costs about
 * 25 ms of CPU (`docs/process/issue-14-execution.md`, session 13). It is the SDK's own code; one zod instance serves
 * the SDK and the tools' schemas.
 *
 * Without a bundle (sources run by the test runner, or an install without the build's bundler) the entry is imported
 * as it is: the same exports, loaded from the installed packages.
 *
 * @packageDocumentation
 */
import { fileURLToPath } from 'node:url';
import { loadBundle } from './bundle-loader.js';
import type * as SdkEntry from './sdk-entry.js';

const bundle = fileURLToPath(new URL('./sdk-bundle.cjs', import.meta.url));

async function loadSdk(): Promise<typeof SdkEntry> {
  try {
    return loadBundle(bundle).exports as typeof SdkEntry;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return import('./sdk-entry.js');
  }
}

const sdk = await loadSdk();
/** The SDK's high-level server. */
export const McpServer = sdk.McpServer;
/** The SDK's stdio transport. */
export const StdioServerTransport = sdk.StdioServerTransport;
/** zod's constructors, from the instance the SDK validates with. */
export const z = sdk.z;
