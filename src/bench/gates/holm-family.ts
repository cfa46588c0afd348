/**
 * The family-wise correction of a gate check: every time cell judged by `significance: holm` is one test of the
 * family. An over-budget cell fails only when its paired-bootstrap p-value, Holm-adjusted over the family, is ≤ α;
 * otherwise it is reported as noise. The Mann–Whitney U p-value is reported beside it: a rank test ignores the
 * pairing, so machine drift between rounds (which pairing cancels) makes it much weaker here — requiring it too
 * missed half of a ×2 slowdown on the loaded 2-core machine (see docs/process/issue-13-execution.md).
 *
 * @packageDocumentation
 */
import { holmAdjust } from '../statistics/holm.js';
import type { GateFinding } from './finding.js';

/** Family-wise error rate of one gate check. */
export const FAMILY_ALPHA = 0.05;

function p(value: number): string {
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}

/**
 * Settle the provisional `holm` verdicts of a check.
 *
 * @param findings - Every finding of the check, in order.
 * @returns The same findings, tested cells with their adjusted p-value and final verdict.
 */
export function applyHolm(findings: readonly GateFinding[]): GateFinding[] {
  const tested = findings.flatMap((f, i) => (f.test ? [i] : []));
  const adjusted = holmAdjust(tested.map((i) => findings[i]!.test!.bootstrapP));
  const out = [...findings];
  tested.forEach((index, k) => {
    const f = findings[index]!;
    const test = { ...f.test!, holmP: adjusted[k]!, family: tested.length };
    const ci = `bootstrap 95 % ×${test.ratioCi95.low.toFixed(3)}–×${test.ratioCi95.high.toFixed(3)} vs budget ×${test.budgetRatio.toFixed(3)}`;
    const stats = `bootstrap p ${p(test.bootstrapP)}, Holm p ${p(test.holmP)} over ${test.family} cells, Mann–Whitney p ${p(test.mannWhitneyP)}, ${ci}, ${test.pairs} pairs (${f.round} round)`;
    if (f.verdict !== 'fail') {
      out[index] = { ...f, test };
      return;
    }
    const significant = test.holmP <= FAMILY_ALPHA;
    out[index] = significant
      ? { ...f, test, note: `${f.note}; significant regression: ${stats}` }
      : { ...f, test, verdict: 'warn', rule: 'noise', note: `${f.note}; over budget but not significant: ${stats}` };
  });
  return out;
}
