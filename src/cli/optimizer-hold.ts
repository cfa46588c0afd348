/**
 * V8's optimizing compiler (TurboFan), held off while an `index` run only checks whether anything changed.
 *
 * A warm no-op lives ~100 ms, yet its loops (one `lstat` per folder and per claimed file, the walk and the snapshot
 * comparison) get hot enough for V8 to compile them with TurboFan on a background thread: CPU the process pays and
 * leaves before the optimized code pays it back. Without it a Django no-op took 113 → 97 ms of CPU and a full walk of
 * Django's tree 60 → 37 ms, while a walk of the Linux kernel's tree (57k files) was no slower (issue 12, session 14).
 * A run that turns out to have work (analysis, persist, derive, commit) keeps the hold only when it analyzes at most
 * {@link HELD_ANALYSIS_BYTES} of source, and releases it before starting otherwise, so the long runs are compiled as
 * always; queries are not held (a `ctx` scoring every vector gains from TurboFan).
 *
 * Why a small run keeps it (issue 10, session 16): a one-shot analysis of a few hundred files is mostly cold code. V8
 * compiles the analyzer's large per-node functions with TurboFan, deoptimizes them when a new AST shape arrives and
 * compiles them again (a cold zod 4 pass: 116 TurboFan compiles of 74 functions, 39 deoptimizations), on a background
 * thread whose CPU the process pays; the run ends before the optimized code pays that back. Full index CPU without
 * TurboFan, 3 rounds each, SQLite: zod 4 `src` 1.62 → 1.13 s, the whole zod package 2.42 → 2.07 s, rxjs's package
 * 1.60 → 1.39 s, Django (859 Python files) 3.83 → 3.73 s, nine npm packages together (64 MB on disk) 7.61 → 7.21 s.
 * The bound keeps a much larger run, where warm optimized code would win, on the default.
 *
 * `v8.setFlagsFromString` changes a process-wide flag, which V8 reads at each tiering decision: after the release,
 * functions that become hot are optimized again, including those that ran during the hold. Node warns that changing
 * flags after start-up may misbehave; this one only chooses which tier runs the same code, so answers cannot change.
 * It is set only on the V8 it was measured on (11, Node 20), like the server's tiering (`server/tiering.ts`): flag
 * names and tiers change between V8 versions, and an unknown flag would print an error.
 *
 * @packageDocumentation
 */
import { setFlagsFromString } from 'node:v8';
import { isMeasuredV8 } from '../core/measured-v8.js';

/** Node or V8 options that already decide how code is compiled: then the process is left as it was started. */
const TIERING_OPTION = /--(?:no-)?(?:jitless|turbofan|opt|max-opt|maglev|sparkplug|always-sparkplug)\b/;

let held = false;

/**
 * Whether the hold may be taken in a process started with these options on this V8.
 *
 * @param execArgv - Node's own command-line options (`process.execArgv`).
 * @param nodeOptions - `$NODE_OPTIONS`.
 * @param v8Version - The running V8's version (`process.versions.v8`).
 * @returns `false` on another V8 than the one measured, or when the user chose a compilation tier (e.g.
 *   `--jitless`, `--no-turbofan`): a release would override that choice.
 */
export function mayHoldOptimizer(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  v8Version: string,
): boolean {
  if (!isMeasuredV8(v8Version)) return false;
  return !execArgv.some((option) => TIERING_OPTION.test(option)) && !TIERING_OPTION.test(nodeOptions ?? '');
}

/** Turn TurboFan off for this process until {@link releaseOptimizer}, unless its options chose a tier. */
export function holdOptimizer(): void {
  if (held || !mayHoldOptimizer(process.execArgv, process.env['NODE_OPTIONS'], process.versions.v8)) return;
  setFlagsFromString('--no-turbofan');
  held = true;
}

/** Turn TurboFan back on if {@link holdOptimizer} turned it off; otherwise nothing. */
export function releaseOptimizer(): void {
  if (!held) return;
  setFlagsFromString('--turbofan');
  held = false;
}

/**
 * The most source bytes a run may analyze with the hold kept: well inside the sizes measured to gain from it (the
 * 64 MB of npm packages above), so a larger tree, where warm TurboFan code may pay, is compiled as always.
 */
export const HELD_ANALYSIS_BYTES = 16 * 1024 * 1024;

/**
 * Called when a run knows it has work: keep the hold for a run that analyzes at most {@link HELD_ANALYSIS_BYTES},
 * release it otherwise.
 *
 * @param analysisBytes - The source bytes the run will analyze.
 */
export function releaseOptimizerFor(analysisBytes: number): void {
  if (analysisBytes > HELD_ANALYSIS_BYTES) releaseOptimizer();
}

/** @returns Whether the hold is in force. */
export function optimizerHeld(): boolean {
  return held;
}
