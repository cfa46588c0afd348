/**
 * `accuracy` gates: recall and precision of one language's call graph against its oracle, per repository, against
 * minimums — so a resolver change that loses recall fails CI like a slowdown does.
 *
 * @packageDocumentation
 */
import { reposOf, skipWholeGate, type GateFinding } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';

/**
 * Recall and precision in percent must each be at least the minimum. Repositories without that language are not
 * judged; a failed measurement fails.
 */
export interface AccuracyGate extends GateBase {
  readonly kind: 'accuracy';
  readonly language: 'typescript' | 'python';
  /** Minimum recall in percent (0–100). */
  readonly minRecall: number;
  /** Minimum precision in percent (0–100). */
  readonly minPrecision: number;
}

/** The `accuracy` kind. */
export const accuracyGateKind: GateKind<AccuracyGate> = {
  kind: 'accuracy',
  fields: ['language', 'minRecall', 'minPrecision'],
  parse: (reader, base) => {
    const percent = (key: string): number => {
      const value = reader.number(key, 0);
      if (value > 100) throw reader.error(key, `must be a percentage (0–100), got ${value}`);
      return value;
    };
    return {
      ...base,
      kind: 'accuracy',
      language: reader.oneOf('language', ['typescript', 'python'] as const),
      minRecall: percent('minRecall'),
      minPrecision: percent('minPrecision'),
    };
  },
  check: (run, gate) => {
    const findings: GateFinding[] = [];
    const fail = gate.severity === 'error' ? 'fail' : 'warn';
    const head = { gate: gate.id, kind: gate.kind, unit: 'percent' as const, reference: null, ratio: null };
    for (const repo of reposOf(run, gate.repos)) {
      for (const record of repo.accuracy ?? []) {
        if (record.language !== gate.language && record.language !== null) continue;
        if (record.state === 'errored') {
          findings.push({
            ...head,
            repo: repo.label,
            command: `${gate.language} accuracy`,
            measured: null,
            budget: null,
            verdict: fail,
            rule: 'state',
            note: `measurement failed: ${record.error}`,
          });
          continue;
        }
        const scope = record.sample === null ? 'every call site' : `${record.sample} sampled call sites`;
        for (const [metric, measured, budget] of [
          ['recall', record.score.overall.recall, gate.minRecall],
          ['precision', record.score.overall.precision, gate.minPrecision],
        ] as const) {
          const ok = measured !== null && measured >= budget;
          findings.push({
            ...head,
            repo: repo.label,
            command: `${gate.language} ${metric}`,
            measured,
            budget,
            verdict: ok ? 'pass' : fail,
            rule: ok || gate.severity === 'error' ? 'budget' : 'severity',
            note:
              measured === null
                ? `no site to judge ${metric} on`
                : `${metric} vs ${record.oracle} (${scope}): ≥ ${budget} %`,
          });
        }
      }
    }
    if (findings.length > 0) return findings;
    return [
      skipWholeGate(
        gate,
        'percent',
        `no ${gate.language} accuracy measured in this run (campaign without "accuracy": true?)`,
      ),
    ];
  },
};
