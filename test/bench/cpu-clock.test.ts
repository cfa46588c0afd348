/**
 * CPU time in campaign rows: the bash wrapper's report and its parser, the CPU series of a loop, time gates judged on
 * `"clock": "cpu"`, the summary's CPU section and floor ratios, and the real measurer counting a waited-for child.
 */
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { FLOOR_VARIANT } from '../../src/bench/command-names.js';
import { renderSummary } from '../../src/bench/export/markdown-exporter.js';
import { checkGates } from '../../src/bench/gate-check.js';
import { parseGateFile } from '../../src/bench/gate-file.js';
import {
  bashTimesAvailable,
  gnuTimeAvailable,
  parseCpuReport,
  ProcessMeasurer,
} from '../../src/bench/process-measurer.js';
import type { CompletedMeasurement, RunResult } from '../../src/bench/result.js';
import { cpuSeries } from '../../src/bench/run/measure-loop.js';
import type { NonEmptyArray } from '../../src/bench/stats.js';
import { completedOf, FIXED_RUN } from './fixed-run.js';

describe('the wrapper report', () => {
  it('takes the children’s line of `times`, user + sys, and the wall time between the two stamps', () => {
    const report = '0m0.003s 0m0.001s\n0m1.166s 0m0.048s\n1796431174.708329 1796431175.171065\n';
    expect(parseCpuReport(report)).toEqual({ cpuMs: 1214, wallMs: 462.736 });
    // Minutes, and a locale whose decimal mark is a comma.
    expect(parseCpuReport('0m0,001s 0m0,000s\n2m3,500s 0m0,250s\n10,000001 10,250001')).toEqual({
      cpuMs: 123_750,
      wallMs: 250,
    });
  });

  it('rejects anything else', () => {
    for (const text of [
      '',
      '0m0.166s 0m0.008s\n1.0 2.0', // one line of times: which one is the children's?
      '0m0.001s 0m0.000s\n0m0.166s\n1.0 2.0',
      '0m0.001s 0m0.000s\n0m0.166s 0m0.008s\n1.0',
      '0m0.001s 0m0.000s\n0.166 0.008\n1.0 2.0',
      '0m0.001s 0m0.000s\n0m0.166s 0m0.008s\n2.0 1.0', // the end before the start
      'Command exited with non-zero status 3\n0m0.166s 0m0.008s\n1.0 2.0\nextra',
    ]) {
      expect(parseCpuReport(text), text).toBeNull();
    }
  });

  it('keeps a CPU series only when every sample has one (else it would pair wrongly with the wall times)', () => {
    expect(cpuSeries([3, 4])).toEqual([3, 4]);
    expect(cpuSeries([3, null])).toBeUndefined();
    expect(cpuSeries([])).toBeUndefined();
  });
});

function withCpu(m: CompletedMeasurement, cpu: NonEmptyArray<number>): CompletedMeasurement {
  return { ...m, cpuSamplesMs: cpu };
}

const [tiny] = FIXED_RUN.repositories;
// Wall: sym sqlite around 150 ms against a 70 ms floor (×2.1, over ×1.5); CPU: 60 against 50 (×1.2, within).
const RUN: RunResult = {
  ...FIXED_RUN,
  environment: { ...FIXED_RUN.environment, cpuTime: 'bash-times' },
  campaign: { ...FIXED_RUN.campaign, commands: ['sym', 'calls', 'floor-node'] },
  repositories: [
    {
      ...tiny!,
      measurements: [
        withCpu(completedOf('sym', 'sqlite', [150, 140, 160, 150, 145]), [60, 61, 59, 60, 62]),
        withCpu(completedOf('sym', 'duckdb', [100, 100, 101, 99, 100]), [90, 91, 89, 90, 92]),
        // calls: within on wall (×1.3), over on CPU (×2.0); duckdb has no CPU times.
        withCpu(completedOf('calls', 'sqlite', [90, 92, 91, 90, 93]), [100, 101, 99, 100, 102]),
        completedOf('calls', 'duckdb', [90, 92, 91, 90, 93]),
        withCpu(completedOf('floor-node', FLOOR_VARIANT, [70, 72, 68, 70, 71], 'none'), [50, 51, 49, 50, 50]),
      ],
    },
  ],
};

const verdicts = (gate: object): string[] =>
  checkGates(RUN, parseGateFile({ gates: [{ id: 'g', ...gate }] }, '/tmp/a.json')).findings.map(
    (f) =>
      `${f.command} ${f.variants?.candidate}: ${f.verdict} ${f.measured?.toFixed(0)}/${f.reference?.toFixed(0)}` +
      `${f.verdict === 'skip' ? ` (${f.note})` : ''}`,
  );

