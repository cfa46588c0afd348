/**
 * Typed Apache Arrow batches, one per logical table, built from a persist batch of analyzed files.
 *
 * Each column is filled straight into a pre-sized typed array (row counts are known before filling) and wrapped with
 * `makeData`; no Arrow builders, no dictionaries for text. Text columns are encoded once per column: the strings are
 * joined and encoded in one call, and when the column is pure ASCII (the common case for code) the offsets are the
 * JavaScript lengths. The symbol kind is an Arrow dictionary over the stored `ENUM` members, so its column is one byte
 * per row end to end. Each symbol's embedding is one `Float32` column per dimension (`EMBEDDING_COLUMNS`).
 *
 * @packageDocumentation
 */
import type { Data, DataType, Vector } from 'apache-arrow';
import type { AnalyzedFile, FailedFile, FileRecord } from '../../core/model.js';
import { fieldWordsOf } from '../../core/field-words.js';
import {
  Binary,
  Bool,
  Dictionary,
  Float32,
  Int32,
  Int64,
  RecordBatch,
  Uint8,
  Utf8,
  makeData,
  makeVector,
} from './duckdb-arrow.js';
import { LOADED_COLUMNS, SYMBOL_KINDS, embeddingColumns, loadedColumns, searchText } from './duckdb-schema.js';
import type { LoadedTable } from './duckdb-schema.js';

/** Largest handle an `INTEGER` column holds. */
const MAX_ID = 2_147_483_647;

/**
 * The symbols a re-analysed file had before the run, as an overlay run found them (`duckdb-writer.ts`): its
 * consecutive block of handles and, per symbol in handle order, what decides whether the block can be taken back.
 */
export interface PreviousBlock {
  /** First handle of the block (the file's symbols were `first … first + count − 1`). */
  readonly first: number;
  /** `kind`, `qualified name` per symbol: the same sequence takes the block back. */
  readonly shapes: readonly string[];
  /** Every column the resolver reads (besides the handle and the unchanged path), per symbol. */
  readonly inputs: readonly string[];
}

/**
 * The identity of a symbol for block reuse: kind and qualified name (the rule SQLite's writer applies).
 *
 * @param kind - The symbol's kind.
 * @param qualifiedName - Its qualified name.
 * @returns A comparable key.
 */
export function symbolShape(kind: string, qualifiedName: string): string {
  return `${kind}\0${qualifiedName}`;
}

/**
 * What the resolver reads of a symbol besides its handle and path (`ResolvableSymbol` in `src/core/resolver.ts`).
 *
 * @param name - The symbol's name.
 * @param qualifiedName - Its qualified name.
 * @param kind - Its kind.
 * @param startLine - Its first line.
 * @param slotTypes - Its slot types, if any.
 * @returns A comparable key.
 */
export function resolutionInputs(
  name: string,
  qualifiedName: string,
  kind: string,
  startLine: number,
  slotTypes: string | null | undefined,
): string {
  return JSON.stringify([name, qualifiedName, kind, startLine, slotTypes ?? null]);
}

/**
 * Hands out row handles in contiguous ranges. Full rebuilds start at 1 and allocate in persist (path) order, so the
 * same repository always gets the same ids; incremental runs start above the stored maximum. An overlay run offers the
 * re-analysed files' previous blocks ({@link offerBlocks}): a file whose symbols are the same `(kind, qualified name)`
 * sequence takes its block back, so edges of other files into it keep their targets.
 */
export class IdAllocator {
  private nextFile: number;
  private nextSymbol: number;
  private readonly offered = new Map<string, PreviousBlock>();
  /** Paths that took their block back. */
  readonly reused = new Set<string>();
  /**
   * Paths that took their block back with every resolution input equal: to the resolver, the index holds exactly the
   * symbols it held before for these files (same handles, names, kinds, lines, slot types, path).
   */
  readonly unchanged = new Set<string>();
  /** First handle each path of the run received (a block taken back, extended, or a new one). */
  readonly firsts = new Map<string, number>();

  /**
   * @param firstFileId - First file handle to hand out.
   * @param firstSymbolId - First symbol handle to hand out.
   */
  constructor(firstFileId: number, firstSymbolId: number) {
    this.nextFile = firstFileId;
    this.nextSymbol = firstSymbolId;
  }

