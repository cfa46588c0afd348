import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';
import { jsonExporter } from '../../src/bench/export/json-exporter.js';
import { checkGates, type GateReport } from '../../src/bench/gate-check.js';
import { parseGateFile, type GateFile } from '../../src/bench/gate-file.js';
import { findingCells, gateSummaryLine } from '../../src/bench/gate-render.js';
import type { Measurement, RunResult } from '../../src/bench/result.js';
import { CLEARLY_WITHIN_SHARE, confirmTrigger } from '../../src/bench/gates/time-gate.js';
import { summarize } from '../../src/bench/stats.js';
import { completedOf, FIXED_RUN } from './fixed-run.js';

const gates = (rules: unknown[]): GateFile => parseGateFile({ gates: rules }, '/tmp/gates.json');
const ratio = (maxRatio: number, slackMs: number, extra: object = {}): object => ({
  id: 'duckdb-vs-sqlite',
  kind: 'ratio',
  candidate: 'duckdb',
  control: 'sqlite',
  commands: ['index-full'],
  maxRatio,
  slackMs,
  significance: 'none',
  ...extra,
});
const verdicts = (report: GateReport): string[] =>
  report.findings.map((f) => `${f.gate} ${f.repo} ${f.command}: ${f.verdict}`);

describe('checkGates', () => {
  it('fails an impossible budget and passes a lenient one', () => {
    const strict = checkGates(FIXED_RUN, gates([ratio(0.5, 0)]));
    expect(verdicts(strict)).toEqual([
      'duckdb-vs-sqlite tiny index-full: fail',
      'duckdb-vs-sqlite big index-full: fail',
    ]);
    expect(strict.ok).toBe(false);
    const lenient = checkGates(FIXED_RUN, gates([ratio(10, 0)]));
    expect(verdicts(lenient)).toEqual([
      'duckdb-vs-sqlite tiny index-full: pass',
      'duckdb-vs-sqlite big index-full: pass',
    ]);
    expect(lenient.ok).toBe(true);
  });

  it('applies whichever of ratio and absolute slack is more forgiving', () => {
    // tiny: 1400 vs 1100 (×1.27); big: 9000 vs 5000 (×1.8). Ratio 1.25 fails both; +300 ms rescues tiny only.
    const report = checkGates(FIXED_RUN, gates([ratio(1.25, 300)]));
    expect(verdicts(report)).toEqual([
      'duckdb-vs-sqlite tiny index-full: pass',
      'duckdb-vs-sqlite big index-full: fail',
    ]);
    expect(report.findings[0]).toMatchObject({ measured: 1400, reference: 1100, budget: 1400 });
    expect(report.findings[1]).toMatchObject({ measured: 9000, reference: 5000, budget: 6250 });
    expect(findingCells(report.findings[1]!).slice(0, 6)).toEqual([
      'duckdb-vs-sqlite',
      'big',
      'index-full',
      '9000.0 ms (×1.80)',
      '≤ 6250.0 ms',
      'FAIL',
    ]);
  });

  it('reports a missed informational budget as a warning that does not fail the check', () => {
    const report = checkGates(FIXED_RUN, gates([ratio(0.5, 0, { severity: 'info' })]));
    expect(report.counts).toEqual({ pass: 0, fail: 0, warn: 2, skip: 0 });
    expect(report.ok).toBe(true);
  });

  it('skips commands that were skipped and fails on an errored candidate', () => {
    const withError: RunResult = {
      ...FIXED_RUN,
      repositories: FIXED_RUN.repositories.map((repo) => ({
        ...repo,
        measurements: repo.measurements.map((m) =>
          m.command === 'sym' && m.variant === 'duckdb' && m.state === 'completed'
            ? { ...m, state: 'errored' as const, error: 'exit 1: boom', samplesMs: [] }
            : m,
        ),
      })),
    };
    const report = checkGates(withError, gates([ratio(10, 0, { commands: ['sym'] })]));
    expect(verdicts(report)).toEqual(['duckdb-vs-sqlite tiny sym: fail', 'duckdb-vs-sqlite big sym: skip']);
    expect(report.findings.map((f) => f.note)).toEqual([
      'duckdb errored: exit 1: boom',
      'sqlite skipped: the index has no symbol to query',
    ]);
  });

  it('judges index size with a recorded stretch target', () => {
    const report = checkGates(
      FIXED_RUN,
      gates([{ id: 'size', kind: 'size', candidate: 'duckdb', control: 'sqlite', maxRatio: 2, stretchRatio: 1.4 }]),
    );
    expect(verdicts(report)).toEqual([
      'size tiny index size: pass',
      'size (stretch) tiny index size: warn',
      'size big index size: fail',
      'size (stretch) big index size: warn',
    ]);
  });

  it('compares against the baseline, skipping what the baseline could not run', () => {
    const rule = {
      id: 'reg',
      kind: 'regression',
      backend: 'sqlite',
      commands: ['index-full', 'sym'],
      maxRatio: 1.03,
      slackMs: 50,
      significance: 'none',
    };
    const report = checkGates(FIXED_RUN, gates([rule]));
    expect(verdicts(report)).toEqual([
      'reg tiny index-full: fail', // 1100 vs 1000 > max(1030, 1050)
      'reg tiny sym: skip',
      'reg big index-full: pass',
      'reg big sym: skip',
    ]);
    expect(report.findings[1]!.note).toBe("baseline-sqlite errored: exit 1: unknown command 'sym'");
  });

  it('with significance ci95, warns on an over-budget time within the noise and fails a clear regression', () => {
    const rule = {
      id: 'reg',
      kind: 'regression',
      backend: 'sqlite',
      commands: ['index-full'],
      maxRatio: 1.03,
      slackMs: 50,
      significance: 'ci95',
    };
    // tiny: 1000/1100/1200 vs 1000×3 — over budget (1100 > 1050) but the 95 % interval reaches down to ≈852 ms.
    const noisy = checkGates(FIXED_RUN, gates([rule]));
    expect(noisy.findings[0]).toMatchObject({ repo: 'tiny', verdict: 'warn', measured: 1100, budget: 1050 });
    expect(noisy.findings[0]!.note).toMatch(/not a significant regression$/);
    expect(noisy.ok).toBe(true);
    // The same gate on a tight, clearly slower sample set (≈1510 ± 25 ms vs 1000 ms) fails.
    const slower = (m: Measurement): Measurement =>
      m.state === 'completed' && m.command === 'index-full' && m.variant === 'sqlite'
        ? { ...m, samplesMs: [1500, 1510, 1520], stats: summarize([1500, 1510, 1520]) }
        : m;
    const run: RunResult = {
      ...FIXED_RUN,
      repositories: FIXED_RUN.repositories.map((r) => ({ ...r, measurements: r.measurements.map(slower) })),
    };
    const clear = checkGates(run, gates([rule]));
    expect(verdicts(clear)).toEqual(['reg tiny index-full: fail', 'reg big index-full: pass']);
    expect(clear.ok).toBe(false);
  });

  it('skips the regression gate with a clear verdict when the run has no baseline', () => {
    const noBaseline: RunResult = { ...FIXED_RUN, baseline: null, variants: FIXED_RUN.variants.slice(0, 2) };
    const rule = { id: 'reg', kind: 'regression', backend: 'sqlite', commands: ['index-full'], maxRatio: 1.03 };
    const report = checkGates(noBaseline, gates([rule]));
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      repo: '*',
      verdict: 'skip',
      note: 'no baseline in this run (run the campaign with --baseline <git-ref>)',
    });
    expect(report.ok).toBe(true);
  });

  it('does not pass a run that stopped early', () => {
    const report = checkGates({ ...FIXED_RUN, status: 'failed' }, gates([ratio(10, 0)]));
    expect(report.ok).toBe(false);
    expect(gateSummaryLine(report)).toBe(
      "gates: 2 pass, 0 fail, 0 warn, 0 skip (run 20250301-141502-short is 'failed', not completed) → FAILED",
    );
  });
});

