/**
 * Floor rows (`floor-node`, `parse-only`): how the runner measures them (once per repository, a plain `node`
 * process), the `floor` gate kind that judges commands against them, how summaries and charts show them, and the
 * parse-only script itself on a real tree.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../src/analyzers/registry.js';
import { FLOOR_VARIANT, type FloorCommandName } from '../../src/bench/command-names.js';
import { renderSummary } from '../../src/bench/export/markdown-exporter.js';
import { renderPhaseChart } from '../../src/bench/export/phase-chart.js';
import { renderChart } from '../../src/bench/export/svg-exporter.js';
import { FLOOR_PARSERS } from '../../src/bench/floor/floor-parsers.js';
import { parseOnly } from '../../src/bench/floor/parse-only.js';
import { floorOf } from '../../src/bench/floors.js';
import { checkGates } from '../../src/bench/gate-check.js';
import { parseGateFile } from '../../src/bench/gate-file.js';
import type { GateFinding } from '../../src/bench/gates/finding.js';
import type { Measurement, RunResult } from '../../src/bench/result.js';
import type { NonEmptyArray } from '../../src/bench/stats.js';
import { completedOf, FIXED_RUN } from './fixed-run.js';

function floorRow(command: FloorCommandName, samples: NonEmptyArray<number>): Measurement {
  return completedOf(command, FLOOR_VARIANT, samples, 'none');
}

const [tiny, big] = FIXED_RUN.repositories;
// tiny: index-full sqlite 1000–1200 ms, duckdb 1300–1500 ms; sym sqlite 200/210 ms, duckdb 220/230 ms.
const RUN: RunResult = {
  ...FIXED_RUN,
  campaign: { ...FIXED_RUN.campaign, commands: ['index-full', 'sym', 'floor-node', 'parse-only', 'duckdb-open'] },
  repositories: [
    {
      ...tiny!,
      measurements: [
        ...tiny!.measurements,
        floorRow('floor-node', [70, 72, 74]),
        floorRow('parse-only', [1500, 1600, 1700]),
        floorRow('duckdb-open', [150, 152, 154]),
      ],
    },
    big!,
  ],
};

const check = (gate: object): string[] =>
  checkGates(RUN, parseGateFile({ gates: [{ id: 'g', kind: 'floor', ...gate }] }, '/tmp/a.json')).findings.map(
    (f) => `${f.repo} ${f.command} ${f.variants?.candidate}: ${f.verdict} ${f.rule} ${f.budget?.toFixed(0)}`,
  );

describe('floor gates', () => {
  it('judges each current variant against the floor row of its repository, and skips where none was measured', () => {
    expect(check({ floor: 'parse-only', commands: ['index-full'], maxRatio: 0.75 })).toEqual([
      'tiny index-full sqlite: pass budget 1200',
      // 1300–1500 against at most 0.75 × 1700 in every resample, but three samples a side support p ≥ 2^-3: noise.
      'tiny index-full duckdb: warn noise 1200',
      'big index-full sqlite: skip state undefined',
      'big index-full duckdb: skip state undefined',
    ]);
  });

  it('fails over budget under significance none', () => {
    expect(
      check({ floor: 'parse-only', commands: ['index-full'], maxRatio: 0.75, significance: 'none', repos: ['tiny'] }),
    ).toEqual(['tiny index-full sqlite: pass budget 1200', 'tiny index-full duckdb: fail budget 1200']);
  });

  it('warns on an informational target, may be limited to variants, and names the floor in its note', () => {
    const report = checkGates(
      RUN,
      parseGateFile(
        {
          gates: [
            {
              id: 'lookups',
              kind: 'floor',
              severity: 'info',
              repos: ['tiny'],
              floor: 'floor-node',
              variants: ['sqlite'],
              commands: ['sym'],
              maxRatio: 1.5,
            },
          ],
        },
        '/tmp/a.json',
      ),
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ verdict: 'warn', rule: 'severity', reference: 72, budget: 108 });
    expect(report.findings[0]!.note).toContain('sqlite vs floor-node: ≤ ×1.5');
    expect(report.ok).toBe(true);
  });

  it('rejects an unknown floor row', () => {
    expect(() => check({ floor: 'node', commands: ['sym'], maxRatio: 2 })).toThrow(/floor must be one of/);
  });
});

describe('net time gates (a floor row subtracted)', () => {
  // tiny: sym sqlite 200/210, duckdb 220/230; floor-node 70/72/74, duckdb-open 150/152/154 (medians 205, 225, 72, 152).
  const net = (gate: object, run: RunResult = RUN): readonly GateFinding[] =>
    checkGates(
      run,
      parseGateFile(
        {
          gates: [
            Object.fromEntries(
              Object.entries({
                id: 'net',
                kind: 'ratio',
                candidate: 'duckdb',
                control: 'sqlite',
                candidateFloor: 'duckdb-open',
                referenceFloor: 'floor-node',
                commands: ['sym'],
                statistic: 'median',
                severity: 'info',
                ...gate,
              }).filter(([, value]) => value !== undefined), // a JSON file has no undefined fields
            ),
          ],
        },
        '/tmp/a.json',
      ),
    ).findings;

  it('judges what each side spends beyond its floor row', () => {
    const [tinyCell] = net({ maxRatio: 1, repos: ['tiny'] });
    expect(tinyCell).toMatchObject({ repo: 'tiny', verdict: 'pass', measured: 73, reference: 133, budget: 133 });
    expect(tinyCell!.ratio).toBeCloseTo(73 / 133, 6);
    expect(tinyCell!.note).toContain('median duckdb − duckdb-open vs sqlite − floor-node: ≤ ×1 or +0 ms');
    expect(tinyCell!.test).toBeUndefined(); // never bootstrapped: the floor row's spread is not resampled
    const withoutOpen: RunResult = {
      ...RUN,
      repositories: [
        {
          ...RUN.repositories[0]!,
          measurements: RUN.repositories[0]!.measurements.filter((m) => m.command !== 'duckdb-open'),
        },
      ],
    };
    expect(net({ maxRatio: 1 }, withoutOpen)[0]).toMatchObject({
      verdict: 'skip',
      note: 'duckdb-open not measured in this run',
    });
    expect(net({ maxRatio: 0.5, repos: ['tiny'] })[0]).toMatchObject({ verdict: 'warn', budget: 66.5 });
    // One side only: DuckDB beyond its open against the whole SQLite command.
    expect(net({ maxRatio: 1, referenceFloor: undefined, repos: ['tiny'] })[0]).toMatchObject({
      measured: 73,
      reference: 205,
    });
  });

  it('is reported or judged on its point estimate, never tested for significance', () => {
    expect(() => net({ maxRatio: 1, severity: 'error' })).toThrow(
      /gates\[0\]\.candidateFloor subtracts a floor row, which the significance test does not resample/,
    );
    expect(net({ maxRatio: 0.5, severity: 'error', significance: 'none', repos: ['tiny'] })[0]).toMatchObject({
      verdict: 'fail',
      rule: 'budget',
    });
    expect(() => net({ maxRatio: 1, candidateFloor: 'duckdb' })).toThrow(/candidateFloor must be one of/);
  });

  it('reads a floor row against node -e 0 with a floor gate on the floor variant', () => {
    expect(
      check({ floor: 'floor-node', variants: ['floor'], commands: ['duckdb-open'], maxRatio: 2, severity: 'info' }),
    ).toEqual(['tiny duckdb-open floor: warn severity 144', 'big duckdb-open floor: skip state undefined']);
    const [finding] = checkGates(
      RUN,
      parseGateFile(
        {
          gates: [
            {
              id: 'g',
              kind: 'floor',
              floor: 'floor-node',
              variants: ['floor'],
              commands: ['duckdb-open'],
              maxRatio: 3,
            },
          ],
        },
        '/tmp/a.json',
      ),
    ).findings;
    expect(finding!.note).toBe('mean duckdb-open vs floor-node: ≤ ×3 or +0 ms'); // the row, not its variant `floor`
  });
});

describe('floor rows in the artifacts', () => {
  it('reads a full index against parse-only and every other process command against node -e 0', () => {
    expect(floorOf('index-full')).toBe('parse-only');
    expect(floorOf('index-warm')).toBe('floor-node');
    expect(floorOf('sym')).toBe('floor-node');
    expect(floorOf('mcp-sym')).toBeNull();
    expect(floorOf('parse-only')).toBeNull();
  });

  it('lists floors and multiples in summary.md and draws them as dashed lines in both charts', () => {
    const summary = renderSummary(RUN);
    expect(summary).toContain('## Floors');
    expect(summary).toMatch(/\| tiny +\| index-full +\| parse-only +\| +1600\.0 \| +×0\.69 \| +×0\.88 \|/);
    expect(summary).toMatch(/\| tiny +\| sym +\| floor-node +\| +72\.0 \| +×2\.85 \| +×3\.13 \|/);
    const chart = renderChart(RUN);
    expect(chart).toContain('parse-only 1600.0 ms');
    expect(chart).toContain('floor-node 72.0 ms');
    expect(chart.match(/stroke-dasharray/g)).toHaveLength(2); // only tiny has floor rows
    expect(renderPhaseChart(RUN)).toContain('floor-node 72.0 ms'); // sym has phases; index-full has none
    expect(renderSummary(FIXED_RUN)).not.toContain('## Floors');
  });
});

describe('parse-only', () => {
  it('has the parse step of every registered analyzer', () => {
    expect(Object.keys(FLOOR_PARSERS).sort()).toEqual(ANALYZERS.map((a) => a.name).sort());
  });

  it('parses every claimed file of a tree once and counts what it could not read or parse', async () => {
    const root = mkdtempSync(join(tmpdir(), 'codira-parse-only-'));
    mkdirSync(join(root, 'pkg'));
    writeFileSync(join(root, 'pkg', 'a.py'), 'def run():\n    return 1\n');
    writeFileSync(join(root, 'pkg', 'b.ts'), 'export const x = (y: number): number => y + 1;\n');
    writeFileSync(join(root, 'pkg', 'broken.py'), 'def (:\n');
    writeFileSync(join(root, 'notes.txt'), 'not claimed by any analyzer\n');
    writeFileSync(join(root, 'blob.py'), Buffer.from([0, 159, 146, 150, 0]));
    const report = await parseOnly(root);
    expect(report).toMatchObject({ files: 3, failed: 2 }); // broken.py: syntax error; blob.py: binary
    expect(report.bytes).toBeGreaterThan(60);
  });
});