  /**
   * Reserve `count` consecutive file handles.
   *
   * @param count - Number of handles.
   * @returns The first handle of the range.
   */
  takeFiles(count: number): number {
    const first = this.nextFile;
    this.nextFile = checkedEnd(first, count);
    return first;
  }

  /**
   * Reserve `count` consecutive symbol handles.
   *
   * @param count - Number of handles.
   * @returns The first handle of the range.
   */
  takeSymbols(count: number): number {
    const first = this.nextSymbol;
    this.nextSymbol = checkedEnd(first, count);
    return first;
  }

  /**
   * Offer previous blocks of handles, by path (an overlay run; full runs and compactions offer none).
   *
   * @param blocks - The re-analysed files' previous blocks.
   */
  offerBlocks(blocks: ReadonlyMap<string, PreviousBlock>): void {
    for (const [path, block] of blocks) this.offered.set(path, block);
  }

  /**
   * The first handle of a file's symbols: its previous block when offered and the symbols have the same shapes,
   * else a new block above every handle.
   *
   * @param path - The file's path.
   * @param symbols - Its symbols, in order.
   * @returns The first handle.
   */
  takeSymbolsOf(path: string, symbols: AnalyzedFile['analysis']['symbols']): number {
    const first = this.blockOf(path, symbols);
    this.firsts.set(path, first);
    return first;
  }

  private blockOf(path: string, symbols: AnalyzedFile['analysis']['symbols']): number {
    const block = this.offered.get(path);
    this.offered.delete(path); // a block is taken back at most once
    const count = block?.shapes.length ?? 0;
    const sameShapes = (): boolean =>
      block!.shapes.every((shape, i) => shape === symbolShape(symbols[i]!.kind, symbols[i]!.qualifiedName));
    if (block && symbols.length > 0 && count === symbols.length) {
      if (sameShapes()) {
        this.reused.add(path);
        const same = symbols.every(
          (symbol, i) =>
            block.inputs[i] ===
            resolutionInputs(symbol.name, symbol.qualifiedName, symbol.kind, symbol.startLine, symbol.slotTypes),
        );
        if (same) this.unchanged.add(path);
        return block.first;
      }
    }
    // A file that only gained symbols after its previous ones, whose block is the last one handed out: the block grows
    // in place (its previous symbols keep their handles, the new ones take the next handles, as a new block would).
    if (block && count > 0 && symbols.length > count && block.first + count === this.nextSymbol && sameShapes()) {
      this.reused.add(path);
      this.nextSymbol = checkedEnd(block.first, symbols.length);
      return block.first;
    }
    return this.takeSymbols(symbols.length);
  }
}

function checkedEnd(first: number, count: number): number {
  const end = first + count;
  if (end - 1 > MAX_ID)
    throw new RangeError('DuckDB index handles exhausted; run a full index (`codira index --full`)');
  return end;
}

/** The Arrow batches of one persist call, keyed by staged table. */
export type AnalyzedBatches = Readonly<Record<'files' | 'symbols' | 'calls' | 'refs' | 'findings', RecordBatch>>;

const KIND_CODES: ReadonlyMap<string, number> = new Map(SYMBOL_KINDS.map((kind, code) => [kind, code]));

/** Arrow dictionary type of the kind column; its dictionary is {@link SYMBOL_KINDS}. */
const KIND_TYPE = new Dictionary(new Utf8(), new Uint8());

let kindDictionary: Vector<Utf8> | undefined;

/**
 * Build the Arrow batches of one persist call and allocate the handles of its files and symbols.
 *
 * @param files - Analyzed files, in persist order.
 * @param ids - Handle allocator of the run.
 * @param dimension - Embedding vector length of the run's embedder.
 * @returns One batch per table, columns in the staged table's order.
 */
