/**
 * The `accuracy` gate: recall and precision of one language's call graph, per repository, against minimums — so a
 * resolver change that loses recall fails CI like a slowdown does.
 *
 * @packageDocumentation
 */
import type { GateFinding } from '../gate-check.js';
import type { AccuracyGate } from '../gate-file.js';
import type { RepoResult } from '../result.js';

/**
 * Judge an accuracy gate.
 *
 * @param gate - The gate.
 * @param repos - Repositories it applies to.
 * @returns Two findings (recall, precision) per repository with that language; one failure per failed measurement;
 *   one skip when no repository was measured for the language.
 */
export function checkAccuracy(gate: AccuracyGate, repos: readonly RepoResult[]): GateFinding[] {
  const findings: GateFinding[] = [];
  const fail = gate.severity === 'error' ? 'fail' : 'warn';
  const head = { gate: gate.id, kind: gate.kind, unit: 'percent' as const, reference: null, ratio: null };
  for (const repo of repos) {
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
          note: `measurement failed: ${record.error}`,
        });
        continue;
      }
      const scope = record.sample === null ? 'every call site' : `${record.sample} sampled call sites`;
      for (const [metric, measured, budget] of [
        ['recall', record.score.overall.recall, gate.minRecall],
        ['precision', record.score.overall.precision, gate.minPrecision],
      ] as const) {
        findings.push({
          ...head,
          repo: repo.label,
          command: `${gate.language} ${metric}`,
          measured,
          budget,
          verdict: measured !== null && measured >= budget ? 'pass' : fail,
          note:
            measured === null
              ? `no site to judge ${metric} on`
              : `${metric} vs ${record.oracle} (${scope}): ≥ ${budget} %`,
        });
      }
    }
  }
  if (findings.length === 0) {
    findings.push({
      ...head,
      repo: '*',
      command: '*',
      measured: null,
      budget: null,
      verdict: 'skip',
      note: `no ${gate.language} accuracy measured in this run (campaign without "accuracy": true?)`,
    });
  }
  return findings;
}
