/**
 * V8's optimizing compiler (TurboFan), held off while an `index` run only checks whether anything changed.
 *
 * A warm no-op lives ~100 ms, yet its loops (one `lstat` per folder and per claimed file, the walk and the snapshot
 * comparison) get hot enough for V8 to compile them with TurboFan on a background thread: CPU the process pays and
 * leaves before the optimized code pays it back. Without it a Django no-op took 113 → 97 ms of CPU and a full walk of
 * Django's tree 60 → 37 ms, while a walk of the Linux kernel's tree (57k files) was no slower (issue 12, session 14).
 * A run that turns out to have work (analysis, persist, derive, commit) turns TurboFan back on before starting it.
 * A run that analyzes at most {@link HELD_ANALYSIS_BYTES} of source does so with late tiering: a bytecode budget per
 * tiering check {@link LATE_TIERING_FACTOR} times V8's default, until the run ends; a larger run gets V8's defaults.
 * Queries are not held (a `ctx` scoring every vector gains from TurboFan).
 *
 * Why a small run tiers late (issue 10, session 16): a one-shot analysis of a few hundred files is mostly cold code.
 * V8 compiles the analyzer's large per-node functions with TurboFan, deoptimizes them when a new AST shape arrives
 * and compiles them again (a cold zod 4 pass: 116 TurboFan compiles of 74 functions, 39 deoptimizations), on a
 * background thread whose CPU the process pays; the run ends before the optimized code pays that back. Full index CPU
 * of zod 4's `src` (SQLite, 5 rounds, `6bbbf37`'s build): 1.48 s by default, 1.21 s without TurboFan, 1.05 s with a
 * 32-fold budget; mobx (57 files) 0.273 / 0.285 / 0.276 s — without TurboFan its hot numeric loops (the embedding
 * hashes) stay interpreted, late tiering still compiles them. Without TurboFan, larger trees gained too (the whole
 * zod package 2.42 → 2.07 s, Django's 859 Python files 3.83 → 3.73 s, nine npm packages with 22 MiB of source
 * 7.61 → 7.21 s); the bound keeps a much larger run, where early optimized code may pay, on the defaults.
 *
 * `v8.setFlagsFromString` changes a process-wide flag, which V8 reads at each tiering decision: after the release,
 * functions that become hot are optimized again, including those that ran during the hold. Node warns that changing
 * flags after start-up may misbehave; this one only chooses which tier runs the same code, so answers cannot change.
 * It is set only on the V8 it was measured on (11, Node 20), like the server's tiering (`server/tiering.ts`): flag
 * names and tiers change between V8 versions, and an unknown flag would print an error.
 *
 * V8 accepts a code cache only when the flags in force match the ones it was made with (the cache's flag hash): Node's
 * own built-ins (compiled into the binary with their cache) and the analysis thread's bundle
 * (`dist/analyzers/analysis-thread-bundle.cjs.v8cache`) were made with V8's defaults. A worker thread compiles every
 * built-in it loads, so one started while the hold or late tiering was in force compiled ~120 built-ins and the
 * bundle from source: ~30 ms more CPU per one-file run (issue 12, session 19). So the flags go back to V8's defaults
 * while an analysis thread starts ({@link suspendTiering}) and the run's state is applied again once it has loaded
 * its code; the hold's state itself is not changed by a suspension.
 *
 * @packageDocumentation
 */
import { setFlagsFromString } from 'node:v8';
import { setDefaultFlagsScope } from '../core/default-flags.js';
import { isMeasuredV8 } from '../core/measured-v8.js';

/** Node or V8 options that already decide how or when code is compiled: then the process is left as it was started. */
const TIERING_OPTION =
  /--(?:no-)?(?:jitless|turbofan|opt|max-opt|maglev|sparkplug|always-sparkplug|interrupt-budget)\b/;

/** V8 11.3's (Node 20's) bytecode budget per tiering check (`--interrupt-budget`). */
const DEFAULT_INTERRUPT_BUDGET = 67_584;

/** How many times V8's budget a small run's tiering check waits for. */
export const LATE_TIERING_FACTOR = 32;

/** `default`: as V8 starts; `held`: TurboFan off; `late`: TurboFan on, the budget {@link LATE_TIERING_FACTOR}-fold. */
type TieringState = 'default' | 'held' | 'late';

/** The state the run asked for. */
let state: TieringState = 'default';

/** The state V8's flags are in: {@link state}, or `default` while a suspension is open. */
let applied: TieringState = 'default';

/** Open suspensions ({@link suspendTiering}). */
let suspensions = 0;

/**
 * Set V8's flags to what {@link state} asks for, or to V8's defaults while a suspension is open.
 */
function applyState(): void {
  const wanted: TieringState = suspensions > 0 ? 'default' : state;
  if (wanted === applied) return;
  if (applied === 'held') setFlagsFromString('--turbofan');
  else if (applied === 'late') setFlagsFromString(`--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}`);
  if (wanted === 'held') setFlagsFromString('--no-turbofan');
  else if (wanted === 'late')
    setFlagsFromString(`--interrupt-budget=${LATE_TIERING_FACTOR * DEFAULT_INTERRUPT_BUDGET}`);
  applied = wanted;
}

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
  if (state !== 'default' || !mayHoldOptimizer(process.execArgv, process.env['NODE_OPTIONS'], process.versions.v8)) {
    return;
  }
  state = 'held';
  applyState();
}

/** Give V8 its defaults back if {@link holdOptimizer} or {@link releaseOptimizerFor} changed them; otherwise nothing. */
export function releaseOptimizer(): void {
  state = 'default';
  applyState();
}

/**
 * The most source bytes a run may analyze with late tiering: inside the sizes measured to gain from less TurboFan
 * (22 MiB above), so a much larger tree keeps V8's defaults.
 */
export const HELD_ANALYSIS_BYTES = 16 * 1024 * 1024;

/**
 * Called when a run knows it has work: end the hold, with late tiering for a run that analyzes at most
 * {@link HELD_ANALYSIS_BYTES}, with V8's defaults otherwise. Nothing when the hold is not in force.
 *
 * @param analysisBytes - The source bytes the run will analyze.
 */
export function releaseOptimizerFor(analysisBytes: number): void {
  if (state !== 'held') return;
  state = analysisBytes > HELD_ANALYSIS_BYTES ? 'default' : 'late';
  applyState();
}

/**
 * Put V8's flags back to their defaults until the returned function is called, then apply the state the run asks
 * for by then (the hold, late tiering or the defaults): called around the start of an analysis thread, whose
 * built-ins and bundle compile with code caches made under the defaults. The state may change in between
 * ({@link releaseOptimizerFor}, {@link releaseOptimizer}); it is applied when the last open suspension ends. The
 * returned function acts once.
 *
 * @returns Ends this suspension.
 */
export function suspendTiering(): () => void {
  suspensions++;
  applyState();
  let open = true;
  return () => {
    if (!open) return;
    open = false;
    suspensions--;
    applyState();
  };
}

/** @returns Whether the hold is in force (TurboFan off). */
export function optimizerHeld(): boolean {
  return state === 'held';
}

/** @returns Whether late tiering is in force. */
export function lateTiering(): boolean {
  return state === 'late';
}

/** @returns The tiering V8's flags are set to now: the run's state, or `default` while suspended. */
export function appliedTiering(): TieringState {
  return applied;
}

// Code that loads a bundle with a code cache during a run (the DuckDB writer's Arrow modules) does so under V8's
// defaults (see core/default-flags.ts).
setDefaultFlagsScope(suspendTiering);