export function buildAnalyzedBatches(
  files: readonly AnalyzedFile[],
  ids: IdAllocator,
  dimension: number,
): AnalyzedBatches {
  let symbolCount = 0;
  let callCount = 0;
  let refCount = 0;
  let findingCount = 0;
  for (const { analysis } of files) {
    symbolCount += analysis.symbols.length;
    callCount += analysis.calls.length;
    refCount += analysis.references.length;
    findingCount += analysis.findings.length;
  }

  const fileIds = new Int32Array(files.length);
  const fileRecords = new FileRecordColumns(files.length);
  const languages: string[] = new Array<string>(files.length);
  const modules: string[] = new Array<string>(files.length);
  const firstSymbols = new Int32Array(files.length);
  const wordLists: string[] = new Array<string>(files.length);
  const postingLists: Uint8Array[] = new Array<Uint8Array>(files.length);
  const irregularFields: (string | null)[] = new Array<string | null>(files.length);

  const symbolIds = new Int32Array(symbolCount);
  const symbolFiles = new Int32Array(symbolCount);
  const names: string[] = new Array<string>(symbolCount);
  const qualifiedNames: string[] = new Array<string>(symbolCount);
  const kinds = new Uint8Array(symbolCount);
  const startLines = new Int32Array(symbolCount);
  const endLines = new Int32Array(symbolCount);
  const signatures: string[] = new Array<string>(symbolCount);
  const docstrings: (string | null)[] = new Array<string | null>(symbolCount);
  const slotTypes: (string | null)[] = new Array<string | null>(symbolCount);
  const searchTexts: string[] = new Array<string>(symbolCount);
  const exported = new Uint8Array((symbolCount + 7) >> 3);
  const vectors = new Float32Array(symbolCount * dimension);

  const calls = new EdgeColumns(callCount);
  const refs = new EdgeColumns(refCount);

  const findingFiles = new Int32Array(findingCount);
  const findingOrdinals = new Int32Array(findingCount);
  const findingLines = new Int32Array(findingCount);
  const rules: string[] = new Array<string>(findingCount);
  const findingSymbols: string[] = new Array<string>(findingCount);
  const messages: string[] = new Array<string>(findingCount);

  const firstFile = ids.takeFiles(files.length);
  let s = 0;
  let f = 0;
  for (let i = 0; i < files.length; i++) {
    const { file, analysis, embeddings } = files[i]!;
    const fileId = firstFile + i;
    // Per file: consecutive files without an offered block get consecutive blocks, as one range for the batch did.
    const base = ids.takeSymbolsOf(file.path, analysis.symbols);
    const localCount = analysis.symbols.length;
    fileIds[i] = fileId;
    fileRecords.set(i, file);
    languages[i] = analysis.language;
    modules[i] = analysis.module;
    const words = fieldWordsOf(analysis.symbols);
    firstSymbols[i] = base;
    wordLists[i] = words.words;
    postingLists[i] = words.postings;
    irregularFields[i] = words.irregular;
    if (embeddings.length !== localCount * dimension) {
      throw new RangeError(
        `${file.path}: ${embeddings.length} embedding values for ${localCount} symbols of dimension ${dimension}`,
      );
    }
    vectors.set(embeddings, s * dimension);
    const firstOfFile = s;
    for (const symbol of analysis.symbols) {
      const code = KIND_CODES.get(symbol.kind);
      if (code === undefined) throw new RangeError(`${file.path}: unknown symbol kind ${JSON.stringify(symbol.kind)}`);
      symbolIds[s] = base + (s - firstOfFile);
      symbolFiles[s] = fileId;
      names[s] = symbol.name;
      qualifiedNames[s] = symbol.qualifiedName;
      kinds[s] = code;
      startLines[s] = symbol.startLine;
      endLines[s] = symbol.endLine;
      signatures[s] = symbol.signature;
      docstrings[s] = symbol.docstring;
      slotTypes[s] = symbol.slotTypes ?? null;
      searchTexts[s] = searchText(symbol.name, symbol.qualifiedName, symbol.docstring);
      if (symbol.exported) exported[s >> 3]! |= 1 << (s & 7);
      s++;
    }
    analysis.calls.forEach((call, ordinal) => {
      const caller = symbolHandle(base, localCount, call.callerIndex, file);
      calls.push(fileId, ordinal, caller, call.line, call.calleeText, call.targetHint);
    });
    analysis.references.forEach((ref, ordinal) => {
      const owner = symbolHandle(base, localCount, ref.ownerIndex, file);
      refs.push(fileId, ordinal, owner, ref.line, ref.targetText, ref.targetHint);
    });
    const firstFinding = f;
    for (const finding of analysis.findings) {
      findingFiles[f] = fileId;
      findingOrdinals[f] = f - firstFinding;
      findingLines[f] = finding.line;
      rules[f] = finding.rule;
      findingSymbols[f] = finding.symbol;
      messages[f] = finding.message;
      f++;
    }
  }

  kindDictionary ??= makeVector(utf8Data(SYMBOL_KINDS));
  // One column per dimension: the row-major vectors transposed.
  const embedding: Record<string, Data> = {};
  embeddingColumns(dimension).forEach((name, d) => {
    const column = new Float32Array(symbolCount);
    for (let row = 0, at = d; row < symbolCount; row++, at += dimension) column[row] = vectors[at]!;
    embedding[name] = makeData({ type: new Float32(), length: symbolCount, data: column });
  });
  const symbolColumns = {
    id: int32Data(symbolIds),
    file_id: int32Data(symbolFiles),
    name: utf8Data(names),
    qualified_name: utf8Data(qualifiedNames),
    kind: makeData({ type: KIND_TYPE, length: symbolCount, data: kinds, dictionary: kindDictionary }),
    start_line: int32Data(startLines),
    end_line: int32Data(endLines),
    signature: utf8Data(signatures),
    docstring: utf8Data(docstrings),
    exported: makeData({ type: new Bool(), length: symbolCount, data: exported }),
    slot_types: utf8Data(slotTypes),
    search_text: utf8Data(searchTexts),
    ...embedding,
  };

  return {
    files: batch('files', {
      id: int32Data(fileIds),
      ...fileRecords.finish(),
      language: utf8Data(languages),
      module: utf8Data(modules),
      first_symbol_id: int32Data(firstSymbols),
      words: utf8Data(wordLists),
      word_postings: binaryData(postingLists),
      irregular_fields: utf8Data(irregularFields),
    }),
    symbols: batch('symbols', symbolColumns, dimension),
    calls: batch('calls', calls.finish('caller_id', 'callee_text')),
    refs: batch('refs', refs.finish('owner_id', 'target_text')),
    findings: batch('findings', {
      file_id: int32Data(findingFiles),
      ordinal: int32Data(findingOrdinals),
      line: int32Data(findingLines),
      rule: utf8Data(rules),
      symbol: utf8Data(findingSymbols),
      message: utf8Data(messages),
    }),
  };
}

