/**
 * The read path's entry: a plain invocation of a read command (`read-commands.ts`), run from one CommonJS bundle.
 *
 * Why: a `codira sym` on SQLite spent about as much CPU above a bare `node` start in Node's ES module loader
 * (resolving, reading, linking and compiling ~25 modules one by one) as in the query itself and the database open
 * together (`docs/process/issue-12-execution.md`, session 17). The build bundles this entry with everything it
 * reaches (`scripts/bundle-sdk.mjs` → `dist/cli/read-bundle.cjs`) and writes a V8 code cache beside it
 * (`server/bundle-loader.ts`), so a read command loads one file whose code is already compiled. The writers are not
 * in the bundle (a read command never writes); the native drivers stay ordinary packages.
 *
 * Anything this entry does not run — another command, or a command line the plain parser declines (`--help`, a parse
 * error, …) — it hands back untouched, and `bin/codira.js` loads the full CLI, which behaves exactly as before.
 *
 * @packageDocumentation
 */
import { READ_COMMAND_LOADERS } from './read-commands.js';
import { runPlainCommand } from './plain-entry.js';

/**
 * Run a plain read command.
 *
 * @param argv - Arguments after the script name.
 * @returns `false` when this is not a plain read command (nothing was run); `true` once the command ran (or its
 *   error was reported).
 */
export function runReadCommand(argv: readonly string[]): Promise<boolean> {
  return runPlainCommand(READ_COMMAND_LOADERS, argv);
}
