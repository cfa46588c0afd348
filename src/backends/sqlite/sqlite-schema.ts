/**
 * The SQLite index layout: tables, secondary indexes, the stored versions, and the one cheap check that tells a
 * usable index from a missing, corrupt or stale one.
 *
 * Ownership is explicit rather than by foreign keys: `symbols.file_id` owns symbols; calls and references belong to
 * their caller/owner, findings to `file_id`. Deleting a file is one set-based `DELETE` per table inside the run's
 * transaction (see `sqlite-writer.ts`); the embedding chunks holding it are rewritten (`sqlite-embeddings.ts`). Measured on 100k symbols / 294k calls: deleting
 * 200 files costs the same either way (0.35–0.52 s, both noisy), while enforcing `ON DELETE CASCADE` keys made the
 * bulk load about twice as slow; and calls/refs need no `file_id` column or index of their own.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { IndexUnavailableError } from '../../core/errors.js';
import { CONTRACT_VERSION } from '../../core/model.js';

/** Storage layout version; bump on any change below (it is part of the runtime inventory, so it forces a rebuild). */
export const SQLITE_SCHEMA_VERSION = '8';

/** Name of the active index file inside the state directory. */
export const SQLITE_INDEX_FILE = 'index.sqlite';

/**
 * The word lists JavaScript must decide (a field scored whole, a character outside ASCII): the WHERE clause of the
 * partial index `field_words_loose`. A query uses that index only when its condition is this same text.
 */
export const LOOSE_WORDS = 'irregular IS NOT NULL OR octet_length(words) <> length(words)';

