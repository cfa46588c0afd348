/* global process, console */
import { createRequire } from 'node:module';
const require = createRequire('/tmp/s17-rest/main/package.json');
const Database = require('better-sqlite3');
const { slotEntries } = await import('/tmp/s17-rest/main/dist/core/module-exports.js');
const db = new Database('/tmp/s17-rest/mobxdb/.codira/index.sqlite', { readonly: true });
const rows = db
  .prepare("SELECT qualified_name, slot_types FROM symbols WHERE kind='module' AND slot_types IS NOT NULL")
  .raw()
  .all();
const c = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
c();
c();
let t = c();
const p = rows[1][1].split(';');
console.log('split;', (c() - t).toFixed(3));
t = c();
let n = 0;
for (const x of p) {
  const eq = x.indexOf('=');
  if (eq > 0) n += x.slice(eq + 1).split(',').length;
}
console.log('split,', n, (c() - t).toFixed(3));
t = c();
const s = new Set();
for (const x of p) s.add(x.slice(0, x.indexOf('=')));
console.log('set', (c() - t).toFixed(3));
for (let k = 0; k < 2; k++) {
  const t = c();
  let n = 0;
  for (const [, s] of rows) n += slotEntries(s).length;
  console.log(n, (c() - t).toFixed(3));
}