/**
 * Build the Arrow batch of failed files.
 *
 * @param failures - Failed files of the run.
 * @returns A batch in the column order of the staged `failures` table.
 */
export function buildFailureBatch(failures: readonly FailedFile[]): RecordBatch {
  const records = new FileRecordColumns(failures.length);
  failures.forEach((failure, i) => records.set(i, failure.file));
  return batch('failures', { ...records.finish(), reason: utf8Data(failures.map((failure) => failure.reason)) });
}

/**
 * Build the Arrow batch of paths an incremental run replaces or deletes.
 *
 * @param paths - Changed and deleted paths.
 * @returns A one-column batch for the staged `run_paths` table.
 */
export function buildPathBatch(paths: readonly string[]): RecordBatch {
  return batch('run_paths', { path: utf8Data(paths) });
}

/**
 * Build the Arrow batch of stored resolution keys.
 *
 * @param table - `hint_keys` or `slot_keys`.
 * @param keys - The `key` column.
 * @param values - The second column (`hint` or `holder`), row for row.
 * @returns A batch for that table.
 */
export function buildKeyBatch(
  table: 'hint_keys' | 'slot_keys',
  keys: readonly string[],
  values: readonly string[],
): RecordBatch {
  const [, second] = LOADED_COLUMNS[table];
  return batch(table, { key: utf8Data(keys), [second!.name]: utf8Data(values) });
}

