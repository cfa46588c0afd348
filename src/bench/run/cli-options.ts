/**
 * Options of `codira campaign run` that configure runner steps: which gate file confirms alerts, and the test-only
 * slowdown injected into one backend of the current build for the A/B evidence.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { PROJECT_ROOT } from '../corpus.js';
import { loadGateFile } from '../gate-file.js';
import type { ConfirmOptions } from './confirm.js';
import type { RunVariant } from './variants.js';

/**
 * Runs of a confirmation batch unless `--confirm-runs` says otherwise. Twelve, because the sign-test floor of n pairs
 * is 2^-n and Holm needs p ≤ α / family for a cell to fail: the short campaign's family is ~130 cells (0.05 / 130 ≈
 * 3.8e-4), which 10 pairs (9.8e-4) can never reach, so with 10 every slowed cell needed a second batch; 12 pairs
 * (2.4e-4) can decide it in one.
 */
export const DEFAULT_CONFIRM_RUNS = 12;
/**
 * A cell whose verdict is still open after a batch gets more, up to this many times `--confirm-runs` in all. Four:
 * at load 17–27 three slowed cells (×1.38–×1.66 against budgets ×1.15–×1.30) were still not significant after 20 pairs
 * and passed as noise (issue 13 ledger, session 10, run AB1); more pairs are spent only on such open cells.
 */
export const CONFIRM_MAX_BATCHES = 4;
/**
 * At most this many cells are confirmed per run, so a broken build cannot make CI take hours. It must exceed the
 * cells one slowed backend puts over budget on the short manifest (9 regression commands × 5 repositories = 45) plus
 * the A/A cells confirmed for not being clearly within budget: a cell past the cap is judged on its first round, whose
 * 3–5 pairs can never be significant under Holm (sign-test floor), so it could never fail.
 */
export const MAX_CONFIRMED_CELLS = 100;

/**
 * The confirm-on-alert settings.
 *
 * @param campaign - Campaign name (its gate file is the default).
 * @param gates - `--gates`, a name or path.
 * @param runs - `--confirm-runs`; 0 disables confirmation.
 * @param maxRuns - `--confirm-max-runs` (default {@link CONFIRM_MAX_BATCHES} × runs).
 * @returns The settings, or `null` when disabled or no gate file exists for the campaign.
 */
export function confirmOptions(
  campaign: string,
  gates: string | undefined,
  runs: number | undefined,
  maxRuns?: number,
): ConfirmOptions | null {
  const confirmRuns = runs ?? DEFAULT_CONFIRM_RUNS;
  if (confirmRuns === 0) return null;
  if (gates === undefined && !existsSync(join(PROJECT_ROOT, 'gates', `${campaign}.json`))) return null;
  return {
    gates: loadGateFile(gates ?? campaign),
    runs: confirmRuns,
    maxRuns: Math.max(confirmRuns, maxRuns ?? CONFIRM_MAX_BATCHES * confirmRuns),
    maxCells: MAX_CONFIRMED_CELLS,
  };
}

/**
 * Test-only fault injection: `CODIRA_BENCH_SLOWDOWN=sqlite:30` makes the current build's SQLite processes 30 %
 * slower, `sqlite:30:300` 30 % but at least 300 ms slower (`bin/codira.js` honours `CODIRA_TEST_SLOWDOWN_PERCENT`
 * and `CODIRA_TEST_SLOWDOWN_MIN_MS`); baseline builds are never slowed. The fixed part exists because the regression
 * budget is "≤ 3 % or + 100 ms": a 30 % slowdown of a 300 ms command is inside it by definition, so an A/B test that
 * must fail every slowed cell needs a delay the budget forbids (see docs/process/performance-benchmarking.md).
 *
 * @param spec - The variable's value, or `undefined`.
 * @returns Environment per variant, or `undefined` when not set.
 */
export function slowdownEnv(
  spec: string | undefined,
): ((variant: RunVariant) => Readonly<Record<string, string>> | undefined) | undefined {
  if (spec === undefined || spec === '') return undefined;
  const match = /^([a-z0-9_-]+):(\d+(?:\.\d+)?)(?::(\d+))?$/i.exec(spec);
  if (!match) {
    throw new UsageError(
      `CODIRA_BENCH_SLOWDOWN must look like 'sqlite:30' or 'sqlite:30:300' (backend:percent[:min-ms]), got '${spec}'`,
    );
  }
  const [, backend, percent, minMs] = match;
  const env = { CODIRA_TEST_SLOWDOWN_PERCENT: percent!, ...(minMs ? { CODIRA_TEST_SLOWDOWN_MIN_MS: minMs } : {}) };
  return (variant) => (variant.build === 'current' && variant.backend === backend ? env : undefined);
}