describe('codira gate check (CLI)', () => {
  const bin = join(PROJECT_ROOT, 'bin', 'codira.js');
  const root = mkdtempSync(join(tmpdir(), 'codira-gates-'));
  const runDir = join(root, 'runs', FIXED_RUN.runId);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'run.json'), jsonExporter.render(FIXED_RUN));
  const writeGates = (name: string, rules: unknown[]): string => {
    const file = join(root, name);
    writeFileSync(file, JSON.stringify({ gates: rules }));
    return file;
  };
  const cli = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });

  it('exits 1 on an impossible budget and writes the verdict into the run folder', () => {
    const result = cli('gate', 'check', '--run', runDir, '--gates', writeGates('strict.json', [ratio(0.5, 0)]));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('duckdb-vs-sqlite  big   index-full  9000.0 ms (×1.80)');
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('gates: 0 pass, 2 fail, 0 warn, 0 skip → FAILED');
    const written = JSON.parse(readFileSync(join(runDir, 'gates.json'), 'utf8')) as GateReport;
    expect(written.ok).toBe(false);
    expect(existsSync(join(runDir, 'gates.md'))).toBe(true);
  });

  it('exits 0 on a lenient budget', () => {
    const result = cli(
      'gate',
      'check',
      '--run',
      runDir,
      '--gates',
      writeGates('lenient.json', [ratio(10, 0)]),
      '--json',
    );
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as GateReport).counts).toEqual({ pass: 2, fail: 0, warn: 0, skip: 0 });
  });

  it('exits 2 with one clear line on a bad gate file or a missing run', () => {
    const bad = cli(
      'gate',
      'check',
      '--run',
      runDir,
      '--gates',
      writeGates('bad.json', [ratio(1, 0, { kind: 'speed' })]),
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      "codira: bad.json: gates[0].kind must be one of ratio, size, regression, accuracy, latency, floor, scaling, memory, got 'speed'\n",
    );
    const missing = cli('gate', 'check', '--run', join(root, 'nope'), '--gates', 'short');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^codira: no benchmark run '.*nope'/);
  });
});

