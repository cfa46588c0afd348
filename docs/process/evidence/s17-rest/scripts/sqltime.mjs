/* global process */
// preload: time better-sqlite3 exec / prepare+run (CPU ms) for statements during 'derived'
import { createRequire } from 'node:module';
const require = createRequire(process.env.TREE + '/package.json');
const Database = require('better-sqlite3');
const log = [];
const wrap = (obj, name, label) => {
  const orig = obj[name];
  obj[name] = function (...a) {
    const t = process.cpuUsage();
    try {
      return orig.apply(this, a);
    } finally {
      const u = process.cpuUsage(t);
      const ms = (u.user + u.system) / 1000;
      log.push([ms, label(this, a)]);
    }
  };
};
wrap(Database.prototype, 'exec', (db, a) => 'exec ' + a[0].trim().replace(/\s+/g, ' ').slice(0, 90));
const proto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1'));
for (const m of ['run', 'get', 'all'])
  wrap(proto, m, (st) => m + ' ' + st.source.trim().replace(/\s+/g, ' ').slice(0, 90));
process.on('exit', () => {
  for (const [ms, l] of log) process.stderr.write('SQL ' + ms.toFixed(1) + ' ' + l + '\n');
});
