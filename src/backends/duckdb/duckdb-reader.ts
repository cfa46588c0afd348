/**
 * The DuckDB read session: a read-only open of the active index through the raw bindings, one version check, and
 * one statement per contract call with the exact row order of `docs/architecture/index-semantics.md`.
 *
 * Handles are inlined as integer literals (they are validated numbers); text arguments are always bound parameters.
 * Every order ends with the analyzer's own order within a file (symbol handle or `ordinal`), which is how the memory
 * reference breaks ties with its stable sorts, so output is total and identical across backends.
 *
 * @packageDocumentation
 */
import { stat } from 'node:fs/promises';
import type { ListSymbolsOptions, ReadSession, StoreLocation } from '../../core/contracts.js';
import { IndexUnavailableError } from '../../core/errors.js';
import { CONTRACT_VERSION } from '../../core/model.js';
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
import { NativeReadConnection } from './duckdb-native.js';
import type { ResultColumns } from './duckdb-native.js';
import { DUCKDB_BACKEND_VERSION, SYMBOL_KINDS, indexFilePath } from './duckdb-schema.js';

/**
 * Open the active index read-only.
 *
 * @param location - Where the index lives.
 * @returns A read session.
 */
export async function openDuckDbReader(location: StoreLocation): Promise<ReadSession> {
  const path = indexFilePath(location.stateDir);
  try {
    await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new IndexUnavailableError('missing', path);
    throw new IndexUnavailableError('corrupt', path, (error as Error).message);
  }
  let connection: NativeReadConnection;
  try {
    connection = await NativeReadConnection.openReadOnly(path);
  } catch (error) {
    throw new IndexUnavailableError('corrupt', path, firstLine(error));
  }
  try {
    const meta = await readMeta(connection, path);
    return new DuckDbReadSession(connection, meta);
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** The one cheap check of the read path: the stored contract and layout versions, and the inventory. */
async function readMeta(connection: NativeReadConnection, path: string): Promise<IndexMeta> {
  let result: ResultColumns;
  try {
    result = await connection.select('SELECT contract_version, layout, meta_json FROM meta');
  } catch (error) {
    throw new IndexUnavailableError('corrupt', path, firstLine(error));
  }
  if (result.rowCount !== 1) throw new IndexUnavailableError('corrupt', path, 'no inventory row');
  const contract = result.ints(0)[0];
  const layout = result.texts(1)[0];
  if (contract !== CONTRACT_VERSION || layout !== DUCKDB_BACKEND_VERSION) {
    throw new IndexUnavailableError('version', path, `stored ${contract} / ${layout}`);
  }
  try {
    return JSON.parse(result.texts(2)[0] ?? '') as IndexMeta;
  } catch {
    throw new IndexUnavailableError('corrupt', path, 'unreadable inventory');
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

const SYMBOL_COLUMNS = `s.id, f.path, f.module, f.language, s.qualified_name, s.name, s.kind, s.start_line, s.end_line,
  s.signature, s.docstring, s.exported`;
const SYMBOL_FROM = 'symbols s JOIN files f ON f.id = s.file_id';
const SYMBOL_ORDER = 'f.path, s.start_line, s.qualified_name, s.kind, s.id';
const EDGE_TABLES = {
  calls: { targets: 'call_targets', owner: 'caller_id', text: 'callee_text' },
  refs: { targets: 'ref_targets', owner: 'owner_id', text: 'target_text' },
} as const;

class DuckDbReadSession implements ReadSession {
  constructor(
    private readonly db: NativeReadConnection,
    private readonly inventory: IndexMeta,
  ) {}

  async meta(): Promise<IndexMeta> {
    return this.inventory;
  }

  async files(): Promise<readonly FileRecord[]> {
    const r = await this.db.select('SELECT path, hash, size, mtime_ms, analyzer FROM files ORDER BY path');
    return fileRecords(r);
  }

  async failures(): Promise<readonly FailedFile[]> {
    const r = await this.db.select('SELECT path, hash, size, mtime_ms, analyzer, reason FROM failures ORDER BY path');
    const records = fileRecords(r);
    const reasons = r.requiredTexts(5);
    return records.map((file, i) => ({ file, reason: reasons[i]! }));
  }

  async symbolsByName(names: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    if (names.length === 0) return [];
    const params = [...names];
    const list = placeholders(1, names.length);
    const where = [`(s.name IN (${list}) OR s.qualified_name IN (${list}))`];
    if (pathPrefix) where.push(prefixClause(params, pathPrefix));
    return symbolRows(
      await this.db.select(
        `SELECT ${SYMBOL_COLUMNS} FROM ${SYMBOL_FROM} WHERE ${where.join(' AND ')} ORDER BY ${SYMBOL_ORDER}`,
        params,
      ),
    );
  }

  async symbolsById(ids: readonly number[]): Promise<readonly SymbolRow[]> {
    const list = idList(ids);
    if (list === '') return [];
    return symbolRows(
      await this.db.select(
        `SELECT ${SYMBOL_COLUMNS} FROM ${SYMBOL_FROM} WHERE s.id IN (${list}) ORDER BY ${SYMBOL_ORDER}`,
      ),
    );
  }

  async symbolsMatching(terms: readonly string[], pathPrefix?: string): Promise<readonly SymbolRow[]> {
    if (terms.length === 0) return [];
    const params = [...terms];
    const matches = terms.map(
      (_, i) =>
        `contains(lower(s.name), $${i + 1}) OR contains(lower(s.qualified_name), $${i + 1}) ` +
        `OR contains(lower(coalesce(s.docstring, '')), $${i + 1})`,
    );
    const where = [`(${matches.join(' OR ')})`];
    if (pathPrefix) where.push(prefixClause(params, pathPrefix));
    return symbolRows(
      await this.db.select(
        `SELECT ${SYMBOL_COLUMNS} FROM ${SYMBOL_FROM} WHERE ${where.join(' AND ')} ORDER BY ${SYMBOL_ORDER}`,
        params,
      ),
    );
  }

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
    const limit = options.limit === undefined ? '' : ` LIMIT ${nonNegativeInteger(options.limit, 'limit')}`;
    const r = await this.db.select(
      `SELECT ${SYMBOL_COLUMNS}, coalesce(m.fan_in, 0) AS fan_in, coalesce(m.fan_out, 0) AS fan_out
       FROM ${SYMBOL_FROM} LEFT JOIN metrics m ON m.symbol_id = s.id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY fan_in DESC, fan_out DESC, s.qualified_name, f.path, s.start_line, s.kind, s.id${limit}`,
      params,
    );
    const rows = symbolRows(r);
    const fanIn = r.requiredInts(12);
    const fanOut = r.requiredInts(13);
    return rows.map((row, i) => ({ ...row, fanIn: fanIn[i]!, fanOut: fanOut[i]! }));
  }

  async callsFrom(callerIds: readonly number[]): Promise<readonly CallEdgeRow[]> {
    return this.edges('calls', 'e.caller_id', callerIds, 'f.path, e.line, e.callee_text, e.ordinal');
  }

  async callsTo(targetIds: readonly number[]): Promise<readonly CallEdgeRow[]> {
    return this.edges('calls', 't.target_id', targetIds, 'f.path, e.line, o.qualified_name, e.ordinal');
  }

  async referencesFrom(ownerIds: readonly number[]): Promise<readonly ReferenceRow[]> {
    const rows = await this.edges('refs', 'e.owner_id', ownerIds, 'f.path, e.line, e.target_text, e.ordinal');
    return rows.map(toReference);
  }

  async referencesTo(targetIds: readonly number[]): Promise<readonly ReferenceRow[]> {
    const rows = await this.edges('refs', 't.target_id', targetIds, 'f.path, e.line, o.qualified_name, e.ordinal');
    return rows.map(toReference);
  }

  async findings(pathPrefix?: string): Promise<readonly FindingRow[]> {
    const params: string[] = [];
    const where = pathPrefix ? `WHERE ${prefixClause(params, pathPrefix)}` : '';
    const r = await this.db.select(
      `SELECT f.path, x.line, x.rule, x.symbol, x.message FROM findings x JOIN files f ON f.id = x.file_id ${where}
       ORDER BY f.path, x.line, x.rule, x.symbol, x.ordinal`,
      params,
    );
    const paths = r.requiredTexts(0);
    const lines = r.requiredInts(1);
    const rules = r.requiredTexts(2);
    const symbols = r.requiredTexts(3);
    const messages = r.requiredTexts(4);
    return paths.map((path, i) => ({
      path,
      line: lines[i]!,
      rule: rules[i]!,
      symbol: symbols[i]!,
      message: messages[i]!,
    }));
  }

  async embeddings(): Promise<EmbeddingMatrix> {
    const dimension = this.inventory.embedder.dimension;
    const r = await this.db.select(`SELECT s.id, s.embedding FROM ${SYMBOL_FROM} ORDER BY ${SYMBOL_ORDER}`);
    const vectors = new Float32Array(r.rowCount * dimension);
    r.fixedBlobsInto(1, new Uint8Array(vectors.buffer), dimension * 4);
    return { dimension, symbolIds: r.requiredInts(0), vectors };
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Call edges or references whose `filter` column is one of `ids`, as call-edge-shaped rows. */
  private async edges(
    kind: 'calls' | 'refs',
    filter: string,
    ids: readonly number[],
    order: string,
  ): Promise<CallEdgeRow[]> {
    const list = idList(ids);
    if (list === '') return [];
    const { targets, owner, text } = EDGE_TABLES[kind];
    const r = await this.db.select(
      `SELECT e.${owner}, o.qualified_name, e.${text}, t.target_id, ts.qualified_name, f.path, e.line
       FROM ${kind} e JOIN files f ON f.id = e.file_id JOIN symbols o ON o.id = e.${owner}
       LEFT JOIN ${targets} t ON t.file_id = e.file_id AND t.ordinal = e.ordinal
       LEFT JOIN symbols ts ON ts.id = t.target_id
       WHERE ${filter} IN (${list}) ORDER BY ${order}`,
    );
    const owners = r.requiredInts(0);
    const ownerNames = r.requiredTexts(1);
    const texts = r.requiredTexts(2);
    const targetIds = r.ints(3);
    const targetNames = r.texts(4);
    const paths = r.requiredTexts(5);
    const lines = r.requiredInts(6);
    return owners.map((callerId, i) => ({
      callerId,
      callerQualifiedName: ownerNames[i]!,
      calleeText: texts[i]!,
      targetId: targetIds[i]!,
      targetQualifiedName: targetNames[i]!,
      path: paths[i]!,
      line: lines[i]!,
    }));
  }
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
  const paths = r.requiredTexts(0);
  const hashes = r.requiredTexts(1);
  const sizes = r.bigints(2);
  const mtimes = r.bigints(3);
  const analyzers = r.requiredTexts(4);
  return paths.map((path, i) => ({
    path,
    hash: hashes[i]!,
    size: sizes[i]!,
    mtimeMs: mtimes[i]!,
    analyzer: analyzers[i]!,
  }));
}

/** Rows of {@link SYMBOL_COLUMNS} (columns 0–11). */
function symbolRows(r: ResultColumns): SymbolRow[] {
  const ids = r.requiredInts(0);
  const paths = r.requiredTexts(1);
  const modules = r.requiredTexts(2);
  const languages = r.requiredTexts(3);
  const qualifiedNames = r.requiredTexts(4);
  const names = r.requiredTexts(5);
  const kinds = r.codes(6);
  const startLines = r.requiredInts(7);
  const endLines = r.requiredInts(8);
  const signatures = r.requiredTexts(9);
  const docstrings = r.texts(10);
  const exported = r.bools(11);
  return ids.map((id, i) => ({
    id,
    path: paths[i]!,
    module: modules[i]!,
    language: languages[i]!,
    qualifiedName: qualifiedNames[i]!,
    name: names[i]!,
    kind: SYMBOL_KINDS[kinds[i]!]!,
    startLine: startLines[i]!,
    endLine: endLines[i]!,
    signature: signatures[i]!,
    docstring: docstrings[i] ?? null,
    exported: exported[i]!,
  }));
}

function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}

/** A literal path prefix (`starts_with`, so `%` and `_` match themselves); appends its parameter. */
function prefixClause(params: string[], prefix: string): string {
  params.push(prefix);
  return `starts_with(f.path, $${params.length})`;
}

/** Handles as SQL literals; anything that is not a stored handle's shape cannot match and is dropped. */
function idList(ids: readonly number[]): string {
  const valid = new Set(ids.filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647));
  return [...valid].join(', ');
}

function nonNegativeInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}
