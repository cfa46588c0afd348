/**
 * The `scaling` and `memory` gate kinds (issue 12's "independent of index size" and "memory bounded by the batch"
 * targets) and the manifest's `copies` field that gives them a corpus copied N times.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGates } from '../../src/bench/gate-check.js';
import { parseGateFile } from '../../src/bench/gate-file.js';
import { parseManifest } from '../../src/bench/manifest.js';
import type { CompletedMeasurement, RepoResult, RunResult } from '../../src/bench/result.js';
import type { NonEmptyArray } from '../../src/bench/stats.js';
import { snapshotCorpus } from '../../src/bench/workspace.js';
import { completedOf, FIXED_RUN } from './fixed-run.js';

function cell(command: 'index-partial' | 'index-full', variant: string, ms: NonEmptyArray<number>, rssMb: number[]) {
  const m: CompletedMeasurement = { ...completedOf(command, variant, ms), peakRssKb: rssMb.map((mb) => mb * 1024) };
  return m;
}

const [tiny] = FIXED_RUN.repositories;
function repo(label: string, measurements: CompletedMeasurement[]): RepoResult {
  return { ...tiny!, label, measurements };
}
// One-file incremental: SQLite flat across sizes, DuckDB twice as slow at 4 ×; full-index peaks 300/380 MB at 1 ×.
const RUN: RunResult = {
  ...FIXED_RUN,
  repositories: [
    repo('one', [
      cell('index-partial', 'sqlite', [200, 210, 190, 205, 195, 200, 202, 198], [90]),
      cell('index-partial', 'duckdb', [300, 310, 290, 305, 295, 300, 302, 298], [120]),
      cell('index-full', 'sqlite', [9000], [300, 290]),
      cell('index-full', 'duckdb', [9500], [380, 370]),
    ]),
    repo('four', [
      cell('index-partial', 'sqlite', [204, 214, 193, 209, 199, 204, 206, 202], [95]),
      cell('index-partial', 'duckdb', [600, 620, 580, 610, 590, 600, 604, 596], [200]),
      cell('index-full', 'sqlite', [30000], [320, 310]),
      cell('index-full', 'duckdb', [36000], [800, 700]),
    ]),
  ],
};

const check = (gate: object): string[] =>
  checkGates(RUN, parseGateFile({ gates: [{ id: 'g', ...gate }] }, '/tmp/g.json')).findings.map(
    (f) => `${f.repo} ${f.command} ${f.variants?.candidate ?? '-'}: ${f.verdict}`,
  );

describe('scaling gates', () => {
  it('judges each variant against its own time on the reference repository', () => {
    expect(check({ kind: 'scaling', reference: 'one', commands: ['index-partial'], maxRatio: 1.1 })).toEqual([
      'four index-partial sqlite: pass',
      'four index-partial duckdb: fail',
    ]);
  });

  it('skips when the reference repository is not in the run', () => {
    expect(check({ kind: 'scaling', reference: 'eight', commands: ['index-partial'], maxRatio: 1.1 })).toEqual([
      'one index-partial sqlite: skip',
      'one index-partial duckdb: skip',
      'four index-partial sqlite: skip',
      'four index-partial duckdb: skip',
    ]);
  });
});

describe('memory gates', () => {
  it('judges the largest sample against an absolute budget', () => {
    const findings = checkGates(
      RUN,
      parseGateFile(
        { gates: [{ id: 'm', kind: 'memory', repos: ['one'], commands: ['index-full'], maxMb: 350 }] },
        '/tmp/g.json',
      ),
    ).findings;
    expect(findings.map((f) => `${f.variants?.candidate}: ${f.verdict} ${f.measured! / 1024 / 1024}`)).toEqual([
      'sqlite: pass 300',
      'duckdb: fail 380',
    ]);
  });

  it('judges growth against the same variant on the reference repository, informational when asked', () => {
    expect(
      check({ kind: 'memory', reference: 'one', maxRatio: 1.1, commands: ['index-full'], severity: 'info' }),
    ).toEqual(['four index-full peak RSS sqlite: pass', 'four index-full peak RSS duckdb: warn']);
  });

  it('rejects a rule with both or neither budget', () => {
    const both = { id: 'm', kind: 'memory', commands: ['index-full'], maxMb: 1, reference: 'one', maxRatio: 1 };
    expect(() => parseGateFile({ gates: [both] }, '/tmp/g.json')).toThrow(/either maxMb or reference/);
    expect(() =>
      parseGateFile({ gates: [{ id: 'm', kind: 'memory', commands: ['index-full'] }] }, '/tmp/g.json'),
    ).toThrow(/either maxMb or reference/);
  });

  it('skips a run without peak RSS', () => {
    const noRss = { ...RUN, repositories: [repo('one', [{ ...cell('index-full', 'sqlite', [1], []) }])] };
    const findings = checkGates(
      noRss,
      parseGateFile({ gates: [{ id: 'm', kind: 'memory', commands: ['index-full'], maxMb: 1 }] }, '/tmp/g.json'),
    ).findings;
    expect(findings.map((f) => f.verdict)).toEqual(['skip', 'skip']);
  });
});

describe('manifest copies', () => {
  const source = { kind: 'npm', package: 'p', version: '1.0.0' };
  it('defaults to one copy and rejects zero', () => {
    const one = parseManifest({ repositories: [{ label: 'a', size: 'small', source }] }, '/m/x.json');
    expect(one.repositories[0]!.copies).toBe(1);
    expect(() =>
      parseManifest({ repositories: [{ label: 'a', size: 'small', source, copies: 0 }] }, '/m/x.json'),
    ).toThrow(/copies must be an integer ≥ 1/);
  });

  it('copies the corpus side by side', async () => {
    const root = mkdtempSync(join(tmpdir(), 'codira-copies-src-'));
    writeFileSync(join(root, 'm.py'), 'def f():\n    pass\n');
    const dest = join(mkdtempSync(join(tmpdir(), 'codira-copies-dst-')), 'tree');
    await snapshotCorpus({ kind: 'npm', package: 'p', version: '1.0.0' }, root, dest, 3);
    expect(readdirSync(dest).sort()).toEqual(['copy-1', 'copy-2', 'copy-3']);
    expect(readdirSync(join(dest, 'copy-2'))).toEqual(['m.py']);
  });
});
