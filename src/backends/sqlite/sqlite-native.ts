/**
 * Opening a better-sqlite3 database. The package is loaded with `require`: it is CommonJS, and an ESM `import` of it
 * first runs Node's export lexer over each of its modules to find named exports we never use, which measured ~4 ms of
 * CPU per process (11 ms against 7 ms for the load) — a tenth of what a query adds to a bare `node` start.
 *
 * The native addon is handed to better-sqlite3 (its `nativeBinding` option) from where the package's install puts it,
 * so an open does not load the `bindings` package, which finds the addon by walking a stack trace and trying a dozen
 * candidate paths. Where the addon is not there (another install layout), better-sqlite3 searches as it always did.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

const load = createRequire(import.meta.url);
const PACKAGE = 'better-sqlite3';
// The read bundle turns this load into a plain `require` (scripts/bundle-read.mjs), so the package's JavaScript is
// bundled with the read path.
const Database = load('better-sqlite3') as typeof BetterSqlite3;

let addon: string | null | undefined;

function installedAddon(): string | null {
  try {
    const file = join(dirname(load.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/**
 * Open a connection, as `new Database(file, options)` of better-sqlite3 does.
 *
 * @param file - The database file.
 * @param options - better-sqlite3's options.
 * @returns The connection.
 */
export function openSqliteDatabase(file: string, options?: BetterSqlite3.Options): BetterSqlite3.Database {
  addon ??= installedAddon();
  if (addon !== null) return new Database(file, { ...options, nativeBinding: addon });
  // Elsewhere the installed package finds its addon itself, from its own folder (which a bundled copy is not in).
  return new (load(PACKAGE) as typeof BetterSqlite3)(file, options);
}