describe('time gates on the cpu clock', () => {
  const floor = {
    kind: 'floor',
    floor: 'floor-node',
    variants: ['sqlite'],
    commands: ['sym', 'calls'],
    maxRatio: 1.5,
    statistic: 'median',
    significance: 'none',
  };

  it('judges CPU medians where asked and wall times by default, on the same rows', () => {
    expect(verdicts({ ...floor, clock: 'cpu' })).toEqual(['sym sqlite: pass 60/50', 'calls sqlite: fail 100/50']);
    expect(verdicts(floor)).toEqual(['sym sqlite: fail 150/70', 'calls sqlite: pass 91/70']);
    expect(verdicts({ ...floor, clock: 'wall' })).toEqual(verdicts(floor));
  });

  it('names the clock in the note', () => {
    const report = checkGates(RUN, parseGateFile({ gates: [{ id: 'g', ...floor, clock: 'cpu' }] }, '/tmp/a.json'));
    expect(report.findings[0]!.note).toContain('median CPU sqlite vs floor-node');
  });

  it('skips a cell whose row has no CPU times, saying so, and judges ratio gates on CPU too', () => {
    const ratio = {
      kind: 'ratio',
      candidate: 'duckdb',
      control: 'sqlite',
      commands: ['sym', 'calls'],
      maxRatio: 1.2,
      statistic: 'median',
      significance: 'none',
      clock: 'cpu',
    };
    expect(verdicts(ratio)).toEqual([
      'sym duckdb: fail 90/60',
      'calls duckdb: skip undefined/undefined (duckdb has no CPU times in this run)',
    ]);
  });

  it('judges the confirmation round’s CPU times when both sides have them', () => {
    const confirmOf = (wall: NonEmptyArray<number>, cpu: NonEmptyArray<number>): CompletedMeasurement['confirm'] => ({
      state: 'completed',
      reason: 'test',
      runs: wall.length,
      samplesMs: wall,
      cpuSamplesMs: cpu,
      peakRssKb: [],
      stats: completedOf('sym', 'x', wall).stats,
    });
    const [sqlite, duckdb] = RUN.repositories[0]!.measurements as CompletedMeasurement[];
    const confirmed: RunResult = {
      ...RUN,
      repositories: [
        {
          ...RUN.repositories[0]!,
          measurements: [
            { ...sqlite!, confirm: confirmOf([150, 150, 150], [80, 80, 80]) },
            { ...duckdb!, confirm: confirmOf([100, 100, 100], [90, 90, 90]) },
          ],
        },
      ],
    };
    const gate = {
      id: 'g',
      kind: 'ratio',
      candidate: 'duckdb',
      control: 'sqlite',
      commands: ['sym'],
      maxRatio: 1.2,
      statistic: 'median',
      significance: 'none',
      clock: 'cpu',
    };
    const [finding] = checkGates(confirmed, parseGateFile({ gates: [gate] }, '/tmp/a.json')).findings;
    expect(finding).toMatchObject({ verdict: 'pass', round: 'confirm', measured: 90, reference: 80 });
  });
});

describe('CPU time in summary.md', () => {
  it('has a CPU section of medians and CPU ratios against the floor', () => {
    const summary = renderSummary(RUN);
    expect(summary).toContain('CPU time: bash-times.');
    expect(summary).toContain('## CPU time');
    // Variants sqlite, duckdb, baseline-sqlite (no CPU times: dashes), then duckdb/sqlite and sqlite/baseline.
    expect(summary).toContain('| repo | command | sqlite CPU ms | duckdb CPU ms | baseline-sqlite CPU ms |');
    expect(summary).toContain('| tiny | sym | 60.0 | 90.0 | — | ×1.50 | — |');
    expect(summary).toContain('| tiny | calls | 100.0 | — | — | — | — |');
    expect(summary).toContain('| tiny | sym | floor-node | 70.2 | ×2.12 | ×1.42 | 50.0 | ×1.20 | ×1.80 |');
    expect(summary).toContain('| tiny | calls | floor-node | 70.2 | ×1.30 | ×1.30 | 50.0 | ×2.00 | — |');
  });

  it('leaves both out when no row has CPU times', () => {
    const summary = renderSummary(FIXED_RUN);
    expect(summary).not.toContain('## CPU time');
    expect(summary).not.toContain('CPU × floor');
  });
});

describe.runIf(bashTimesAvailable())('ProcessMeasurer with the bash wrapper', () => {
  it('counts the CPU of a child the process waited for, and keeps the exit status', async () => {
    const measurer = new ProcessMeasurer(false, true);
    try {
      // The child spins ~80 ms of CPU and prints what it used; the parent waits for it and exits 4.
      const child =
        'const t = process.cpuUsage(); while (process.cpuUsage(t).user < 80000) {} const u = process.cpuUsage(); ' +
        'console.log((u.user + u.system) / 1000)';
      const parent =
        `const r = require('child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(child)}]); ` +
        'process.stdout.write(r.stdout); process.exit(4)';
      const outcome = await measurer.run({ argv: [process.execPath, '-e', parent], cwd: tmpdir() });
      expect(outcome.exitCode).toBe(4);
      const childCpu = Number(outcome.stdout.trim());
      expect(childCpu).toBeGreaterThanOrEqual(80);
      // The child's own CPU is a lower bound of the whole tree's (plus the parent's own start-up).
      expect(outcome.cpuMs).toBeGreaterThanOrEqual(childCpu);
      expect(outcome.wallMs).toBeGreaterThan(0);
    } finally {
      await measurer.close();
    }
  });

  it('reports a program that cannot be started as exit 127 with the shell’s message', async () => {
    const measurer = new ProcessMeasurer(false, true);
    try {
      const outcome = await measurer.run({ argv: ['/no/such/program'], cwd: tmpdir() });
      expect(outcome.exitCode).toBe(127);
      expect(outcome.stderr).toContain('/no/such/program');
    } finally {
      await measurer.close();
    }
  });
});

describe.runIf(bashTimesAvailable() && gnuTimeAvailable())('GNU time outside the bash wrapper', () => {
  it('still sees the peak RSS of a child the measured process waited for', async () => {
    const measurer = new ProcessMeasurer(true, true);
    try {
      // The child holds ~150 MiB resident; the parent itself stays near Node's ~40 MiB.
      const child = 'const b = Buffer.alloc(150 * 1024 * 1024, 1); console.log(b[b.length - 1])';
      const parent = `require('child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(child)}])`;
      const outcome = await measurer.run({ argv: [process.execPath, '-e', parent], cwd: tmpdir() });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.peakRssKb).toBeGreaterThan(150 * 1024);
      expect(outcome.cpuMs).toBeGreaterThan(0);
    } finally {
      await measurer.close();
    }
  });
});
