/**
 * The DuckDB read session: one statement (or two, for edges) per contract call, with the exact row orders of
 * `docs/architecture/index-semantics.md`.
 *
 * - Point lookups by handle are single-table queries served by the ART indexes, joined to file data and symbol names
 *   in JavaScript and sorted with the code point comparators of `src/core/text.ts` (joins in SQL would scan and
 *   decompress whole tables to build hash tables).
 * - Scans (names, lexical matching, listings, findings, embeddings) join and order in SQL.
 * - File identity (path, module, language) is read once per session and cached: symbol rows carry only a file handle.
 * - Handles are inlined as integer literals (validated numbers); text arguments are always bound parameters.
 * - Every order ends with the analyzer's own order within a file (symbol handle or edge `ordinal`), which is how the
 *   memory reference breaks ties with its stable sorts, so output is total and identical across backends.
 *
 * @packageDocumentation
 */
import type { ListSymbolsOptions, ReadSession } from '../../core/contracts.js';
import type {
  CallEdgeRow,
  EmbeddingMatrix,
  FailedFile,
  FileRecord,
  FindingRow,
  IndexMeta,
  ReferenceRow,
  SymbolMetricsRow,
  SymbolRow,
} from '../../core/model.js';
import { compareSymbols, compareText } from '../../core/text.js';
import type { NativeReadConnection, ResultColumns } from './duckdb-native.js';
import { SEARCH_SEPARATOR, SYMBOL_KINDS } from './duckdb-schema.js';

/** What a symbol row needs from its file. */
interface FileInfo {
  readonly path: string;
  readonly module: string;
  readonly language: string;
}

const SYMBOL_COLUMNS =
  's.id, s.file_id, s.qualified_name, s.name, s.kind, s.start_line, s.end_line, s.signature, s.docstring, s.exported';
const SYMBOL_ORDER = 'f.path, s.start_line, s.qualified_name, s.kind, s.id';
const EDGE_TABLES = {
  calls: { owner: 'caller_id', text: 'callee_text' },
  refs: { owner: 'owner_id', text: 'target_text' },
} as const;

/** Read session over an open read-only connection. */
export class DuckDbReadSession implements ReadSession {
  private fileCache: Promise<Map<number, FileInfo>> | undefined;

  /**
   * @param db - Read-only connection to the index.
   * @param inventory - The inventory read by the version check.
   */
  constructor(
    private readonly db: NativeReadConnection,
    private readonly inventory: IndexMeta,
  ) {}

  /** @returns The stored inventory. */
  async meta(): Promise<IndexMeta> {
    return this.inventory;
  }

  /** @returns Indexed files by path. */
  async files(): Promise<readonly FileRecord[]> {
    return fileRecords(await this.db.select('SELECT path, hash, size, mtime_ms, analyzer FROM files ORDER BY path'));
  }

  /** @returns Stored failures by path. */
  async failures(): Promise<readonly FailedFile[]> {
    const r = await this.db.select('SELECT path, hash, size, mtime_ms, analyzer, reason FROM failures ORDER BY path');
    const reasons = r.requiredTexts(5);
    return fileRecords(r).map((file, i) => ({ file, reason: reasons[i]! }));
  }

  /**
   * @param names - Short or qualified names.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Matching symbols in symbol order.
   */
  async symbolsByName(names: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    if (names.length === 0) return [];
    const params = [...names];
    const list = placeholders(1, names.length);
    const where = [`(s.name IN (${list}) OR s.qualified_name IN (${list}))`];
    if (pathPrefix) where.push(prefixClause(params, pathPrefix));
    const r = await this.db.select(
      `SELECT ${SYMBOL_COLUMNS} FROM symbols s JOIN files f ON f.id = s.file_id WHERE ${where.join(' AND ')}
       ORDER BY ${SYMBOL_ORDER}`,
      params,
    );
    return symbolRows(r, await this.fileInfo());
  }

  /**
   * @param ids - Symbol handles.
   * @returns Those symbols in symbol order.
   */
  async symbolsById(ids: readonly number[]): Promise<readonly SymbolRow[]> {
    const list = idList(ids);
    if (list === '') return [];
    const [r, files] = await Promise.all([
      this.db.select(`SELECT ${SYMBOL_COLUMNS} FROM symbols s WHERE s.id IN (${list})`),
      this.fileInfo(),
    ]);
    return symbolRows(r, files).sort((a, b) => compareSymbols(a, b) || a.id - b.id);
  }

