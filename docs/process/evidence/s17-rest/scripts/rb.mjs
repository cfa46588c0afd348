/* global process, console */
// rb.mjs TREE DB : one cold rebuildFull of TREE's sqlite-derived on a copy of DB inside a rolled-back transaction; CPU ms + hash
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';
const [tree, dbfile] = process.argv.slice(2);
const require = createRequire(tree + '/package.json');
const Database = require('better-sqlite3');
const { rebuildFull } = await import(tree + '/dist/backends/sqlite/sqlite-derived.js');
const tmp = `/tmp/s17-rest/rb-${process.pid}.sqlite`;
copyFileSync(dbfile, tmp);
const db = new Database(tmp);
db.pragma('temp_store = FILE');
db.pragma('cache_size = -32768');
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.exec('UPDATE calls SET target_id = NULL; UPDATE refs SET target_id = NULL;');
const c = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const out = [];
for (let i = 0; i < Number(process.env.PASSES ?? 1); i++) {
  db.exec('BEGIN');
  const t = c();
  rebuildFull(db, () => undefined);
  out.push((c() - t).toFixed(2));
  const h = createHash('sha1');
  for (const r of db.prepare('SELECT target_id FROM calls ORDER BY rowid').raw().iterate())
    h.update(String(r[0]) + ',');
  for (const r of db.prepare('SELECT target_id FROM refs ORDER BY rowid').raw().iterate()) h.update(String(r[0]) + ',');
  out.push(h.digest('hex').slice(0, 12));
  db.exec('ROLLBACK');
}
db.close();
(await import('node:fs')).unlinkSync(tmp);
if (globalThis.__T) console.log(globalThis.__T.join(' | '));
console.log(out.join(' '));