/**
 * A run whose repositories have `sym` cells with the given samples (and confirmation rounds), per variant.
 *
 * @param samples - First-round (and confirmation) samples per variant id.
 * @param repos - Number of identical repositories (each adds one cell per gate command).
 * @returns The run.
 */
function symRun(samples: Record<string, { first: number[]; confirm?: number[] }>, repos = 1): RunResult {
  const measurement = (variant: string, first: number[], confirm?: number[]): Measurement => ({
    command: 'sym',
    variant,
    backend: variant.replace('baseline-', ''),
    build: variant.startsWith('baseline') ? 'baseline' : 'current',
    warmups: 0,
    runs: first.length,
    state: 'completed',
    samplesMs: first as [number, ...number[]],
    peakRssKb: [],
    stats: summarize(first as [number, ...number[]]),
    ...(confirm
      ? {
          confirm: {
            state: 'completed' as const,
            reason: 'test',
            runs: confirm.length,
            samplesMs: confirm as [number, ...number[]],
            peakRssKb: [],
            stats: summarize(confirm as [number, ...number[]]),
          },
        }
      : {}),
  });
  const repo = FIXED_RUN.repositories[0]!;
  return {
    ...FIXED_RUN,
    repositories: Array.from({ length: repos }, (_, i) => ({
      ...repo,
      label: `r${i}`,
      measurements: Object.entries(samples).map(([variant, s]) => measurement(variant, s.first, s.confirm)),
    })),
  };
}

const around = (centre: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => centre + ((i * 7) % 11) - 5);
const holmRule = {
  id: 'q',
  kind: 'ratio',
  candidate: 'duckdb',
  control: 'sqlite',
  commands: ['sym'],
  maxRatio: 1.1,
  slackMs: 0,
};

