import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';
import { confirmOptions, slowdownEnv } from '../../src/bench/run/cli-options.js';
import type { RunVariant } from '../../src/bench/run/variants.js';

const variant = (backend: string, build: 'current' | 'baseline'): RunVariant => ({
  id: build === 'current' ? backend : `baseline-${backend}`,
  backend,
  build,
  bin: '/x/bin/codira.js',
});

describe('slowdownEnv (test-only fault injection)', () => {
  it('slows only the named backend of the current build, with an optional fixed minimum', () => {
    const env = slowdownEnv('sqlite:30:300')!;
    expect(env(variant('sqlite', 'current'))).toEqual({
      CODIRA_TEST_SLOWDOWN_PERCENT: '30',
      CODIRA_TEST_SLOWDOWN_MIN_MS: '300',
    });
    expect(env(variant('sqlite', 'baseline'))).toBeUndefined();
    expect(env(variant('duckdb', 'current'))).toBeUndefined();
    expect(slowdownEnv('duckdb:30')!(variant('duckdb', 'current'))).toEqual({ CODIRA_TEST_SLOWDOWN_PERCENT: '30' });
    expect(slowdownEnv(undefined)).toBeUndefined();
    expect(() => slowdownEnv('sqlite:30:')).toThrow(UsageError);
    expect(() => slowdownEnv('sqlite')).toThrow(/backend:percent\[:min-ms\]/);
  });

  it('makes bin/codira.js block at exit for at least the fixed minimum', () => {
    const bin = join(PROJECT_ROOT, 'bin', 'codira.js');
    const time = (env: Record<string, string>): number => {
      const start = performance.now();
      const out = spawnSync(process.execPath, [bin, '--version'], { env: { ...process.env, ...env } });
      expect(out.status).toBe(0);
      return performance.now() - start;
    };
    // A lower bound only: the delay is a blocking wait, so the process cannot end sooner (never an upper bound here).
    expect(time({ CODIRA_TEST_SLOWDOWN_PERCENT: '1', CODIRA_TEST_SLOWDOWN_MIN_MS: '400' })).toBeGreaterThanOrEqual(400);
  });
});

describe('confirmOptions', () => {
  it('confirms in batches of --confirm-runs, up to four times that unless told otherwise', () => {
    // 12 pairs is the fewest whose sign-test floor (2^-12) is under Holm's bar for the short family (0.05 / 130).
    expect(confirmOptions('short', undefined, undefined)).toMatchObject({ runs: 12, maxRuns: 48, maxCells: 100 });
    expect(confirmOptions('short', undefined, 6, 18)).toMatchObject({ runs: 6, maxRuns: 18 });
    expect(confirmOptions('short', undefined, 6, 2)).toMatchObject({ runs: 6, maxRuns: 6 });
    expect(confirmOptions('short', undefined, 0)).toBeNull();
  });
});
