/**
 * File-level reads of the DuckDB read session (files, failures, findings) and the file identity every other query
 * family joins in JavaScript: symbol and edge rows carry only a file handle, and path, module and language are read
 * once per session.
 *
 * @packageDocumentation
 */
import type { FailedFile, FileRecord, FindingRow } from '../../core/model.js';
import type { NameIndex } from './duckdb-name-index.js';
import type { NativeReadConnection, ResultColumns } from './duckdb-native.js';
import { idList, prefixClause } from './duckdb-read-sql.js';
import type { ResolvedEdges } from './duckdb-resolved-edges.js';
import type { SymbolRanking } from './duckdb-symbol-ranking.js';

/** What a symbol or edge row needs from its file. */
export interface FileInfo {
  readonly path: string;
  readonly module: string;
  readonly language: string;
}

/** What every query family reads through: the connection and the session's file identity cache. */
export interface DuckDbReadScope {
  readonly db: NativeReadConnection;
  /**
   * File identity by handle, read on first use; given the handles a read needs, possibly only those.
   *
   * @param ids - The file handles the caller needs, if it knows them.
   */
  fileInfo(ids?: readonly number[]): Promise<ReadonlyMap<number, FileInfo>>;
  /** What a long-lived session keeps in memory; each is absent until built (the reads then use the store). */
  readonly resident: ResidentIndexes;
  /**
   * A read that would have used a missing resident index says so: a long-lived session then builds it in the
   * background (otherwise nothing happens).
   *
   * @param name - The index.
   */
  wantResident(name: keyof ResidentIndexes): void;
}

/** The in-memory indexes of a long-lived session (`keepResident`), each set once built. */
export interface ResidentIndexes {
  /** Handles by name, qualified names by handle (`duckdb-name-index.ts`). */
  names?: NameIndex;
  /** Resolved edges of both kinds (`duckdb-resolved-edges.ts`). */
  edges?: ResolvedEdges;
  /** The order of `listSymbols` (`duckdb-symbol-ranking.ts`). */
  ranking?: SymbolRanking;
}

/**
 * Read file identity by handle.
 *
 * @param db - Read-only connection.
 * @param ids - Only these file handles; every file when absent.
 * @returns Path, module and language per file handle.
 */
export async function loadFileInfo(db: NativeReadConnection, ids?: readonly number[]): Promise<Map<number, FileInfo>> {
  const list = ids === undefined ? null : idList(ids);
  if (list === '') return new Map();
  const r = await db.select(
    `SELECT id, path, module, language FROM files${list === null ? '' : ` WHERE id IN (${list})`}`,
  );
  const paths = r.requiredTexts(1);
  const modules = r.requiredTexts(2);
  const languages = r.requiredTexts(3);
  return new Map(
    r.requiredInts(0).map((id, i) => [id, { path: paths[i]!, module: modules[i]!, language: languages[i]! }]),
  );
}

/**
 * @param db - Read-only connection.
 * @returns Indexed files by path.
 */
export async function fileRows(db: NativeReadConnection): Promise<FileRecord[]> {
  return fileRecords(await db.select('SELECT path, hash, size, mtime_ms, analyzer FROM files ORDER BY path'));
}

/**
 * @param db - Read-only connection.
 * @returns Stored failures by path.
 */
export async function failureRows(db: NativeReadConnection): Promise<FailedFile[]> {
  const r = await db.select('SELECT path, hash, size, mtime_ms, analyzer, reason FROM failures ORDER BY path');
  const reasons = r.requiredTexts(5);
  return fileRecords(r).map((file, i) => ({ file, reason: reasons[i]! }));
}

/**
 * @param scope - Connection and file identity.
 * @param pathPrefix - Optional literal path prefix.
 * @returns Findings by path, line, rule, symbol, then the analyzer's order.
 */
export async function findingRows(scope: DuckDbReadScope, pathPrefix?: string): Promise<FindingRow[]> {
  const params: string[] = [];
  const where = pathPrefix ? `WHERE ${prefixClause(params, pathPrefix)}` : '';
  const [r, files] = await Promise.all([
    scope.db.select(
      `SELECT x.file_id, x.line, x.rule, x.symbol, x.message FROM findings x JOIN files f ON f.id = x.file_id ${where}
       ORDER BY f.path, x.line, x.rule, x.symbol, x.ordinal`,
      params,
    ),
    scope.fileInfo(),
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

/**
 * Decode `path, hash, size, mtime_ms, analyzer` (columns 0–4).
 *
 * @param r - Result whose first five columns are those.
 * @returns File records in result order.
 */
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