describe('significance: holm (the default)', () => {
  it('fails a clear slowdown measured in a confirmation round and says which rule decided', () => {
    const run = symRun({
      sqlite: { first: around(100, 5), confirm: around(100, 10) },
      duckdb: { first: around(150, 5), confirm: around(150, 10) },
    });
    const [finding] = checkGates(run, gates([holmRule])).findings;
    expect(finding).toMatchObject({ verdict: 'fail', rule: 'holm', round: 'confirm' });
    expect(finding!.test!.mannWhitneyP).toBeCloseTo(1 / 184756, 9);
    // No resample within budget, so the floor decides: 10 pairs support at most 2^-10.
    expect(finding!.test!.bootstrapP).toBeCloseTo(2 ** -10, 9);
    expect(finding!.test!.holmP).toBeCloseTo(2 ** -10, 9);
    expect(finding!.test!.ratioCi95.low).toBeGreaterThan(1.4);
    expect(finding!.note).toMatch(
      /first round ×1\.\d+ \(over budget, [\d.]+ % of resamples within\), confirm round ×1\.\d+; significant regression: bootstrap p/,
    );
  });

  it('judges the confirmation round, not the first: a first-round alert that does not repeat is noise', () => {
    const run = symRun({
      sqlite: { first: around(100, 5), confirm: around(100, 10) },
      duckdb: { first: around(150, 5), confirm: [80, 150, 95, 130, 100, 125, 90, 140, 105, 115] },
    });
    const [finding] = checkGates(run, gates([holmRule])).findings;
    expect(finding).toMatchObject({ verdict: 'warn', rule: 'noise', round: 'confirm' });
    expect(finding!.test!.mannWhitneyP).toBeGreaterThan(0.05);
  });

  it('corrects for the number of cells: evidence enough for one cell is not enough among 400 (Holm)', () => {
    // 5 vs 5 wholly separated: p = 2^-5 (the most 5 pairs can support), Mann–Whitney p = 1/252 — significant alone.
    const sample = { sqlite: { first: around(100, 5) }, duckdb: { first: around(150, 5) } };
    const alone = checkGates(symRun(sample), gates([holmRule])).findings[0]!;
    expect(alone).toMatchObject({ verdict: 'fail', rule: 'holm', round: 'first' });
    expect(alone.test!.family).toBe(1);
    // 400 such cells: Holm multiplies the smallest p by 400, so none fails.
    const family = checkGates(symRun(sample, 400), gates([holmRule]));
    expect(family.counts).toEqual({ pass: 0, fail: 0, warn: 400, skip: 0 });
    expect(family.findings.every((f) => f.rule === 'noise' && f.test!.family === 400)).toBe(true);
    expect(family.findings[0]!.test!.holmP).toBe(1);
  });

  it('cannot be more sure than the pair count allows: every pair over budget is p 2^-n, not 0', () => {
    // Four pairs of the same build, the candidate's all slower (a load burst), ×1.6: the bootstrap alone says p ≈ 0.
    const run = symRun({ sqlite: { first: [100, 100, 100, 100] }, duckdb: { first: [150, 170, 160, 160] } });
    const [finding] = checkGates(run, gates([holmRule])).findings;
    expect(finding!.test!.bootstrapP).toBe(1 / 16);
    expect(finding).toMatchObject({ verdict: 'warn', rule: 'noise' });
  });

  it('cannot be failed by one extreme pair: the paired bootstrap leaves it out of a third of the resamples', () => {
    // Four pairs equal, one pair 10× slower: the mean ratio is far over budget, but most of the evidence says "same".
    const run = symRun({ sqlite: { first: [100, 101, 99, 100, 100] }, duckdb: { first: [100, 101, 99, 100, 1000] } });
    const [finding] = checkGates(run, gates([holmRule])).findings;
    expect(finding!.ratio!).toBeGreaterThan(2);
    expect(finding).toMatchObject({ verdict: 'warn', rule: 'noise' });
    expect(finding!.test!.bootstrapP).toBeGreaterThan(0.25); // resamples without the slow pair: 0.8^5 ≈ 0.33
    expect(finding!.test!.mannWhitneyP).toBeGreaterThan(0.05); // and the rank test, reported beside it, agrees
  });

  it('counts passing cells in the family too', () => {
    const report = checkGates(
      symRun({
        sqlite: { first: around(100, 8) },
        duckdb: { first: around(150, 8) },
        'baseline-sqlite': { first: around(100, 8) },
      }),
      gates(
        [
          holmRule,
          { ...holmRule, id: 'r', kind: 'regression', candidate: undefined, control: undefined, backend: 'sqlite' },
        ].map((g) => JSON.parse(JSON.stringify(g)) as object),
      ),
    );
    expect(report.findings.map((f) => `${f.gate}:${f.verdict}:${f.rule}`)).toEqual(['q:fail:holm', 'r:pass:budget']);
    expect(report.findings.map((f) => f.test!.family)).toEqual([2, 2]);
  });
});

describe('Holm over a large family', () => {
  it('can still fail clearly slower cells when the family is far above what 4000 resamples resolve', () => {
    // 250 repositories × one sym cell, 14 pairs, DuckDB ×2 on every run: with 1/4001 as the lowest p, Holm would give
    // 250/4001 = 0.06 and nothing could fail; the finer bootstrap resolves down to the 14 pairs' floor, 2^-14.
    const repos = Array.from({ length: 250 }, (_, i) => ({
      ...FIXED_RUN.repositories[0]!,
      label: `r${i}`,
      measurements: [
        completedOf('sym', 'sqlite', around(100, 14) as [number, ...number[]]),
        completedOf('sym', 'duckdb', around(200, 14) as [number, ...number[]]),
      ],
    }));
    const report = checkGates({ ...FIXED_RUN, repositories: repos }, gates([holmRule]));
    expect(report.counts.fail).toBe(250);
    expect(report.findings[0]!.test).toMatchObject({ family: 250, bootstrapP: 2 ** -14 });
  });
});

describe('confirmTrigger (which first rounds are re-measured)', () => {
  it('confirms a round over budget, or within it but with fewer than 97.5 % of resamples within', () => {
    expect(confirmTrigger(111, 110, 0.3)).toBe('over budget');
    expect(confirmTrigger(111, 110, null)).toBe('over budget');
    expect(confirmTrigger(105, 110, 0.9)).toBe('not clearly within budget');
    expect(confirmTrigger(105, 110, CLEARLY_WITHIN_SHARE - 0.001)).toBe('not clearly within budget');
    expect(confirmTrigger(105, 110, CLEARLY_WITHIN_SHARE)).toBeNull();
    expect(confirmTrigger(105, 110, 1)).toBeNull();
    // An untested cell (an `info` gate, `significance: none`) has no bootstrap: only over budget triggers.
    expect(confirmTrigger(105, 110, null)).toBeNull();
  });
});
