/**
 * The hold on V8's optimizing compiler during a checking-only `index` run (`src/cli/optimizer-hold.ts`): taken only
 * where the process was not started with a choice of compilation tier, released exactly once.
 */
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { withDefaultFlags } from '../../src/core/default-flags.js';
import {
  appliedTiering,
  HELD_ANALYSIS_BYTES,
  holdOptimizer,
  lateTiering,
  mayHoldOptimizer,
  optimizerHeld,
  releaseOptimizer,
  releaseOptimizerFor,
  suspendTiering,
} from '../../src/cli/optimizer-hold.js';

/** A script and its code cache, made under the flags in force when the file loads (V8's defaults). */
const SOURCE = 'function cached(a) { return a + 1; }';
const CACHE = new Script(SOURCE).createCachedData();

let compiles = 0;

/**
 * Whether V8 takes the code cache made under its default flags now — what a thread's built-ins and bundle need. Each
 * compile names another file, so V8's in-memory compilation cache never answers instead of the code cache.
 *
 * @returns `true` when the flags in force hash like V8's defaults.
 */
function defaultCacheTaken(): boolean {
  return !new Script(SOURCE, { filename: `cached-${++compiles}.js`, cachedData: CACHE }).cachedDataRejected;
}

describe('optimizer hold', () => {
  it('is not taken when Node or $NODE_OPTIONS already chose a tier, nor on another V8 than the measured one', () => {
    const v8 = '11.3.244.8-node.33';
    expect(mayHoldOptimizer([], undefined, v8)).toBe(true);
    expect(mayHoldOptimizer(['--cpu-prof', '--max-old-space-size=4096'], '--enable-source-maps', v8)).toBe(true);
    expect(mayHoldOptimizer(['--jitless'], undefined, v8)).toBe(false);
    expect(mayHoldOptimizer(['--no-turbofan'], undefined, v8)).toBe(false);
    expect(mayHoldOptimizer(['--max-opt=1'], undefined, v8)).toBe(false);
    expect(mayHoldOptimizer([], '--no-opt', v8)).toBe(false);
    expect(mayHoldOptimizer([], '--inspect --turbofan', v8)).toBe(false);
    expect(mayHoldOptimizer([], '--optimize-for-size', v8)).toBe(true); // a different option that only starts alike
    expect(mayHoldOptimizer([], undefined, '12.4.254.21-node.33')).toBe(false);
  });

  it('is held until released on the measured V8, and a second release does nothing', () => {
    holdOptimizer();
    expect(optimizerHeld()).toBe(process.versions.v8.startsWith('11.')); // Node 20 here and in CI
    holdOptimizer();
    releaseOptimizer();
    expect(optimizerHeld()).toBe(false);
    releaseOptimizer();
    expect(optimizerHeld()).toBe(false);
  });

  it('tiers late for a run that analyzes at most the bound, and gives V8 its defaults for a larger one', () => {
    const measured = process.versions.v8.startsWith('11.');
    holdOptimizer();
    releaseOptimizerFor(HELD_ANALYSIS_BYTES);
    expect([optimizerHeld(), lateTiering()]).toEqual([false, measured]);
    releaseOptimizerFor(1); // only a hold is ended
    expect(lateTiering()).toBe(measured);
    releaseOptimizer();
    expect([optimizerHeld(), lateTiering()]).toEqual([false, false]);
    holdOptimizer();
    releaseOptimizerFor(HELD_ANALYSIS_BYTES + 1);
    expect([optimizerHeld(), lateTiering()]).toEqual([false, false]);
    releaseOptimizerFor(0); // a run that only deletes: no hold in force, nothing taken
    expect(lateTiering()).toBe(false);
  });

  it('is not taken when the process chose when to tier up', () => {
    expect(mayHoldOptimizer(['--interrupt-budget=8192'], undefined, '11.3.244.8-node.33')).toBe(false);
  });

  it("sets V8's defaults while suspended, then the state the run asks for by the end of the last suspension", () => {
    const measured = process.versions.v8.startsWith('11.');
    expect(defaultCacheTaken()).toBe(true);
    holdOptimizer();
    expect(defaultCacheTaken()).toBe(!measured); // the hold changes a flag: V8 rejects a default cache
    const resume = suspendTiering();
    expect([optimizerHeld(), appliedTiering(), defaultCacheTaken()]).toEqual([measured, 'default', true]);
    const inner = suspendTiering();
    releaseOptimizerFor(1); // the run's state changes while suspended: not applied yet
    expect([lateTiering(), appliedTiering(), defaultCacheTaken()]).toEqual([measured, 'default', true]);
    inner();
    expect(defaultCacheTaken()).toBe(true); // another suspension is still open
    resume();
    expect([appliedTiering(), defaultCacheTaken()]).toEqual([measured ? 'late' : 'default', !measured]);
    resume(); // acts once
    expect(appliedTiering()).toBe(measured ? 'late' : 'default');
    const last = suspendTiering();
    releaseOptimizer(); // the run ends while suspended
    last();
    expect([appliedTiering(), defaultCacheTaken()]).toEqual(['default', true]);
  });

  it("gives core's default-flags scope (a bundle loaded during a run) V8's defaults, then the run's state again", () => {
    const measured = process.versions.v8.startsWith('11.');
    holdOptimizer();
    releaseOptimizerFor(1);
    expect(defaultCacheTaken()).toBe(!measured);
    expect(withDefaultFlags(() => [appliedTiering(), defaultCacheTaken()])).toEqual(['default', true]);
    expect([appliedTiering(), defaultCacheTaken()]).toEqual([measured ? 'late' : 'default', !measured]);
    releaseOptimizer();
  });
});
