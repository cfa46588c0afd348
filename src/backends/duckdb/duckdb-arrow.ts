/**
 * The parts of Apache Arrow the writer builds batches with, loaded with `require` from the package's CommonJS
 * modules. `import 'apache-arrow'` evaluates the package's whole ESM graph (~150 modules: readers, writers, IPC) and
 * measured ~110 ms of CPU per index run; these five modules with their dependencies ~43 ms. Every DuckDB index run
 * pays it, a one-file incremental one included. Each class is exported with its type under the same name.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type * as ArrowData from 'apache-arrow/data';
import type * as ArrowEnum from 'apache-arrow/enum';
import type * as ArrowRecordBatch from 'apache-arrow/recordbatch';
import type * as ArrowType from 'apache-arrow/type';
import type * as ArrowVector from 'apache-arrow/vector';
import { withDefaultFlags } from '../../core/default-flags.js';
import { traceEvent } from '../../core/phases.js';

/** The five modules the writer uses. */
interface ArrowModules {
  readonly type: typeof ArrowType;
  readonly recordbatch: typeof ArrowRecordBatch;
  readonly data: typeof ArrowData;
  readonly vector: typeof ArrowVector;
  readonly enum: typeof ArrowEnum;
}

/**
 * The same modules bundled into one CommonJS file with a V8 code cache beside this module's compiled copy
 * (`dist/backends/duckdb/arrow-bundle.cjs`, built by `scripts/bundle-cli.mjs`): ~6 ms of CPU to load instead of ~30
 * for the package's files one by one (issue 12, session 19). Loaded under V8's default flags, which its cache was made
 * with (an index run changes them for its tiering).
 */
const BUNDLE = fileURLToPath(new URL('./arrow-bundle.cjs', import.meta.url));

/**
 * Load the bundle with its code cache.
 *
 * @returns Its exports.
 */
function loadBundled(): ArrowModules {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${BUNDLE}.v8cache`);
  } catch {
    cachedData = undefined;
  }
  // The wrapper Node's CommonJS loader gives a module.
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(BUNDLE, 'utf8')}\n})`;
  const script = new Script(source, { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
  traceEvent(`apache-arrow bundle code cache ${cachedData && !script.cachedDataRejected ? 'used' : 'not used'}`);
  const module = { exports: {} as ArrowModules };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(BUNDLE),
    module,
    BUNDLE,
    dirname(BUNDLE),
  );
  return module.exports;
}

/**
 * The writer's Arrow modules: from the bundle when the build made one, else from the package.
 *
 * @returns The modules.
 */
function loadArrow(): ArrowModules {
  if (existsSync(BUNDLE)) return withDefaultFlags(loadBundled);
  const require = createRequire(import.meta.url);
  return {
    type: require('apache-arrow/type') as typeof ArrowType,
    recordbatch: require('apache-arrow/recordbatch') as typeof ArrowRecordBatch,
    data: require('apache-arrow/data') as typeof ArrowData,
    vector: require('apache-arrow/vector') as typeof ArrowVector,
    enum: require('apache-arrow/enum') as typeof ArrowEnum,
  };
}

const arrow = loadArrow();

export const { Binary, Bool, Dictionary, Float32, Int32, Int64, Uint8, Utf8 } = arrow.type;
/** Arrow's 32-bit integer type. */
export type Int32 = ArrowType.Int32;
/** Arrow's UTF-8 text type. */
export type Utf8 = ArrowType.Utf8;
export const { RecordBatch } = arrow.recordbatch;
/** An Arrow record batch (one per table and persist batch). */
export type RecordBatch = ArrowRecordBatch.RecordBatch;
export const { makeData } = arrow.data;
export const { makeVector } = arrow.vector;
export const { Type } = arrow.enum;
