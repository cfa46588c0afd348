/**
 * The server's V8 tiering (`src/server/tiering.ts`): which flags on which V8, and that setting them at run time makes
 * V8 optimise a function after fewer calls (checked with V8's own optimisation status, in a child process).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';
import { SERVER_TIERING_FLAGS, tieringFlags, tuneTiering } from '../../src/server/tiering.js';

/**
 * Run a function of about 150 bytes of bytecode 150 times, with or without the server's tiering set at run time, and
 * report whether TurboFan compiled it (compiling on the main thread, so the status is final when it is read).
 *
 * @param tune - Set the server's tiering first.
 * @returns V8's optimisation status has the TurboFan bit.
 */
function optimisedAfter150Calls(tune: boolean): boolean {
  const module = pathToFileURL(join(PROJECT_ROOT, 'dist', 'server', 'tiering.js')).href;
  const script = `
    const { tuneTiering } = await import(${JSON.stringify(module)});
    if (${tune}) tuneTiering();
    function work(o) {
      let s = 0;
      for (const k of Object.keys(o)) { s += String(o[k]).length * 3 + k.length; if (s > 1e9) s = 0; }
      return s + (o.a ? 1 : 2) + JSON.stringify(o).length;
    }
    const o = { a: 1, b: 'two', c: [3], d: { e: 4 }, f: null, g: true };
    for (let i = 0; i < 150; i++) work(o);
    process.stdout.write(String((eval('%GetOptimizationStatus(work)') & 64) !== 0));
  `;
  const out = execFileSync(
    process.execPath,
    ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  return out === 'true';
}

describe('server tiering', () => {
  it('sets its flags on V8 11 (Node 20) and none on other versions', () => {
    expect(tieringFlags('11.3.244.8-node.33')).toEqual(SERVER_TIERING_FLAGS);
    expect(tieringFlags('12.4.254.21-node.33')).toEqual([]);
    expect(tieringFlags('10.2.154.26-node.31')).toEqual([]);
    const set: string[] = [];
    expect(tuneTiering((flag) => set.push(flag), '11.3.244.8-node.33')).toEqual(SERVER_TIERING_FLAGS);
    expect(set).toEqual([...SERVER_TIERING_FLAGS]);
    expect(tuneTiering((flag) => set.push(flag), '12.4.254.21-node.33')).toEqual([]);
    expect(set).toHaveLength(SERVER_TIERING_FLAGS.length);
  });

  it('makes V8 optimise a function after fewer calls when set at run time', () => {
    const tuned = tieringFlags(process.versions.v8).length > 0;
    // V8's default waits for more calls than 150 of this function; the server's tiering does not.
    expect(optimisedAfter150Calls(false)).toBe(false);
    expect(optimisedAfter150Calls(true)).toBe(tuned);
  });
});
