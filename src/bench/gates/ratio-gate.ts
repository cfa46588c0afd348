/**
 * `ratio` gates: one variant's time against another's in the same run, e.g. DuckDB against SQLite.
 *
 * @packageDocumentation
 */
import { reposOf } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';
import { judgeTime, parseTimeFields, TIME_GATE_FIELDS, type TimeGateFields } from './time-gate.js';

/** Candidate time ≤ max(control × maxRatio, control + slackMs), per repository and command. */
export interface RatioGate extends GateBase, TimeGateFields {
  readonly kind: 'ratio';
  /** Variant measured against the budget, e.g. `duckdb`. */
  readonly candidate: string;
  /** Variant the budget is derived from, e.g. `sqlite`. */
  readonly control: string;
}

/** The `ratio` kind. */
export const ratioGateKind: GateKind<RatioGate> = {
  kind: 'ratio',
  fields: ['candidate', 'control', ...TIME_GATE_FIELDS],
  parse: (reader, base) => ({
    ...base,
    ...parseTimeFields(reader),
    kind: 'ratio',
    candidate: reader.string('candidate'),
    control: reader.string('control'),
  }),
  check: (run, gate) =>
    reposOf(run, gate.repos).flatMap((repo) =>
      gate.commands.map((command) =>
        judgeTime({ gate, repo, command, candidate: gate.candidate, reference: gate.control, lenientReference: false }),
      ),
    ),
};
