import { lstatSync, readFileSync } from 'node:fs';
const snap = JSON.parse(readFileSync('/tmp/s14/idx-base/django-sqlite/.codira/stored-state.sqlite.json', 'utf8'));
const root = '/tmp/s14/django';
const paths = snap.walk.entries.map((e) => (e[0] === '' ? root : `${root}/${e[0]}`));
const mode = process.argv[2]; let x = 0;
if (mode === 'big') for (const p of paths) { const s = lstatSync(p, { bigint: true }); x += `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`.length; }
if (mode === 'plain') for (const p of paths) { const s = lstatSync(p); x += `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`.length; }
if (mode === 'bigraw') for (const p of paths) { const s = lstatSync(p, { bigint: true }); x += s.size > 0n ? 1 : 0; }
