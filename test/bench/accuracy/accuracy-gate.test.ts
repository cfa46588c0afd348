import { describe, expect, it } from 'vitest';
import type { AccuracyCounts } from '../../../src/bench/accuracy/accuracy-compare.js';
import type { AccuracyRecord } from '../../../src/bench/accuracy/accuracy-measure.js';
import { accuracySection } from '../../../src/bench/accuracy/accuracy-summary.js';
import { CALL_KINDS } from '../../../src/bench/accuracy/oracle-site.js';
import { checkGates } from '../../../src/bench/gate-check.js';
import { parseGateFile } from '../../../src/bench/gate-file.js';
import { findingCells } from '../../../src/bench/gate-render.js';
import type { RunResult } from '../../../src/bench/result.js';
import { FIXED_RUN } from '../fixed-run.js';

const counts = (found: number, expected: number, correct: number, judged: number): AccuracyCounts => ({
  expected,
  found,
  judged,
  correct,
  recall: Math.round((1000 * found) / expected) / 10,
  precision: Math.round((1000 * correct) / judged) / 10,
});
const record = (overall: AccuracyCounts): AccuracyRecord => ({
  state: 'completed',
  language: 'typescript',
  oracle: 'typescript 5.9.3 type checker',
  sample: null,
  seed: null,
  oracleMs: 10,
  score: {
    overall,
    byKind: Object.fromEntries(CALL_KINDS.map((k) => [k, overall])) as Record<
      (typeof CALL_KINDS)[number],
      AccuracyCounts
    >,
    sites: 100,
    unknownSites: 2,
    misses: [],
    falseEdges: [],
  },
});
const RUN: RunResult = {
  ...FIXED_RUN,
  repositories: [
    { ...FIXED_RUN.repositories[0]!, accuracy: [record(counts(9, 10, 99, 100))] },
    {
      ...FIXED_RUN.repositories[1]!,
      accuracy: [{ state: 'errored', language: 'python', oracle: 'jedi', sample: 300, seed: 10, error: 'no python3' }],
    },
  ],
};
const gate = (language: string, minRecall: number, minPrecision: number): object => ({
  id: `${language}-accuracy`,
  kind: 'accuracy',
  language,
  minRecall,
  minPrecision,
});

describe('accuracy gate', () => {
  it('judges recall and precision per repository against the minimums', () => {
    const report = checkGates(RUN, parseGateFile({ gates: [gate('typescript', 90, 98)] }, '/tmp/g.json'));
    expect(report.findings.map((f) => `${f.repo} ${f.command} ${f.measured}: ${f.verdict}`)).toEqual([
      'tiny typescript recall 90: pass',
      'tiny typescript precision 99: pass',
    ]);
    expect(findingCells(report.findings[0]!)).toContain('90.0 %');
    expect(findingCells(report.findings[0]!)).toContain('≥ 90.0 %');
    const strict = checkGates(RUN, parseGateFile({ gates: [gate('typescript', 95, 99.5)] }, '/tmp/g.json'));
    expect(strict.findings.map((f) => f.verdict)).toEqual(['fail', 'fail']);
    expect(strict.ok).toBe(false);
  });

  it('fails a failed measurement and skips a language no repository has', () => {
    const python = checkGates(RUN, parseGateFile({ gates: [gate('python', 75, 97)] }, '/tmp/g.json'));
    expect(python.findings.map((f) => [f.repo, f.verdict, f.note])).toEqual([
      ['big', 'fail', 'measurement failed: no python3'],
    ]);
    const none = checkGates(FIXED_RUN, parseGateFile({ gates: [gate('python', 75, 97)] }, '/tmp/g.json'));
    expect(none.findings.map((f) => f.verdict)).toEqual(['skip']);
  });

  it('rejects a minimum that is not a percentage', () => {
    expect(() => parseGateFile({ gates: [gate('typescript', 190, 98)] }, '/tmp/g.json')).toThrow(
      '/tmp/g.json: gates[0].minRecall must be a percentage (0–100), got 190',
    );
    expect(() => parseGateFile({ gates: [gate('go', 90, 98)] }, '/tmp/g.json')).toThrow(/language/);
  });

  it('adds a per-kind table to the summary', () => {
    const lines = accuracySection(RUN).join('\n');
    expect(lines).toContain('## Call-graph accuracy');
    expect(lines).toContain(
      '| tiny | typescript | typescript 5.9.3 type checker; all 100, 2 untyped | 90.0 % (9/10) · 99.0 % (99/100) |',
    );
    expect(lines).toContain('| big | python | error | no python3 |');
    expect(accuracySection(FIXED_RUN)).toEqual([]);
  });
});
