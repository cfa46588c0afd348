/**
 * `size` gates: one variant's `.codira/` state directory against another's, with an optional stretch target that
 * is reported but never enforced.
 *
 * @packageDocumentation
 */
import { reposOf, type GateFinding } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';

/** Candidate index size ≤ control size × maxRatio, per repository; `stretchRatio` is reported as information. */
export interface SizeGate extends GateBase {
  readonly kind: 'size';
  readonly candidate: string;
  readonly control: string;
  readonly maxRatio: number;
  readonly stretchRatio?: number;
}

/** The `size` kind. */
export const sizeGateKind: GateKind<SizeGate> = {
  kind: 'size',
  fields: ['candidate', 'control', 'maxRatio', 'stretchRatio'],
  parse: (reader, base) => ({
    ...base,
    kind: 'size',
    candidate: reader.string('candidate'),
    control: reader.string('control'),
    maxRatio: reader.number('maxRatio', 0),
    stretchRatio: reader.has('stretchRatio') ? reader.number('stretchRatio', 0) : undefined,
  }),
  check: (run, gate) => {
    const findings: GateFinding[] = [];
    for (const repo of reposOf(run, gate.repos)) {
      const head = { kind: gate.kind, repo: repo.label, command: 'index size', unit: 'bytes' as const };
      const cand = repo.sizes.find((s) => s.variant === gate.candidate)?.stateDirBytes;
      const ref = repo.sizes.find((s) => s.variant === gate.control)?.stateDirBytes;
      if (cand === undefined || ref === undefined) {
        const missing = cand === undefined ? gate.candidate : gate.control;
        findings.push({
          ...head,
          gate: gate.id,
          measured: cand ?? null,
          reference: ref ?? null,
          budget: null,
          ratio: null,
          verdict: gate.severity === 'error' ? 'fail' : 'warn',
          rule: 'state',
          note: `no ${missing} index size (its first full index failed or it was not in the run)`,
        });
        continue;
      }
      const ratio = ref > 0 ? cand / ref : null;
      const judge = (id: string, maxRatio: number, severity: 'error' | 'info'): GateFinding => {
        const budget = ref * maxRatio;
        const ok = cand <= budget;
        return {
          ...head,
          gate: id,
          measured: cand,
          reference: ref,
          budget,
          ratio,
          verdict: ok ? 'pass' : severity === 'error' ? 'fail' : 'warn',
          rule: ok || severity === 'error' ? 'budget' : 'severity',
          note: `${gate.candidate} vs ${gate.control} state directory: ≤ ×${maxRatio}${id === gate.id ? '' : ' (recorded, not enforced)'}`,
        };
      };
      findings.push(judge(gate.id, gate.maxRatio, gate.severity));
      if (gate.stretchRatio !== undefined) findings.push(judge(`${gate.id} (stretch)`, gate.stretchRatio, 'info'));
    }
    return findings;
  },
};
