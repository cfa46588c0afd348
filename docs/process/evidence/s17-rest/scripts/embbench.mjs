/* global process, console */
import { createRequire } from 'node:module';
const tree = process.argv[2];
const require = createRequire(tree + '/package.json');
const Database = require('better-sqlite3');
const { embedSymbols } = await import(tree + '/dist/core/embeddings.js');
const db = new Database('/tmp/s17-rest/mobxdb/.codira/index.sqlite', { readonly: true });
const rows = db
  .prepare('SELECT file_id, name, qualified_name AS qualifiedName, signature, docstring FROM symbols ORDER BY id')
  .all();
const files = new Map();
for (const r of rows) {
  if (!files.has(r.file_id)) files.set(r.file_id, []);
  files.get(r.file_id).push(r);
}
const c = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t = c();
for (const f of files.values()) embedSymbols(f);
console.log((c() - t).toFixed(2));