  /**
   * @param terms - Lower-case terms.
   * @param pathPrefix - Optional literal path prefix.
   * @returns Symbols whose name, qualified name or docstring contains a term, in symbol order.
   */
  async symbolsMatching(terms: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    if (terms.length === 0) return [];
    const params = [...terms];
    // The stored search text holds the three fields lower-cased and NUL-separated; a term with a NUL (never produced
    // by the query tokenizer) could match across fields, so it is tested field by field.
    const matches = terms.map((term, i) =>
      term.includes(SEARCH_SEPARATOR)
        ? `contains(lower(s.name), $${i + 1}) OR contains(lower(s.qualified_name), $${i + 1}) ` +
          `OR contains(lower(coalesce(s.docstring, '')), $${i + 1})`
        : `contains(s.search_text, $${i + 1})`,
    );
    const where = [`(${matches.join(' OR ')})`];
    if (pathPrefix) where.push(prefixClause(params, pathPrefix));
    const r = await this.db.select(
      `SELECT ${SYMBOL_COLUMNS} FROM symbols s JOIN files f ON f.id = s.file_id WHERE ${where.join(' AND ')}
       ORDER BY ${SYMBOL_ORDER}`,
      params,
    );
    return symbolRows(r, await this.fileInfo());
  }

  /**
   * @param options - Filters and limit.
   * @returns Symbols with metrics, most connected first.
   */
  async listSymbols(options: ListSymbolsOptions): Promise<readonly SymbolMetricsRow[]> {
    const params: string[] = [];
    const where: string[] = [];
    if (options.pathPrefix) where.push(prefixClause(params, options.pathPrefix));
    if (options.kinds) {
      const known = options.kinds.filter((kind) => (SYMBOL_KINDS as readonly string[]).includes(kind));
      if (known.length === 0) return [];
      where.push(`s.kind IN (${placeholders(params.length + 1, known.length)})`);
      params.push(...known);
    }
    const limit = options.limit === undefined ? '' : ` LIMIT ${nonNegativeInteger(options.limit)}`;
    const r = await this.db.select(
      `SELECT ${SYMBOL_COLUMNS}, coalesce(m.fan_in, 0) AS fan_in, coalesce(m.fan_out, 0) AS fan_out
       FROM symbols s JOIN files f ON f.id = s.file_id LEFT JOIN metrics m ON m.symbol_id = s.id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY fan_in DESC, fan_out DESC, s.qualified_name, f.path, s.start_line, s.kind, s.id${limit}`,
      params,
    );
    const rows = symbolRows(r, await this.fileInfo());
    const fanIn = r.requiredInts(10);
    const fanOut = r.requiredInts(11);
    return rows.map((row, i) => ({ ...row, fanIn: fanIn[i]!, fanOut: fanOut[i]! }));
  }

  /**
   * @param callerIds - Caller handles.
   * @returns Their call edges by path, line, callee text.
   */
  async callsFrom(callerIds: readonly number[]): Promise<readonly CallEdgeRow[]> {
    const rows = await this.edges('calls', 'caller_id', callerIds);
    rows.sort(outgoingOrder);
    return rows.map(toCallEdge);
  }

  /**
   * @param targetIds - Target handles.
   * @returns Call edges resolved to them by path, line, caller.
   */
  async callsTo(targetIds: readonly number[]): Promise<readonly CallEdgeRow[]> {
    const rows = await this.edges('calls', 'target_id', targetIds);
    rows.sort(incomingOrder);
    return rows.map(toCallEdge);
  }

  /**
   * @param ownerIds - Owner handles.
   * @returns Their references by path, line, target text.
   */
  async referencesFrom(ownerIds: readonly number[]): Promise<readonly ReferenceRow[]> {
    const rows = await this.edges('refs', 'owner_id', ownerIds);
    rows.sort(outgoingOrder);
    return rows.map(toReference);
  }

  /**
   * @param targetIds - Target handles.
   * @returns References resolved to them by path, line, owner.
   */
  async referencesTo(targetIds: readonly number[]): Promise<readonly ReferenceRow[]> {
    const rows = await this.edges('refs', 'target_id', targetIds);
    rows.sort(incomingOrder);
    return rows.map(toReference);
  }

  /**
   * @param pathPrefix - Optional literal path prefix.
   * @returns Findings by path, line, rule, symbol.
   */
  async findings(pathPrefix?: string): Promise<readonly FindingRow[]> {
    const params: string[] = [];
    const where = pathPrefix ? `WHERE ${prefixClause(params, pathPrefix)}` : '';
    const [r, files] = await Promise.all([
      this.db.select(
        `SELECT x.file_id, x.line, x.rule, x.symbol, x.message FROM findings x JOIN files f ON f.id = x.file_id ${where}
         ORDER BY f.path, x.line, x.rule, x.symbol, x.ordinal`,
        params,
      ),
      this.fileInfo(),
    ]);
    const lines = r.requiredInts(1);
    const rules = r.requiredTexts(2);
    const symbols = r.requiredTexts(3);
    const messages = r.requiredTexts(4);
    return r.requiredInts(0).map((fileId, i) => ({
      path: files.get(fileId)!.path,
      line: lines[i]!,
      rule: rules[i]!,
      symbol: symbols[i]!,
      message: messages[i]!,
    }));
  }

