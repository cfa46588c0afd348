#!/usr/bin/env node
// Build step after tsc: bundle the server's SDK entry (src/server/sdk-entry.ts: the MCP SDK's server and stdio
// transport, zod's constructors) into dist/server/sdk-bundle.cjs with rolldown, with the SDK's ajv provider replaced
// by src/server/deferred-ajv.ts, and write its V8 code cache. Why: src/server/sdk.ts. Without rolldown (an install
// without dev dependencies) it says so and stops; the server then loads the installed packages unbundled.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareBundle } from './bundle-prelude.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/server/sdk-bundle.cjs`;

const rolldown = await prepareBundle(
  bundle,
  'bundle-sdk: rolldown is not installed; the server will load the MCP SDK unbundled',
);
const deferredAjv = `${root}src/server/deferred-ajv.ts`;
await rolldown.build({
  input: `${root}src/server/sdk-entry.ts`,
  cwd: root,
  platform: 'node',
  logLevel: 'warn',
  plugins: [
    {
      name: 'codira-deferred-ajv',
      resolveId: (source, importer) =>
        importer?.includes('@modelcontextprotocol/sdk') && /\/validation\/ajv-provider\.js$/.test(source)
          ? deferredAjv
          : null,
    },
  ],
  output: { file: bundle, format: 'cjs' },
});
if (!existsSync(bundle)) throw new Error(`bundle-sdk: ${bundle} was not written`);
const { writeBundleCache } = await import(`${root}dist/server/bundle-loader.js`);
const bytes = writeBundleCache(bundle);
process.stderr.write(`bundle-sdk: dist/server/sdk-bundle.cjs with a ${Math.round(bytes / 1024)} KiB code cache\n`);
