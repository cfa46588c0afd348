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
import { summarize } from '../../src/bench/stats.js';
import { FIXED_RUN } from './fixed-run.js';

const gates = (rules: unknown[]): GateFile => parseGateFile({ gates: rules }, '/tmp/gates.json');
const ratio = (maxRatio: number, slackMs: number, extra: object = {}): object => ({
  id: 'duckdb-vs-sqlite',
  kind: 'ratio',
  candidate: 'duckdb',
  control: 'sqlite',
  commands: ['index-full'],
  maxRatio,
  slackMs,
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
    expect(bad.stderr).toBe("codira: bad.json: gates[0].kind must be one of ratio, size, regression, got 'speed'\n");
    const missing = cli('gate', 'check', '--run', join(root, 'nope'), '--gates', 'short');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^codira: no benchmark run '.*nope'/);
  });
});