  /** @returns Every embedding, rows in symbol order. */
  async embeddings(): Promise<EmbeddingMatrix> {
    const dimension = this.inventory.embedder.dimension;
    const width = dimension * 4;
    // Sorting carries no blobs: the order comes from a narrow query, the vectors from a plain scan placed by handle.
    const order = await this.db.select(
      `SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id ORDER BY ${SYMBOL_ORDER}`,
    );
    const blobs = await this.db.selectStreaming('SELECT id, embedding FROM symbols');
    const symbolIds = order.requiredInts(0);
    const rowOf = new Int32Array(symbolIds.reduce((max, id) => Math.max(max, id), 0) + 1);
    symbolIds.forEach((id, row) => (rowOf[id] = row));
    const ids = blobs.requiredInts(0);
    const vectors = new Float32Array(symbolIds.length * dimension);
    const out = new Uint8Array(vectors.buffer);
    // Stored order mostly follows symbol order, so consecutive vectors are copied as one range.
    let source: Uint8Array | undefined;
    let from = 0;
    let to = 0;
    let length = 0;
    const flush = (): void => {
      if (source && length > 0) out.set(source.subarray(from, from + length), to);
      length = 0;
    };
    blobs.forEachBlob(1, (i, bytes, start, size) => {
      if (size !== width) throw new Error(`stored vector of ${size} bytes, expected ${width}`);
      const target = rowOf[ids[i]!]! * width;
      if (bytes !== source || start !== from + length || target !== to + length) {
        flush();
        source = bytes;
        from = start;
        to = target;
      }
      length += size;
    });
    flush();
    return { dimension, symbolIds, vectors };
  }

  /** Release the connection. */
  async close(): Promise<void> {
    this.db.close();
  }

  /**
   * File identity by handle, read on first use.
   *
   * @returns Path, module and language per file handle.
   */
  private fileInfo(): Promise<Map<number, FileInfo>> {
    this.fileCache ??= this.db.select('SELECT id, path, module, language FROM files').then((r) => {
      const ids = r.requiredInts(0);
      const paths = r.requiredTexts(1);
      const modules = r.requiredTexts(2);
      const languages = r.requiredTexts(3);
      return new Map(ids.map((id, i) => [id, { path: paths[i]!, module: modules[i]!, language: languages[i]! }]));
    });
    return this.fileCache;
  }

  /**
   * Edges of `kind` whose `filter` column is one of `ids`, unsorted, with owner and target names.
   *
   * @param kind - Edge table.
   * @param filter - Column the handles are matched against.
   * @param ids - Handles.
   * @returns The edges with their ordinals.
   */
  private async edges(kind: 'calls' | 'refs', filter: string, ids: readonly number[]): Promise<OrderedEdge[]> {
    const list = idList(ids);
    if (list === '') return [];
    const { owner, text } = EDGE_TABLES[kind];
    const [r, files] = await Promise.all([
      this.db.select(
        `SELECT ${owner}, ${text}, target_id, file_id, line, ordinal FROM ${kind} WHERE ${filter} IN (${list})`,
      ),
      this.fileInfo(),
    ]);
    const owners = r.requiredInts(0);
    const texts = r.requiredTexts(1);
    const targets = r.ints(2);
    const fileIds = r.requiredInts(3);
    const lines = r.requiredInts(4);
    const ordinals = r.requiredInts(5);
    const names = await this.qualifiedNames([...owners, ...targets.filter((id): id is number => id !== null)]);
    return owners.map((callerId, i) => {
      const targetId = targets[i]!;
      return {
        callerId,
        callerQualifiedName: names.get(callerId)!,
        calleeText: texts[i]!,
        targetId,
        targetQualifiedName: targetId === null ? null : names.get(targetId)!,
        path: files.get(fileIds[i]!)!.path,
        line: lines[i]!,
        ordinal: ordinals[i]!,
      };
    });
  }

  private async qualifiedNames(ids: readonly number[]): Promise<Map<number, string>> {
    const list = idList(ids);
    if (list === '') return new Map();
    const r = await this.db.select(`SELECT id, qualified_name FROM symbols WHERE id IN (${list})`);
    const names = r.requiredTexts(1);
    return new Map(r.requiredInts(0).map((id, i) => [id, names[i]!]));
  }
}

