/**
 * The analysis process a watching server keeps between index runs (`index-thread.ts`, `residentAnalysis`): one is
 * waiting after the catch-up run, each refresh borrows it (also for a file over the hazard size, which must be analyzed
 * in a process) and gives it back, a run with nothing to analyze leaves it waiting, one that died is replaced, and none
 * outlives the server. Without `--watch` none is kept.
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_REGISTRY } from '../../src/cli/analysis-prestart.js';
import { indexRepository } from '../../src/cli/commands/index-command.js';
import { DEFAULT_LIMITS, HAZARD_BYTES } from '../../src/core/analysis-protocol.js';
import {
  claimPrestarted,
  compiled,
  prestartAnalysis,
  residentAnalysis,
  RESIDENT_RUNS,
} from '../../src/core/analysis-spawn.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { cli, startServer, type RunningServer, type Target } from './mcp-harness.js';

const SETUP = { analyzerModule: compiled(ANALYZER_REGISTRY).href, memoryMb: DEFAULT_LIMITS.memoryMb };

/**
 * A Python module over the hazard size (one long string line: cheap to parse).
 *
 * @param name - The function it defines at its end.
 * @returns Its text.
 */
function largeModule(name: string): string {
  const filler = `value_0 = 0\nBLOB = '${'x'.repeat(HAZARD_BYTES)}'\n`;
  expect(filler.length).toBeGreaterThan(HAZARD_BYTES);
  return `${filler}\n\ndef ${name}():\n    return 1\n`;
}

/**
 * Process ids of the analysis processes a process started.
 *
 * @param parent - The parent's process id.
 * @returns Their ids, sorted.
 */
function analysisChildren(parent: number): number[] {
  const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes('analysis-process'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .sort((a, b) => a - b);
}

/**
 * Poll until a condition on the analysis processes of `parent` holds (or fail after 20 s).
 *
 * @param parent - The parent's process id.
 * @param holds - The condition.
 * @returns The processes when it held.
 */
async function childrenUntil(parent: number, holds: (pids: number[]) => boolean): Promise<number[]> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const pids = analysisChildren(parent);
    if (holds(pids)) return pids;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`analysis processes never matched; last seen: ${analysisChildren(parent).join(', ')}`);
}

async function symbolsOf(server: RunningServer, name: string): Promise<unknown[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const answer = await server.call('sym', { name, wait: 5000 });
    const symbols = (answer.structuredContent!.result as { symbols: unknown[] }).symbols;
    if (symbols.length > 0) return symbols;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return [];
}

describe('a prestarted analysis host', () => {
  it('serves a run that would use a thread when it is a process, never the other way round', () => {
    const process = prestartAnalysis(ANALYZER_REGISTRY, SETUP.memoryMb, 'process');
    expect(process.available).toBe(true);
    const host = process.take(SETUP, 'thread');
    expect(host).not.toBeNull();
    expect(process.available).toBe(false);
    host!.discard();

    const thread = prestartAnalysis(ANALYZER_REGISTRY, SETUP.memoryMb, 'thread');
    expect(thread.take(SETUP, 'process')).toBeNull(); // a hazardous file keeps its own process
    expect(thread.available).toBe(false); // declined hosts are discarded

    const other = prestartAnalysis(ANALYZER_REGISTRY, SETUP.memoryMb, 'process');
    expect(other.take({ ...SETUP, memoryMb: SETUP.memoryMb + 1 }, 'process')).toBeNull(); // another heap budget
    expect(claimPrestarted()).toBe(other);
  });

  it('is lent to run after run when resident, until it has served its runs', () => {
    const resident = residentAnalysis(ANALYZER_REGISTRY, SETUP.memoryMb);
    try {
      resident.offer();
      expect(claimPrestarted()).toBe(resident);
      const host = resident.take(SETUP, 'process');
      expect(host).not.toBeNull();
      expect(resident.available).toBe(false); // lent
      resident.dispose(); // what a run does with a prestarted host: the resident one stays
      expect(resident.giveBack!(host!)).toBe(true);
      expect(resident.available).toBe(true);
      for (let run = 2; run < RESIDENT_RUNS; run++) {
        expect(resident.take(SETUP, 'thread')).toBe(host); // the same process, for any small run
        expect(resident.giveBack!(host!)).toBe(true);
      }
      expect(resident.take(SETUP, 'process')).toBe(host);
      expect(resident.giveBack!(host!)).toBe(false); // served its runs: the run releases it
      expect(resident.available).toBe(false);
      host!.discard();
    } finally {
      resident.end();
    }
  });

  it('is claimed by an incremental run that has files to analyze', async () => {
    const repo = createFixtureRepo();
    try {
      const args = { path: repo.root, 'output-dir': dirname(repo.stateDir('memory')), backend: 'sqlite' };
      expect((await indexRepository(args, true)).mode).toBe('full');
      const ready = prestartAnalysis(ANALYZER_REGISTRY, SETUP.memoryMb, 'process');
      expect((await indexRepository(args, false)).mode).toBe('noop');
      expect(ready.available).toBe(true); // nothing to analyze: still waiting for the next run
      repo.write('shop/large.py', largeModule('large_probe'));
      const report = await indexRepository(args, false);
      expect([report.mode, report.indexed, report.failed]).toEqual(['incremental', 1, []]);
      expect(ready.available).toBe(false);
      expect(claimPrestarted()).toBeNull(); // the run claimed it
    } finally {
      claimPrestarted()?.dispose();
      repo.dispose();
    }
  });
});

