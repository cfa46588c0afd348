/**
 * The read bundle's code cache is written after every read command ran once (`scripts/warm-read-cache.mjs`, run by
 * `scripts/bundle-read.mjs`): it holds the code the commands compile lazily, so it is several times the cache of the
 * load alone, and V8 accepts it when the bundle is loaded without flags (as `bin/codira.js` loads it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'cli', 'read-bundle.cjs');

/**
 * Whether V8 accepts a cache for a bundle, compiled with the loader's wrapper.
 *
 * @param bundle - The bundle.
 * @param cache - Its cache file.
 * @returns `true` when the cache is used.
 */
function accepted(bundle: string, cache: string): boolean {
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n})`;
  return !new Script(source, { filename: bundle, cachedData: readFileSync(cache) }).cachedDataRejected;
}

describe('the read bundle’s warmed code cache', () => {
  // Under the repository, so the copies resolve the packages the bundle requires.
  mkdirSync(join(ROOT, '.artifacts'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.artifacts', 'warm-cache-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written after the commands ran, several times the load-only cache, and accepted', async () => {
    const { writeBundleCache } = (await import(join(ROOT, 'dist', 'server', 'bundle-loader.js'))) as {
      writeBundleCache: (bundle: string) => number;
    };
    const loadOnly = join(dir, 'load-only.cjs');
    copyFileSync(BUNDLE, loadOnly);
    const loadOnlyBytes = writeBundleCache(loadOnly);

    const warmed = join(dir, 'warmed.cjs');
    copyFileSync(BUNDLE, warmed);
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'warm-read-cache.mjs'), warmed], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const bytes = Number(/warm-read-cache: (\d+)/.exec(run.stderr)?.[1]);
    expect(statSync(`${warmed}.v8cache`).size).toBe(bytes);
    expect(bytes).toBeGreaterThan(3 * loadOnlyBytes);
    expect(accepted(warmed, `${warmed}.v8cache`)).toBe(true);

    // The build's own cache is the warmed one.
    expect(statSync(`${BUNDLE}.v8cache`).size).toBeGreaterThan(3 * loadOnlyBytes);
    expect(accepted(BUNDLE, `${BUNDLE}.v8cache`)).toBe(true);
  }, 120_000);
});