/** A call-edge-shaped row with its position in the file's analyzer output (the final tie-breaker). */
interface OrderedEdge extends CallEdgeRow {
  readonly ordinal: number;
}

function byPathLine(a: CallEdgeRow, b: CallEdgeRow): number {
  return compareText(a.path, b.path) || a.line - b.line;
}

/**
 * Order of edges out of a symbol: path, line, the text as written, then the analyzer's order.
 *
 * @param a - First edge.
 * @param b - Second edge.
 * @returns Negative, zero or positive.
 */
function outgoingOrder(a: OrderedEdge, b: OrderedEdge): number {
  return byPathLine(a, b) || compareText(a.calleeText, b.calleeText) || a.ordinal - b.ordinal;
}

/**
 * Order of edges into a symbol: path, line, the owner's qualified name, then the analyzer's order.
 *
 * @param a - First edge.
 * @param b - Second edge.
 * @returns Negative, zero or positive.
 */
function incomingOrder(a: OrderedEdge, b: OrderedEdge): number {
  return byPathLine(a, b) || compareText(a.callerQualifiedName, b.callerQualifiedName) || a.ordinal - b.ordinal;
}

function toCallEdge(edge: OrderedEdge): CallEdgeRow {
  return {
    callerId: edge.callerId,
    callerQualifiedName: edge.callerQualifiedName,
    calleeText: edge.calleeText,
    targetId: edge.targetId,
    targetQualifiedName: edge.targetQualifiedName,
    path: edge.path,
    line: edge.line,
  };
}

function toReference(edge: CallEdgeRow): ReferenceRow {
  return {
    ownerId: edge.callerId,
    ownerQualifiedName: edge.callerQualifiedName,
    targetText: edge.calleeText,
    targetId: edge.targetId,
    targetQualifiedName: edge.targetQualifiedName,
    path: edge.path,
    line: edge.line,
  };
}

function fileRecords(r: ResultColumns): FileRecord[] {
  const hashes = r.requiredTexts(1);
  const sizes = r.bigints(2);
  const mtimes = r.bigints(3);
  const analyzers = r.requiredTexts(4);
  return r.requiredTexts(0).map((path, i) => ({
    path,
    hash: hashes[i]!,
    size: sizes[i]!,
    mtimeMs: mtimes[i]!,
    analyzer: analyzers[i]!,
  }));
}

/**
 * Rows of {@link SYMBOL_COLUMNS} (columns 0–9), with file identity from `files`.
 *
 * @param r - Result whose first ten columns are {@link SYMBOL_COLUMNS}.
 * @param files - File identity by handle.
 * @returns Symbol rows in result order.
 */
function symbolRows(r: ResultColumns, files: ReadonlyMap<number, FileInfo>): SymbolRow[] {
  const ids = r.requiredInts(0);
  const fileIds = r.requiredInts(1);
  const qualifiedNames = r.requiredTexts(2);
  const names = r.requiredTexts(3);
  const kinds = r.codes(4);
  const startLines = r.requiredInts(5);
  const endLines = r.requiredInts(6);
  const signatures = r.requiredTexts(7);
  const docstrings = r.texts(8);
  const exported = r.bools(9);
  return ids.map((id, i) => {
    const file = files.get(fileIds[i]!)!;
    return {
      id,
      path: file.path,
      module: file.module,
      language: file.language,
      qualifiedName: qualifiedNames[i]!,
      name: names[i]!,
      kind: SYMBOL_KINDS[kinds[i]!]!,
      startLine: startLines[i]!,
      endLine: endLines[i]!,
      signature: signatures[i]!,
      docstring: docstrings[i] ?? null,
      exported: exported[i]!,
    };
  });
}

function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}

/**
 * A literal path prefix (`starts_with`, so `%` and `_` match themselves); appends its parameter.
 *
 * @param params - Bound parameters so far; the prefix is appended.
 * @param prefix - The path prefix.
 * @returns The SQL condition.
 */
function prefixClause(params: string[], prefix: string): string {
  params.push(prefix);
  return `starts_with(f.path, $${params.length})`;
}

/**
 * Handles as SQL literals; anything that is not a stored handle's shape cannot match and is dropped.
 *
 * @param ids - Handles.
 * @returns Comma-separated distinct literals, empty when none is valid.
 */
function idList(ids: readonly number[]): string {
  const valid = new Set(ids.filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647));
  return [...valid].join(', ');
}

function nonNegativeInteger(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`limit must be a non-negative integer, got ${value}`);
  return value;
}
