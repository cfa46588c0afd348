/**
 * The gate checker: evaluates a gate file against a run through each rule's kind module (`gates/`) and returns
 * typed findings. It prints nothing; renderers in `gate-render.ts` turn the report into the table, `gates.md` and
 * `gates.json`.
 *
 * @packageDocumentation
 */
import type { GateFile } from './gate-file.js';
import type { GateFinding, Verdict } from './gates/finding.js';
import { applyHolm } from './gates/holm-family.js';
import { gateKindNamed } from './gates/registry.js';
import type { RunResult } from './result.js';

export type { GateFinding, Verdict } from './gates/finding.js';

/** All findings of one gate check. */
export interface GateReport {
  readonly runId: string;
  /** Status of the run that was checked (`running` means it stopped early). */
  readonly runStatus: RunResult['status'];
  /** Gate file path. */
  readonly gatesFile: string;
  readonly findings: readonly GateFinding[];
  /** Findings per verdict. */
  readonly counts: Readonly<Record<Verdict, number>>;
  /** `true` when no finding failed and the run completed (a run that stopped early cannot pass). */
  readonly ok: boolean;
}

/**
 * Evaluate every gate of a file against a run.
 *
 * @param run - The run's `run.json` content.
 * @param gates - The parsed gate file.
 * @returns Findings in gate-file order, with counts and the overall verdict.
 */
export function checkGates(run: RunResult, gates: GateFile): GateReport {
  const findings = applyHolm(gates.gates.flatMap((gate) => gateKindNamed(gate.kind).check(run, gate)));
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const f of findings) counts[f.verdict]++;
  return {
    runId: run.runId,
    runStatus: run.status,
    gatesFile: gates.file,
    findings,
    counts,
    ok: counts.fail === 0 && run.status === 'completed',
  };
}
