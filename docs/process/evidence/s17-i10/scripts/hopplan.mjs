/* global process, console */
// Run TREE's buildResolution pieces: patch Statement.run to time repeated runs of the hop statement (rolled back via savepoint)
import { createRequire } from 'node:module';
const tree = process.argv[2];
const require = createRequire(tree + '/package.json');
const Database = require('better-sqlite3');
const c = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const proto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1'));
const orig = proto.run;
let done = false;
proto.run = function (...a) {
  if (!done && this.source.includes('INSERT INTO temp.export_rw WITH')) {
    done = true;
    const db = this.database;
    const times = [];
    for (let i = 0; i < 6; i++) {
      db.exec('SAVEPOINT h');
      const t = c();
      const r = orig.apply(this, a);
      times.push((c() - t).toFixed(2) + '/' + r.changes);
      db.exec('ROLLBACK TO h; RELEASE h');
    }
    console.log('hop runs', times.join(' '));
    for (const r of db.prepare('EXPLAIN QUERY PLAN ' + this.source).all(...a)) console.log(r.id, r.parent, r.detail);
  }
  return orig.apply(this, a);
};
process.argv[2] = tree;
await import('/tmp/s17-i10/rb.mjs');
