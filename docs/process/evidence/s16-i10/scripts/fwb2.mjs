/* global process, console, Buffer */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const [fwmod, dump, passes = '5'] = process.argv.slice(2);
const { fieldWordsOf } = await import(fwmod);
const files = JSON.parse(readFileSync(dump, 'utf8'));
const ms = [];
let hash;
for (let i = 0; i < Number(passes); i++) {
  const t0 = process.cpuUsage();
  const outs = files.map((s) => fieldWordsOf(s));
  {
    const u = process.cpuUsage(t0);
    ms.push(((u.user + u.system) / 1000).toFixed(1));
  }
  const h = createHash('sha1');
  for (const o of outs) {
    h.update(o.words);
    h.update(Buffer.from(o.postings));
    h.update(String(o.irregular));
  }
  hash = h.digest('hex').slice(0, 12);
}
console.log(ms.join(' '), hash);
