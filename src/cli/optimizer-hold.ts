/**
 * V8's optimizing compiler (TurboFan), held off while an `index` run only checks whether anything changed.
 *
 * A warm no-op lives ~100 ms, yet its loops (one `lstat` per folder and per claimed file, the walk and the snapshot
 * comparison) get hot enough for V8 to compile them with TurboFan on a background thread: CPU the process pays and
 * leaves before the optimized code pays it back. Without it a Django no-op took 113 → 97 ms of CPU and a full walk of
 * Django's tree 60 → 37 ms, while a walk of the Linux kernel's tree (57k files) was no slower (issue 12, session 14).
 * A run that turns out to have much work (analysis, persist, derive, commit) releases the hold before starting it, so
 * the long runs are compiled as always (see {@link releaseForWrite}); queries are not held (a `ctx` scoring every
 * vector gains from TurboFan).
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
import { SMALL_RUN_FILES } from '../core/analysis-protocol.js';
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
 * Called when an `index` run has found work: a large run releases the hold (its analysis, persist and derivation are
 * long enough for TurboFan to pay back), a small one — fewer than {@link SMALL_RUN_FILES} files changed or deleted,
 * such as a one-file edit — keeps it to its end. Its remaining work in this process is a few hundred milliseconds of
 * one file's rows, and V8 flags are per process, so its analysis thread is held too (an analysis process, where a
 * hazardous file goes, is not). One-file runs took 3–7 % less CPU held than released (issue 12, session 16).
 *
 * @param changed - Files the run analyzes.
 * @param deleted - Files the run removes from the index.
 */
export function releaseForWrite(changed: number, deleted: number): void {
  if (changed + deleted >= SMALL_RUN_FILES) releaseOptimizer();
}

/** @returns Whether the hold is in force. */
export function optimizerHeld(): boolean {
  return held;
}
