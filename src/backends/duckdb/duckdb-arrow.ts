/**
 * The parts of Apache Arrow the writer builds batches with, loaded with `require` from the package's CommonJS
 * modules. `import 'apache-arrow'` evaluates the package's whole ESM graph (~150 modules: readers, writers, IPC) and
 * measured ~110 ms of CPU per index run; these five modules with their dependencies ~43 ms. Every DuckDB index run
 * pays it, a one-file incremental one included. Each class is exported with its type under the same name.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import type * as ArrowData from 'apache-arrow/data';
import type * as ArrowEnum from 'apache-arrow/enum';
import type * as ArrowRecordBatch from 'apache-arrow/recordbatch';
import type * as ArrowType from 'apache-arrow/type';
import type * as ArrowVector from 'apache-arrow/vector';

const require = createRequire(import.meta.url);
const types = require('apache-arrow/type') as typeof ArrowType;

export const { Binary, Bool, Dictionary, Float32, Int32, Int64, Uint8, Utf8 } = types;
/** Arrow's 32-bit integer type. */
export type Int32 = ArrowType.Int32;
/** Arrow's UTF-8 text type. */
export type Utf8 = ArrowType.Utf8;
export const { RecordBatch } = require('apache-arrow/recordbatch') as typeof ArrowRecordBatch;
/** An Arrow record batch (one per table and persist batch). */
export type RecordBatch = ArrowRecordBatch.RecordBatch;
export const { makeData } = require('apache-arrow/data') as typeof ArrowData;
export const { makeVector } = require('apache-arrow/vector') as typeof ArrowVector;
export const { Type } = require('apache-arrow/enum') as typeof ArrowEnum;
