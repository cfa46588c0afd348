/* global process, console, Buffer */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
const { embedSymbols } = await import(process.argv[2] + '/dist/core/embeddings.js');
const syms = JSON.parse(readFileSync('/tmp/s17-rest/embsyms.json', 'utf8')).map((s, i) => ({
  ...s,
  kind: 'function',
  startLine: i + 1,
  endLine: i + 1,
  exported: true,
}));
const long = {
  name: 'documented',
  qualifiedName: 'a.b.documented',
  signature: 'documented()',
  docstring: Array.from({ length: 90 }, (_, i) => `word${i} Term${i}`).join(' '),
  kind: 'function',
  startLine: 9,
  endLine: 9,
  exported: true,
};
const v = embedSymbols([...syms, long]);
console.log(createHash('sha1').update(Buffer.from(v.buffer)).digest('hex'));
