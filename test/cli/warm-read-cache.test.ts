/**
 * The read bundle's code cache is written after every read command ran once (`scripts/warm-read-cache.mjs`, run by
 * `scripts/bundle-read.mjs`): it holds the code the commands compile lazily, so it is several times the cache of the
 * load alone, and V8 accepts it when the bundle is loaded without flags (as `bin/codira.js` loads it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'cli', 'read-bundle.cjs');
const CLI = join(ROOT, 'bin', 'codira.js');

/**
 * Run a codira command and parse its JSON answer.
 *
 * @param args - Command line after `codira`.
 * @returns The answer.
 */
function answer(args: string[]): Record<string, unknown> {
  const run = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

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

  // The warm-up compiles only the code its questions reach: a question without an answer leaves the code that renders
  // one (symbols, edges, context) out of the cache. Each question of scripts/warm-read-cache.mjs that names something
  // must find it in the shared samples, with edges where it asks for them.
  it('asks questions the shared samples answer', async () => {
    const { WARM_SOURCES } = (await import(join(ROOT, 'dist', 'core', 'warm-sources.js'))) as {
      WARM_SOURCES: Record<string, string>;
    };
    const repo = join(dir, 'samples');
    for (const [path, text] of Object.entries(WARM_SOURCES)) {
      mkdirSync(join(repo, path, '..'), { recursive: true });
      writeFileSync(join(repo, path), text);
    }
    const index = spawnSync(process.execPath, [CLI, 'index', '--path', repo], { encoding: 'utf8' });
    expect(index.status, index.stderr).toBe(0);
    const at = ['--path', repo];
    expect((answer(['sym', 'square', ...at]).symbols as unknown[]).length).toBeGreaterThan(0);
    for (const question of [
      ['calls', 'print_report'],
      ['calls', 'square', '--incoming'],
      ['refs', 'square', '--incoming'],
      ['refs', 'shortestPath', '--incoming'],
    ]) {
      expect((answer([...question, ...at]).edges as unknown[]).length, question.join(' ')).toBeGreaterThan(0);
    }
    expect((answer(['emb', 'area of a circle', ...at]).matches as unknown[]).length).toBeGreaterThan(0);
    const context = answer(['ctx', 'area of a circle in a weighted graph report', ...at]);
    expect((context.symbols as unknown[]).length).toBeGreaterThan(0);
    const scoped = answer(['ctx', 'shortest path', '--prefix', 'src', ...at]);
    expect((scoped.symbols as unknown[]).length).toBeGreaterThan(0);
    const script = readFileSync(join(ROOT, 'scripts', 'warm-read-cache.mjs'), 'utf8');
    for (const question of ["['refs', 'shortestPath', '--incoming', '--json']", "['calls', 'print_report']"]) {
      expect(script, question).toContain(question);
    }
  }, 60_000);
});