/** Tables, created empty before a full bulk load (no secondary indexes yet, but the small partial one). */
export const SQLITE_TABLES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  analyzer TEXT NOT NULL,
  language TEXT NOT NULL,
  module TEXT NOT NULL
);
CREATE TABLE symbols (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL,
  qualified_name TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  signature TEXT NOT NULL,
  docstring TEXT,
  exported INTEGER NOT NULL,
  slot_types TEXT
);
CREATE TABLE calls (
  caller_id INTEGER NOT NULL,
  callee_text TEXT NOT NULL,
  target_hint TEXT,
  line INTEGER NOT NULL,
  target_id INTEGER
);
CREATE TABLE refs (
  owner_id INTEGER NOT NULL,
  target_text TEXT NOT NULL,
  target_hint TEXT,
  line INTEGER NOT NULL,
  target_id INTEGER
);
CREATE TABLE findings (
  file_id INTEGER NOT NULL,
  rule TEXT NOT NULL,
  line INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  message TEXT NOT NULL
);
-- The vectors column by column, in chunks of 128 file handles (\`sqlite-embeddings.ts\`): a chunk's files as int32
-- triples (file_id, first_symbol_id, count), and per dimension and chunk the float32 values of its rows, keyed
-- dimension × 2^32 + chunk so that a query reads only the dimensions its vector uses. Schema 5 stored one blob of
-- whole vectors per file (every query read all of them: SymPy 23 MB); per-symbol rows measured ~6x slower still.
CREATE TABLE embedding_chunks (chunk INTEGER PRIMARY KEY, files BLOB NOT NULL);
CREATE TABLE embedding_columns (key INTEGER PRIMARY KEY, vals BLOB NOT NULL);
-- One row per file with symbols: the word lists ctx's lexical signal reads (\`src/core/field-words.ts\`), so a query
-- reads ~2 MB of distinct words per repository of SymPy's size instead of scanning every name and docstring.
CREATE TABLE field_words (file_id INTEGER PRIMARY KEY, first_symbol_id INTEGER NOT NULL, words TEXT NOT NULL,
  postings BLOB NOT NULL, irregular TEXT);
-- Which files' word lists can hold a search string (schema 8): every list's trigrams, by file handle (FTS5's trigram
-- tokenizer, contentless, rows deleted with their file), so a query of search strings of 3 or more characters reads
-- only the lists that hold one (SymPy: 421 of 1,473 files) instead of testing every list with \`LIKE\`. Its case folding
-- is JavaScript's lower-casing on ASCII text only, so the files whose lists JavaScript must decide — a field scored
-- whole or a character outside ASCII — are listed apart by a partial index (\`sqlite-reader.ts\`, \`fieldWords\`).
CREATE VIRTUAL TABLE field_trigrams USING fts5(words, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE INDEX field_words_loose ON field_words (file_id) WHERE ${LOOSE_WORDS};
-- Derived: only symbols with a non-zero fan-in or fan-out have a row, so a rebuild rewrites a small table.
CREATE TABLE metrics (symbol_id INTEGER PRIMARY KEY, fan_in INTEGER NOT NULL, fan_out INTEGER NOT NULL);
-- symlist's order starts with these two: a listing with a limit walks this index and sorts only the last ties, instead
-- of sorting every symbol (networkx: 10.2 → 0.4 ms per listing). Small, so it is kept up to date from the start.
CREATE INDEX metrics_rank ON metrics (fan_in, fan_out);
-- What each resolution reads by name (\`src/core/resolution-keys.ts\`): the distinct hints of the edges under each of
-- their keys, and the keys of every holder under each key its slot types name. An incremental run looks its affected
-- hints up here instead of re-resolving every hint. Rows of hints no edge holds any more are deleted when a run
-- re-resolves them; slot key rows are only ever added (a stale one costs a needless re-resolution, never a wrong one).
CREATE TABLE hint_keys (key TEXT NOT NULL, hint TEXT NOT NULL, PRIMARY KEY (key, hint)) WITHOUT ROWID;
CREATE TABLE slot_keys (key TEXT NOT NULL, holder TEXT NOT NULL, PRIMARY KEY (key, holder)) WITHOUT ROWID;
CREATE TABLE failures (
  path TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  analyzer TEXT NOT NULL,
  reason TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Secondary indexes used by resolution, built after the bulk load of a full run (one sort each instead of growing
 * B-trees row by row). `kind` rides along so resolution's lookups and groupings are covered by the index.
 */
export const SQLITE_SYMBOL_INDEXES = `
CREATE UNIQUE INDEX files_path ON files (path);
CREATE INDEX symbols_file ON symbols (file_id);
CREATE INDEX symbols_name ON symbols (name, kind);
CREATE INDEX symbols_qualified_name ON symbols (qualified_name, kind);
CREATE INDEX findings_file ON findings (file_id);
-- The modules with an export table (rule 1c): every resolution asks whether there are any, and without this index the
-- question read every symbol row (no other index leads with \`kind\`; SymPy x4: ~180k row lookups per incremental run,
-- growing with the repository). Partial, so it holds only those few modules and costs nothing where there are none.
CREATE INDEX symbols_barrels ON symbols (qualified_name) WHERE kind = 'module' AND slot_types IS NOT NULL;
`;

/**
 * Edge indexes, built after resolution on a full run so the resolving `UPDATE` does not maintain them. The endpoint
 * indexes carry the other endpoint, so fan-in and fan-out are computed from the indexes alone; the hint indexes find
 * the edges of an incremental run's affected hints.
 */
export const SQLITE_EDGE_INDEXES = `
CREATE INDEX calls_caller ON calls (caller_id, target_id);
CREATE INDEX calls_target ON calls (target_id, caller_id) WHERE target_id IS NOT NULL;
CREATE INDEX refs_owner ON refs (owner_id);
CREATE INDEX refs_target ON refs (target_id) WHERE target_id IS NOT NULL;
CREATE INDEX calls_hint ON calls (target_hint) WHERE target_hint IS NOT NULL;
CREATE INDEX refs_hint ON refs (target_hint) WHERE target_hint IS NOT NULL;
`;

/** Meta keys. The two versions are separate rows so the read-path check never parses JSON. */
export const META_KEYS = Object.freeze({
  contractVersion: 'contract_version',
  schemaVersion: 'schema_version',
  inventory: 'inventory',
});

/** Stored inventory as read by {@link checkStoredVersion}. */
export interface StoredMeta {
  /** The `IndexMeta` JSON written at commit. */
  readonly inventoryJson: string;
}

/** SQLite result codes that mean the bytes on disk are not a usable database. */
const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_ERROR', 'SQLITE_READONLY_ROLLBACK']);

/**
 * Turn an error from opening or first reading an index into {@link IndexUnavailableError}; other errors pass through.
 *
 * @param error - What better-sqlite3 threw.
 * @param file - Path of the index file.
 * @returns The error to throw.
 */
export function unavailableFrom(error: unknown, file: string): unknown {
  if (error instanceof IndexUnavailableError) return error;
  // better-sqlite3 throws a TypeError (not SQLITE_CANTOPEN) when the directory is missing too.
  if (!existsSync(file)) return new IndexUnavailableError('missing', file);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  if (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_CANTOPEN')) {
    return new IndexUnavailableError('corrupt', file, (error as Error).message);
  }
  return error;
}

/**
 * The single cheap readiness query: read the meta rows and compare the stored versions with this build's.
 * A file without a `meta` table (e.g. an empty or foreign SQLite file) is corrupt; garbage bytes fail here with
 * `SQLITE_NOTADB`, which the caller maps with {@link unavailableFrom}.
 *
 * @param db - An open connection (read-only or read-write).
 * @param file - Path of the index file, for messages.
 * @returns The stored inventory JSON.
 */
export function checkStoredVersion(db: Database, file: string): StoredMeta {
  const rows = db.prepare('SELECT key, value FROM meta').raw().all() as [string, string][];
  const meta = new Map(rows);
  const contract = meta.get(META_KEYS.contractVersion);
  const schema = meta.get(META_KEYS.schemaVersion);
  const inventoryJson = meta.get(META_KEYS.inventory);
  if (contract === undefined || schema === undefined || inventoryJson === undefined) {
    throw new IndexUnavailableError('corrupt', file, 'no stored inventory');
  }
  if (contract !== String(CONTRACT_VERSION) || schema !== SQLITE_SCHEMA_VERSION) {
    throw new IndexUnavailableError('version', file, `contract ${contract}, sqlite schema ${schema}`);
  }
  return { inventoryJson };
}
