/**
 * The embedding matrix of the DuckDB read session. Sorting carries no blobs: the symbol order comes from a narrow
 * query, the vectors from a plain streaming scan, each placed at its row by handle.
 *
 * @packageDocumentation
 */
import type { StoredFieldWords } from '../../core/field-words.js';
import type { EmbeddingBlocks, EmbeddingMatrix } from '../../core/model.js';
import type { NativeReadConnection } from './duckdb-native.js';
import { prefixClause } from './duckdb-read-sql.js';
import { SYMBOL_ORDER } from './duckdb-read-symbols.js';

/**
 * @param db - Read-only connection.
 * @param dimension - Vector length from the inventory.
 * @returns Every embedding, rows in symbol order.
 */
export async function embeddingMatrix(db: NativeReadConnection, dimension: number): Promise<EmbeddingMatrix> {
  const width = dimension * 4;
  const order = await db.select(`SELECT s.id FROM symbols s JOIN files f ON f.id = s.file_id ORDER BY ${SYMBOL_ORDER}`);
  const blobs = await db.selectStreaming('SELECT id, embedding FROM symbols');
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

/**
 * @param db - Read-only connection.
 * @param dimension - Vector length from the inventory.
 * @returns Every embedding with its handle, rows in the order of one streaming scan (no sort, no join), in blocks.
 */
export async function storedEmbeddings(db: NativeReadConnection, dimension: number): Promise<EmbeddingBlocks> {
  const width = dimension * 4;
  const result = await db.selectStreaming('SELECT id, embedding FROM symbols');
  const symbolIds = result.requiredInts(0);
  const blocks: Float32Array[] = [];
  // Each run of adjacent values comes in its own buffer (the bindings copy it out: external buffers are disabled),
  // so the runs are kept as blocks instead of being copied again into one array.
  let source: Uint8Array | undefined;
  let from = 0;
  let length = 0;
  let rows = 0;
  const flush = (): void => {
    if (!source || length === 0) return;
    const at = source.byteOffset + from;
    blocks.push(
      at % 4 === 0
        ? new Float32Array(source.buffer, at, length / 4)
        : new Float32Array(source.slice(from, from + length).buffer),
    );
  };
  result.forEachBlob(1, (i, bytes, start, size) => {
    if (size !== width) throw new Error(`stored vector of ${size} bytes, expected ${width}`);
    if (i !== rows++) throw new Error(`symbol ${symbolIds[i]} has no stored vector`);
    if (bytes !== source || start !== from + length) {
      flush();
      source = bytes;
      from = start;
      length = 0;
    }
    length += size;
  });
  flush();
  if (rows !== symbolIds.length) throw new Error(`${symbolIds.length - rows} symbols have no stored vector`);
  return { dimension, symbolIds, blocks };
}

/**
 * @param db - Read-only connection.
 * @param pathPrefix - Optional literal path prefix.
 * @returns The stored word lists of the files under it that have any (`files` columns; no sort).
 */
export async function storedFieldWords(
  db: NativeReadConnection,
  pathPrefix?: string,
  searches?: readonly string[],
): Promise<StoredFieldWords[]> {
  const params: string[] = [];
  const prefix = pathPrefix === undefined ? '' : ` AND ${prefixClause(params, pathPrefix)}`;
  const result = await db.selectStreaming(
    `SELECT f.first_symbol_id, f.words, f.word_postings, f.irregular_fields FROM files f
      WHERE (f.words <> '' OR f.irregular_fields IS NOT NULL)${prefix}${searchClause(params, searches)}`,
    params,
  );
  const firsts = result.requiredInts(0);
  const words = result.requiredTexts(1);
  const irregular = result.texts(3);
  const postings = new Array<Uint8Array>(firsts.length);
  // The visited bytes are valid during the call only: copy each value out.
  result.forEachBlob(2, (row, bytes, start, length) => (postings[row] = bytes.slice(start, start + length)));
  return firsts.map((firstSymbolId, row) => ({
    firstSymbolId,
    words: words[row]!,
    postings: postings[row]!,
    irregular: irregular[row] ?? null,
  }));
}

/**
 * The files whose word lists can hold a search string: some field scored whole, a word outside ASCII (DuckDB's
 * `lower` need not lower-case such text as JavaScript does, so JavaScript decides), or a search string in the
 * lower-cased list. On ASCII text `lower` and `toLowerCase` agree, so a file left out has no matching word.
 *
 * @param params - Positional parameters, appended to.
 * @param searches - Search strings (ASCII letters and digits); `undefined` for every file.
 * @returns The SQL condition, empty without searches.
 */
function searchClause(params: string[], searches: readonly string[] | undefined): string {
  if (searches === undefined) return '';
  const found = searches.map((search) => {
    params.push(search);
    return `contains(lower(f.words), $${params.length})`;
  });
  return ` AND (f.irregular_fields IS NOT NULL OR strlen(f.words) <> length(f.words)${found.map((c) => ` OR ${c}`).join('')})`;
}
