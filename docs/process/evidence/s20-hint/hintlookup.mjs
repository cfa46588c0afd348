/* global process, console, performance */
// Cost of the overlay derived step's stale-hint lookup (`target_hint IN (...)` over the base's calls and refs) with
// and without the `*_by_hint` ART indexes. For N files of the first index: the stale hints are the `hint_keys` rows
// of the keys of the file's symbols (what an edit that moves every symbol of the file touches, slot-type holders
// left out); each lookup runs three times on every given file, best time kept. Profiling only (session 20, s20-hint).
// Usage: node hintlookup.mjs N WITH_INDEX_FILE WITHOUT_INDEX_FILE
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * A SQL string literal.
 * @param text - The string.
 * @returns The quoted literal.
 */
function quoted(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Median of numbers.
 * @param values - Numbers.
 * @returns The middle one.
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Open a file read-only on one thread.
 * @param file - Index file.
 * @returns A connection with the file attached as `idx`.
 */
async function open(file) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await connection.run(`ATTACH '${file}' AS idx (READ_ONLY)`);
  return connection;
}

const [count, ...files] = process.argv.slice(2);
const connections = [];
for (const file of files) connections.push(await open(file));
const [first] = connections;
const read = async (connection, sql) => (await connection.runAndReadAll(sql)).getRowsJS();
const fileIds = (await read(first, `SELECT id FROM idx.files ORDER BY hash(id) LIMIT ${Number(count)}`)).map(Number);
const times = files.map(() => []);
for (const fileId of fileIds) {
  const keys = (await read(first, `SELECT DISTINCT key FROM idx.symbol_keys WHERE file_id = ${fileId}`)).map(
    (row) => row[0],
  );
  if (keys.length === 0) continue;
  const stale = (
    await read(first, `SELECT DISTINCT hint FROM idx.hint_keys WHERE key IN (${keys.map(quoted).join(', ')})`)
  ).map((row) => row[0]);
  if (stale.length === 0 || stale.length > 256) continue; // above 256 the writer joins a table instead of a list
  const list = stale.map(quoted).join(', ');
  const sql = ['calls', 'refs']
    .map((table) => `SELECT count(*) FROM idx.${table} WHERE target_hint IN (${list})`)
    .join(' UNION ALL ');
  const line = [fileId, stale.length];
  for (let i = 0; i < connections.length; i++) {
    let best = Infinity;
    let rows;
    for (let k = 0; k < 3; k++) {
      const start = performance.now();
      rows = await read(connections[i], sql);
      best = Math.min(best, performance.now() - start);
    }
    times[i].push(best);
    line.push(`${best.toFixed(1)} ms (${rows.map((row) => Number(row[0])).join('/')} rows)`);
  }
  console.log(line.join('  '));
}
console.log(`median ms: ${times.map((t) => median(t).toFixed(1)).join(' / ')} over ${times[0].length} files`);
