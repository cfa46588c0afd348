// In-process CPU of a Django no-op's steps, first call in a fresh process (cold JIT, as a real run).
const W = process.argv[2] ?? '/work/wt-s14-noop';
const repo = '/tmp/s14/django', state = '/tmp/s14/idx/django-sqlite/.codira';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let t = cpu(); const lap = (n) => { const x = cpu(); process.stdout.write(`${n} ${(x - t).toFixed(1)} | `); t = x; };
const { sqliteBackend } = await import(W + '/dist/backends/sqlite/sqlite-backend.js');
const { ANALYZER_SET } = await import(W + '/dist/analyzers/registry.js');
const { analyzerFor } = await import(W + '/dist/core/analyzer.js');
const { readStoredStateSnapshot, sameFiles } = await import(W + '/dist/core/stored-state.js');
const { replayWalk } = await import(W + '/dist/core/walk-record.js');
const { readFileSync, lstatSync } = await import('node:fs');
lap('modules');
const loc = { repoRoot: repo, stateDir: state };
const snap = readStoredStateSnapshot(loc, sqliteBackend); lap('snapshot');
const files = replayWalk(repo, snap.walk); lap('replay ' + snap.walk.entries.length); const claimed0 = files;
const claimed = files.filter((p) => analyzerFor(ANALYZER_SET.all, p) !== undefined); lap('claims ' + files.length);
const st = claimed.map((p) => { const s = lstatSync(`${repo}/${p}`); return { path: p, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) }; }); lap('lstat ' + claimed.length);
st.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)); lap('sort');
console.log(sameFiles(st, snap.files));
