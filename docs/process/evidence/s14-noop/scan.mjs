const W = '/work/wt-s14-noop';
const { scanRepository } = await import(W + '/dist/core/scanner.js');
const { ANALYZER_SET } = await import(W + '/dist/analyzers/registry.js');
const { analyzerFor } = await import(W + '/dist/core/analyzer.js');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t = cpu(); const f = await scanRepository(process.argv[2], (p) => analyzerFor(ANALYZER_SET.all, p) !== undefined);
console.log(process.execArgv.join(' ') || 'default', f.length, (cpu() - t).toFixed(0), 'ms cpu');
