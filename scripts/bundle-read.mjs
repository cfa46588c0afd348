#!/usr/bin/env node
// Build step after tsc: bundle the read path's entry (src/cli/read-entry.ts: the plain read commands, the CLI context
// they need and every backend's reader) into dist/cli/read-bundle.cjs with rolldown, and write its V8 code cache.
// Why: src/cli/read-entry.ts. better-sqlite3's JavaScript is bundled too (its native addon and every other package
// stay ordinary requires). The writers are replaced by a module that throws: a read command never writes, and
// bin/codira.js sends every other command to the full CLI. Without rolldown (an install without dev dependencies) it
// says so and stops; bin/codira.js then loads the full CLI for every command.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareBundle } from './bundle-prelude.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/cli/read-bundle.cjs`;
const NO_WRITER = '\0codira-no-writer';

const rolldown = await prepareBundle(
  bundle,
  'bundle-read: rolldown is not installed; read commands will load the full CLI',
);
await rolldown.build({
  input: `${root}src/cli/read-entry.ts`,
  cwd: root,
  platform: 'node',
  logLevel: 'warn',
  plugins: [
    {
      name: 'codira-read-path',
      resolveId(source) {
        if (/\/(sqlite|duckdb|memory)-writer\.js$/.test(source)) return { id: NO_WRITER, moduleSideEffects: true };
        if (/^better-sqlite3(\/|$)/.test(source) || /^[./]/.test(source) || source.startsWith('\0')) return null;
        return { id: source, external: true }; // node: built-ins and every other package
      },
      load: (id) => (id === NO_WRITER ? 'throw new Error("codira: the read bundle holds no writer");' : null),
      // sqlite-native.ts loads better-sqlite3 through createRequire (see there); in the bundle it is a plain require,
      // which the bundler follows.
      transform(code, id) {
        if (!id.endsWith('/src/backends/sqlite/sqlite-native.ts')) return null;
        const loaded = "load('better-sqlite3')";
        if (!code.includes(loaded)) throw new Error(`bundle-read: ${loaded} not found in sqlite-native.ts`);
        return code.replace(loaded, "require('better-sqlite3')");
      },
    },
  ],
  output: { file: bundle, format: 'cjs', codeSplitting: false },
});
if (!existsSync(bundle)) throw new Error(`bundle-read: ${bundle} was not written`);
if (!readFileSync(bundle, 'utf8').includes('node_modules/better-sqlite3/lib/database.js')) {
  throw new Error('bundle-read: better-sqlite3 was not bundled');
}
// The cache, written after every read command ran once over a fixture index (scripts/warm-read-cache.mjs, in a process
// of its own: the commands print and may exit); if that cannot run, the cache of the load alone.
const warmed = spawnSync(process.execPath, [`${root}scripts/warm-read-cache.mjs`, bundle], {
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
let bytes = Number(/warm-read-cache: (\d+)/.exec(warmed.stderr ?? '')?.[1] ?? NaN);
if (warmed.status !== 0 || !(bytes > 0)) {
  process.stderr.write(`bundle-read: the warmed code cache failed, caching the load only:\n${warmed.stderr ?? ''}\n`);
  const { writeBundleCache } = await import(`${root}dist/server/bundle-loader.js`);
  bytes = writeBundleCache(bundle);
}
process.stderr.write(`bundle-read: dist/cli/read-bundle.cjs with a ${Math.round(bytes / 1024)} KiB code cache\n`);
