/* global process */
import { createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const require = createRequire(process.env.TREE + '/package.json');
const Database = require('better-sqlite3');
const orig = Database.prototype.prepare;
Database.prototype.prepare = function (sql) {
  if (sql.includes(process.env.FULLSQL)) appendFileSync('/tmp/s17-i10/full.sql', sql + '\n-- ;;\n');
  return orig.call(this, sql);
};
