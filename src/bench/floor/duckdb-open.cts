/**
 * The `duckdb-open` floor of a campaign: `node dist/bench/floor/duckdb-open.cjs <state dir>` does what every DuckDB
 * read command does before its query, and nothing else — loads the DuckDB bindings the way the read path loads them
 * (`src/backends/duckdb/duckdb-native.ts`, `loadBindings`: the platform package's addon, found by a `stat` per lookup
 * folder, hence `dlopen` of libduckdb), opens the index read-only with the read path's settings
 * (`NativeReadConnection.openReadOnly`), connects, runs the read path's version and inventory check (`readMeta` in
 * `duckdb-open.ts`: one statement through `query`), prints `{"rows"}` (the meta rows read) as JSON and exits the way
 * a read command exits (`process.exit` once stdout is flushed, leaving the engine's teardown to the exit). No query
 * of codira's, no ranking, no rendering.
 *
 * Its CPU against `floor-node` is DuckDB's fixed cost per process: the floor under every DuckDB read command, and
 * the open part of a DuckDB one-file index run (which opens for writing: a little more).
 *
 * Why a CommonJS script of its own instead of importing `duckdb-open.ts`: a process that imports codira's ES modules
 * from `dist/` pays Node's ES module loader and the compilation of each module — 13.5–15.4 ms of CPU more than
 * these lines doing the same open, as much as a whole DuckDB `sym` through codira's read bundle, which loads with a V8
 * code cache (medians of 9 and 11 rounds, `docs/process/issue-12-execution.md`, session 25). A floor must not cost more than the command it bounds. The
 * lines below mirror those two files; a change of the read path's settings or check belongs here too.
 *
 * @packageDocumentation
 */
// A CommonJS module under `verbatimModuleSyntax` imports with `import x = require(...)` only.
/* eslint-disable @typescript-eslint/no-require-imports */
import fs = require('node:fs');
import nodeModule = require('node:module');
import nodePath = require('node:path');

/** The bindings' functions this script calls. */
interface Bindings {
  create_config(): unknown;
  set_config(config: unknown, name: string, value: string): void;
  open(path: string, config: unknown): Promise<unknown>;
  connect(database: unknown): Promise<unknown>;
  query(connection: unknown, sql: string): Promise<unknown>;
  result_chunk_count(result: unknown): number;
  result_get_chunk(result: unknown, index: number): unknown;
  data_chunk_get_size(chunk: unknown): number;
}

const load = nodeModule.createRequire(__filename);

/** The index file in a state folder (`indexFilePath` of `duckdb-schema.ts`). */
const INDEX_FILE = 'index.duckdb';

/**
 * `installedFile` of `duckdb-native.ts`: where `require` would find a file of a package without an `exports` map.
 *
 * @param request - Package name and path inside it.
 * @returns The file, or `undefined` when none is installed.
 */
function installedFile(request: string): string | undefined {
  for (const folder of load.resolve.paths(request) ?? []) {
    const file = nodePath.join(folder, request);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  return undefined;
}

/**
 * `loadBindings` of `duckdb-native.ts`.
 *
 * @returns The bindings.
 */
function loadBindings(): Bindings {
  if (process.platform === 'linux') {
    const installed = ['', '-musl'].flatMap((libc) => {
      const file = installedFile(`@duckdb/node-bindings-linux-${process.arch}${libc}/duckdb.node`);
      return file === undefined ? [] : [file];
    });
    if (installed.length === 1) return load(installed[0]!) as Bindings;
  }
  return load('@duckdb/node-bindings') as Bindings;
}

/** What the open read. */
interface DuckDbOpenReport {
  /** Rows of the meta table (1 in an index codira wrote). */
  readonly rows: number;
}

/**
 * Open a DuckDB index read-only as a read command does and run its version check; the handles are left to the exit.
 *
 * @param stateDir - The index's state folder (`<output dir>/.codira`).
 * @returns What the check read.
 * @throws An error when there is no index there (`statBase` of `duckdb-open.ts`), or DuckDB cannot open or read it.
 */
async function openDuckDbFloor(stateDir: string): Promise<DuckDbOpenReport> {
  const path = nodePath.join(stateDir, INDEX_FILE);
  if (!fs.statSync(path, { throwIfNoEntry: false })?.isFile()) throw new Error(`no index at ${path}`);
  const duckdb = loadBindings();
  const config = duckdb.create_config();
  duckdb.set_config(config, 'access_mode', 'READ_ONLY');
  duckdb.set_config(config, 'autoload_known_extensions', 'false');
  duckdb.set_config(config, 'autoinstall_known_extensions', 'false');
  duckdb.set_config(config, 'enable_external_access', 'false');
  duckdb.set_config(config, 'threads', '1');
  const database = await duckdb.open(path, config);
  const connection = await duckdb.connect(database);
  const result = await duckdb.query(connection, 'SELECT contract_version, layout, meta_json, generation FROM meta');
  let rows = 0;
  for (let i = 0; i < duckdb.result_chunk_count(result); i++) {
    rows += duckdb.data_chunk_get_size(duckdb.result_get_chunk(result, i));
  }
  return { rows };
}

if (require.main === module) {
  const stateDir = process.argv[2];
  if (stateDir === undefined) {
    process.stderr.write('usage: node duckdb-open.cjs <state dir of a DuckDB index>\n');
    process.exitCode = 2;
  } else {
    openDuckDbFloor(nodePath.resolve(stateDir)).then(
      (report) => process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit()),
      (error: unknown) => {
        process.stderr.write(`duckdb-open: ${(error as Error).message.split('\n')[0]}\n`);
        process.exit(1);
      },
    );
  }
}