describe('codira mcp --watch keeps an analysis process ready', () => {
  let repo: FixtureRepo;
  let target: Target;
  let server: RunningServer;

  beforeAll(async () => {
    repo = createFixtureRepo();
    target = { root: repo.root, outputDir: dirname(repo.stateDir('sqlite')), backend: 'sqlite' };
    expect(cli(target, 'index').status).toBe(0);
    server = await startServer(target, '--watch', '--debounce', '20');
  });
  afterAll(async () => {
    await server?.client.close();
    repo?.dispose();
  });

  it('has one waiting after the catch-up run, lends it to every refresh, and replaces one that died', async () => {
    expect((await server.call('status', { wait: 10000 })).structuredContent!.index!.pending).toBe(false);
    const [first] = await childrenUntil(server.pid, (pids) => pids.length === 1);
    // A run with nothing to analyze leaves it waiting.
    expect((await server.call('index', {})).isError ?? false).toBe(false);
    expect(analysisChildren(server.pid)).toEqual([first]);

    repo.write('shop/large.py', largeModule('large_probe'));
    expect(await symbolsOf(server, 'large_probe')).toEqual([
      expect.objectContaining({ qualifiedName: 'shop.large.large_probe', path: 'shop/large.py' }),
    ]);
    repo.write('shop/small.py', 'def small_probe():\n    return 3\n');
    expect(await symbolsOf(server, 'small_probe')).toHaveLength(1);
    // Both refreshes analyzed in the same process, which is waiting again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(analysisChildren(server.pid)).toEqual([first]);

    // One that dies between runs is replaced: the next refresh analyzes in a process of its own, and after it a new
    // one waits.
    process.kill(first!, 'SIGKILL');
    await childrenUntil(server.pid, (pids) => !pids.includes(first!));
    repo.write('shop/after.py', 'def after_probe():\n    return 4\n');
    expect(await symbolsOf(server, 'after_probe')).toHaveLength(1);
    const [next] = await childrenUntil(server.pid, (pids) => pids.length === 1 && pids[0] !== first);
    expect(next).not.toBe(first);

    await server.client.close();
    await server.exited;
    const alive = (pid: number): boolean => spawnSync('kill', ['-0', String(pid)]).status === 0;
    for (let attempt = 0; attempt < 100 && alive(next!); attempt++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(next!)).toBe(false); // none outlives the server
  });

  it('keeps none without --watch', async () => {
    const plain = await startServer(target);
    try {
      repo.write('shop/extra.py', 'def extra_probe():\n    return 2\n');
      expect((await plain.call('index', {})).isError ?? false).toBe(false);
      expect(await symbolsOf(plain, 'extra_probe')).toHaveLength(1);
      await childrenUntil(plain.pid, (pids) => pids.length === 0); // the run's own process ends with it
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(analysisChildren(plain.pid)).toEqual([]); // and none was started for the next
    } finally {
      await plain.client.close();
    }
  });
});
