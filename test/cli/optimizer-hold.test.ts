/**
 * The hold on V8's optimizing compiler during a checking-only `index` run (`src/cli/optimizer-hold.ts`): taken only
 * where the process was not started with a choice of compilation tier, released exactly once.
 */
import { describe, expect, it } from 'vitest';
import { holdOptimizer, mayHoldOptimizer, optimizerHeld, releaseOptimizer } from '../../src/cli/optimizer-hold.js';

describe('optimizer hold', () => {
  it('is not taken when Node or $NODE_OPTIONS already chose a tier', () => {
    expect(mayHoldOptimizer([], undefined)).toBe(true);
    expect(mayHoldOptimizer(['--cpu-prof', '--max-old-space-size=4096'], '--enable-source-maps')).toBe(true);
    expect(mayHoldOptimizer(['--jitless'], undefined)).toBe(false);
    expect(mayHoldOptimizer(['--no-turbofan'], undefined)).toBe(false);
    expect(mayHoldOptimizer(['--max-opt=1'], undefined)).toBe(false);
    expect(mayHoldOptimizer([], '--no-opt')).toBe(false);
    expect(mayHoldOptimizer([], '--inspect --turbofan')).toBe(false);
    expect(mayHoldOptimizer([], '--optimize-for-size')).toBe(true); // a different option that only starts alike
  });

  it('is held until released, and a second release does nothing', () => {
    holdOptimizer();
    expect(optimizerHeld()).toBe(true);
    holdOptimizer();
    releaseOptimizer();
    expect(optimizerHeld()).toBe(false);
    releaseOptimizer();
    expect(optimizerHeld()).toBe(false);
  });
});