function symbolHandle(base: number, count: number, index: number, file: FileRecord): number {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${file.path}: symbol index ${index} out of range (${count} symbols)`);
  }
  return base + index;
}

/** The five file-record columns shared by `files` and `failures`. */
class FileRecordColumns {
  private readonly paths: string[];
  private readonly hashes: string[];
  private readonly sizes: BigInt64Array;
  private readonly mtimes: BigInt64Array;
  private readonly analyzers: string[];

  constructor(length: number) {
    this.paths = new Array<string>(length);
    this.hashes = new Array<string>(length);
    this.sizes = new BigInt64Array(length);
    this.mtimes = new BigInt64Array(length);
    this.analyzers = new Array<string>(length);
  }

  set(i: number, file: FileRecord): void {
    this.paths[i] = file.path;
    this.hashes[i] = file.hash;
    this.sizes[i] = BigInt(file.size);
    this.mtimes[i] = BigInt(Math.trunc(file.mtimeMs));
    this.analyzers[i] = file.analyzer;
  }

  finish(): Record<string, Data> {
    return {
      path: utf8Data(this.paths),
      hash: utf8Data(this.hashes),
      size: makeData({ type: new Int64(), length: this.sizes.length, data: this.sizes }),
      mtime_ms: makeData({ type: new Int64(), length: this.mtimes.length, data: this.mtimes }),
      analyzer: utf8Data(this.analyzers),
    };
  }
}

/** Columns of a call edge or callable reference, filled in order. */
class EdgeColumns {
  private readonly files: Int32Array;
  private readonly ordinals: Int32Array;
  private readonly owners: Int32Array;
  private readonly lines: Int32Array;
  private readonly texts: string[];
  private readonly hints: (string | null)[];
  private length = 0;

  constructor(capacity: number) {
    this.files = new Int32Array(capacity);
    this.ordinals = new Int32Array(capacity);
    this.owners = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
    this.texts = new Array<string>(capacity);
    this.hints = new Array<string | null>(capacity);
  }

  push(fileId: number, ordinal: number, ownerId: number, line: number, text: string, hint: string | null): void {
    const i = this.length++;
    this.files[i] = fileId;
    this.ordinals[i] = ordinal;
    this.owners[i] = ownerId;
    this.lines[i] = line;
    this.texts[i] = text;
    this.hints[i] = hint;
  }

  finish(ownerColumn: string, textColumn: string): Record<string, Data> {
    return {
      file_id: int32Data(this.files),
      ordinal: int32Data(this.ordinals),
      [ownerColumn]: int32Data(this.owners),
      line: int32Data(this.lines),
      [textColumn]: utf8Data(this.texts),
      target_hint: utf8Data(this.hints),
      target_id: nullInt32Data(this.length),
    };
  }
}

/**
 * Assemble a batch and check its columns against the table it is loaded into.
 *
 * @param table - Target table.
 * @param columns - Columns in the table's order.
 * @param dimension - Embedding vector length (`symbols` only).
 * @returns The batch.
 */
function batch(table: LoadedTable, columns: Record<string, Data>, dimension = 0): RecordBatch {
  const expected = loadedColumns(table, dimension).map((column) => column.name);
  const actual = Object.keys(columns);
  if (expected.join() !== actual.join()) {
    throw new Error(`Arrow batch for ${table} has columns ${actual.join()}, expected ${expected.join()}`);
  }
  return new RecordBatch(columns as Record<string, Data<DataType>>);
}

/**
 * An all-null `Int32` column: derived values are filled in by `rebuildDerived`.
 *
 * @param length - Row count.
 * @returns The column data.
 */
function nullInt32Data(length: number): Data<Int32> {
  return makeData({
    type: new Int32(),
    length,
    nullCount: length,
    nullBitmap: new Uint8Array((length + 7) >> 3),
    data: new Int32Array(length),
  });
}

function int32Data(values: Int32Array): Data<Int32> {
  return makeData({ type: new Int32(), length: values.length, data: values });
}

/**
 * Encode a non-null byte column as Arrow `Binary` (offsets + bytes).
 *
 * @param values - One byte array per row.
 * @returns The column.
 */
function binaryData(values: readonly Uint8Array[]): Data {
  const offsets = new Int32Array(values.length + 1);
  values.forEach((v, i) => (offsets[i + 1] = offsets[i]! + v.byteLength));
  const data = new Uint8Array(offsets[values.length]!);
  values.forEach((v, i) => data.set(v, offsets[i]!));
  return makeData({ type: new Binary(), length: values.length, valueOffsets: offsets, data });
}

/**
 * Encode a text column as Arrow `Utf8` (offsets + bytes, nulls in a validity bitmap).
 *
 * @param values - Column values; `null` is a null.
 * @returns The Arrow data.
 */
export function utf8Data(values: readonly (string | null)[]): Data<Utf8> {
  const length = values.length;
  const offsets = new Int32Array(length + 1);
  let nullCount = 0;
  let nullBitmap: Uint8Array | undefined;
  let joined = '';
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      nullCount++;
      if (!nullBitmap) nullBitmap = new Uint8Array((length + 7) >> 3).fill(0xff);
      nullBitmap[i >> 3]! &= ~(1 << (i & 7));
    } else {
      joined += value;
    }
  }
  let bytes = Buffer.from(joined, 'utf8');
  if (bytes.length === joined.length) {
    // Pure ASCII: byte offsets are the JavaScript lengths.
    let end = 0;
    for (let i = 0; i < length; i++) {
      end += values[i]?.length ?? 0;
      offsets[i + 1] = end;
    }
  } else {
    // Encode value by value: a surrogate pair split across two values must not merge in the joined encoding.
    let total = 0;
    for (let i = 0; i < length; i++) total += Buffer.byteLength(values[i] ?? '', 'utf8');
    bytes = Buffer.allocUnsafe(total);
    let end = 0;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value) end += bytes.write(value, end, 'utf8');
      offsets[i + 1] = end;
    }
  }
  return makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes });
}

/**
 * Each row of an edge batch (`calls`, `refs`) with its owner and its hint, read back from the batch's columns: an
 * overlay run resolves its own edges before it appends them (`duckdb-overlay-derived.ts`, `resolveOwnEdges`).
 *
 * @param edges - An edge batch as {@link buildAnalyzedBatches} built it.
 * @returns Per row: the owner handle (`caller_id` or `owner_id`) and the hint (`null`: none).
 */
export function edgeRows(edges: RecordBatch): [number, string | null][] {
  const column = (name: string): Data => {
    const index = edges.schema.fields.findIndex((field) => field.name === name);
    if (index < 0) throw new Error(`edge batch without ${name}`);
    return edges.data.children[index]!;
  };
  const owners = column(edges.schema.fields[2]!.name).values as Int32Array;
  const hints = column('target_hint');
  const offsets = hints.valueOffsets as Int32Array;
  const bytes = hints.values as Uint8Array;
  const decoder = new TextDecoder();
  return Array.from({ length: edges.numRows }, (_, row): [number, string | null] => [
    owners[row]!,
    hints.getValid(row) ? decoder.decode(bytes.subarray(offsets[row]!, offsets[row + 1]!)) : null,
  ]);
}

/**
 * An edge batch with its `target_id` column set.
 *
 * @param edges - An edge batch as {@link buildAnalyzedBatches} built it (all targets null).
 * @param targets - Per row, the target handle (`null`: none).
 * @returns The same columns with the targets.
 */
export function withTargets(edges: RecordBatch, targets: readonly (number | null)[]): RecordBatch {
  const length = edges.numRows;
  const values = new Int32Array(length);
  const valid = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  targets.forEach((target, row) => {
    if (target === null) {
      nullCount++;
      return;
    }
    values[row] = validTarget(target);
    valid[row >> 3]! |= 1 << (row & 7);
  });
  const columns: Record<string, Data> = {};
  edges.schema.fields.forEach((field, i) => {
    columns[field.name] = edges.data.children[i]!;
  });
  columns['target_id'] = makeData({ type: new Int32(), length, nullCount, nullBitmap: valid, data: values });
  return new RecordBatch(columns as Record<string, Data<DataType>>);
}

/**
 * A handle for an Int32 column.
 *
 * @param id - A symbol handle.
 * @returns The handle.
 */
function validTarget(id: number): number {
  if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) throw new RangeError(`not a symbol handle: ${id}`);
  return id;
}
