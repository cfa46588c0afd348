/* global process, console */
/**
 * Session 18 (s18-cpugate): how much wall and CPU time scatter in one campaign run. For every completed row of
 * `run.json`: the coefficient of variation of its wall samples and of its CPU samples, and for the rows the ambition
 * floor gates judge, each command's multiple of the `node -e 0` floor in wall means and in CPU medians.
 *
 * Usage: node docs/process/evidence/s18-cpugate/scatter.mjs RUN_JSON
 */
import { readFileSync } from 'node:fs';

const run = JSON.parse(readFileSync(process.argv[2], 'utf8'));

/**
 * The median of numbers.
 *
 * @param xs - Samples.
 * @returns Their median.
 */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The coefficient of variation (sample standard deviation over mean).
 *
 * @param xs - Samples.
 * @returns Its value.
 */
function cv(xs) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return Math.sqrt(variance) / mean;
}

/**
 * The mean of numbers.
 *
 * @param xs - Samples.
 * @returns Their mean.
 */
function mean(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const cvs = { wall: [], cpu: [] };
const ratios = {};
for (const repo of run.repositories) {
  const floor = repo.measurements.find((m) => m.command === 'floor-node' && m.state === 'completed');
  for (const m of repo.measurements) {
    if (m.state !== 'completed' || !m.cpuSamplesMs) continue;
    cvs.wall.push(cv(m.samplesMs));
    cvs.cpu.push(cv(m.cpuSamplesMs));
    if (!floor || m.command === 'floor-node') continue;
    const key = `${m.command} ${m.variant}`;
    (ratios[key] ??= { wallMean: [], cpuMedian: [] }).wallMean.push(mean(m.samplesMs) / mean(floor.samplesMs));
    ratios[key].cpuMedian.push(median(m.cpuSamplesMs) / median(floor.cpuSamplesMs));
  }
}
const range = (xs) => `×${Math.min(...xs).toFixed(2)}–×${Math.max(...xs).toFixed(2)}`;
console.log(`run ${run.runId}: ${cvs.wall.length} rows with CPU times`);
console.log(
  `coefficient of variation, median over rows: wall ${(median(cvs.wall) * 100).toFixed(1)} %, CPU ${(median(cvs.cpu) * 100).toFixed(1)} %`,
);
console.log(
  `largest: wall ${(Math.max(...cvs.wall) * 100).toFixed(1)} %, CPU ${(Math.max(...cvs.cpu) * 100).toFixed(1)} %`,
);
for (const repo of run.repositories) {
  const floor = repo.measurements.find((m) => m.command === 'floor-node' && m.state === 'completed');
  if (floor?.cpuSamplesMs) {
    console.log(
      `floor-node ${repo.label}: wall mean ${mean(floor.samplesMs).toFixed(1)} ms (min ${Math.min(...floor.samplesMs).toFixed(1)}, max ${Math.max(...floor.samplesMs).toFixed(1)}), CPU median ${median(floor.cpuSamplesMs)} ms (min ${Math.min(...floor.cpuSamplesMs)}, max ${Math.max(...floor.cpuSamplesMs)})`,
    );
  }
}
console.log('command variant: multiple of floor-node over the repositories, wall means | CPU medians');
for (const [key, r] of Object.entries(ratios)) console.log(`  ${key}: ${range(r.wallMean)} | ${range(r.cpuMedian)}`);
