import v8 from 'node:v8';
const mode = process.argv[2];
if (mode !== 'never') v8.setFlagsFromString('--max-opt=1');
function mk() { return function work(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + Math.sqrt(i) * (i & 7)) % 1e9; return s; }; }
const cold = mk();
if (mode === 'restore') { v8.setFlagsFromString('--max-opt=999'); v8.setFlagsFromString('--turbofan'); }
const t0 = performance.now(); let t = 0; for (let r = 0; r < 4000; r++) t += cold(20000); console.log(mode, (performance.now() - t0).toFixed(0), 'ms');
