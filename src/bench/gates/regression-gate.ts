/**
 * `regression` gates: the current build against the baseline build of the same run, each backend against its own
 * baseline (`sqlite` vs `baseline-sqlite`, `duckdb` vs `baseline-duckdb`, …).
 *
 * @packageDocumentation
 */
import { reposOf, skipWholeGate, type GateFinding } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';
import { judgeTime, parseTimeFields, TIME_GATE_FIELDS, type TimeGateFields } from './time-gate.js';

/** Current build ≤ max(baseline × maxRatio, baseline + slackMs); skipped when the run has no baseline. */
export interface RegressionGate extends GateBase, TimeGateFields {
  readonly kind: 'regression';
  /** Backend compared between the two builds, or `*` for every backend measured on both. */
  readonly backend: string;
}

/** The `regression` kind. */
export const regressionGateKind: GateKind<RegressionGate> = {
  kind: 'regression',
  fields: [...TIME_GATE_FIELDS, 'backend'],
  parse: (reader, base) => ({
    ...base,
    ...parseTimeFields(reader),
    kind: 'regression',
    backend: reader.optionalString('backend') ?? '*',
  }),
  check: (run, gate) => {
    if (!run.baseline)
      return [skipWholeGate(gate, 'ms', 'no baseline in this run (run the campaign with --baseline <git-ref>)')];
    const backends = gate.backend === '*' ? run.campaign.backends : [gate.backend];
    const pairs = backends.flatMap((backend) => {
      const current = run.variants.find((v) => v.build === 'current' && v.backend === backend);
      const baseline = run.variants.find((v) => v.build === 'baseline' && v.backend === backend);
      return current && baseline ? [{ current: current.id, baseline: baseline.id }] : [];
    });
    if (pairs.length === 0)
      return [skipWholeGate(gate, 'ms', `no ${gate.backend} variant for both builds in this run`)];
    return reposOf(run, gate.repos).flatMap((repo) =>
      pairs.flatMap(({ current, baseline }) =>
        gate.commands.map((command): GateFinding =>
          judgeTime({ gate, repo, command, candidate: current, reference: baseline, lenientReference: true }),
        ),
      ),
    );
  },
};
