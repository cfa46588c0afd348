/**
 * Server commands of the campaign against the real compiled CLI (`npm test` builds dist/ first) on the fixture
 * repository: every command yields one sample per request, a watched edit is measured until a query sees it, and a
 * baseline, broken or unstartable variant is reported instead of measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_COMMAND_NAMES } from '../../src/bench/command-names.js';
import type { ManifestRepository } from '../../src/bench/manifest.js';
import type { Measurer } from '../../src/bench/measurer.js';
import type { Measurement, Targets } from '../../src/bench/result.js';
import { VariantExecutor, type RepoContext } from '../../src/bench/run/executor.js';
import { measureServerCommands } from '../../src/bench/run/server-measure.js';
import type { StepDeps } from '../../src/bench/run/targets.js';
import type { RunVariant } from '../../src/bench/run/variants.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'codira.js');

const FIXTURE: ManifestRepository = {
  label: 'fixture',
  size: 'small',
  source: { kind: 'debian', package: 'unused', version: '0' },
  copies: 1,
  skip: [],
  overrides: {},
};

/** The server step spawns its servers itself: a process measurer would be a bug. */
const NO_PROCESSES: Measurer = {
  peakRss: 'unavailable',
  run: () => Promise.reject(new Error('the server step must not run measured processes')),
};

/**
 * The repository context of the runner: the tree indexed into `<work>/out-<variant id>`.
 *
 * @param tree - The fixture repository.
 * @param work - Scratch folder holding the state folders.
 * @param broken - Variants that cannot be measured, with the reason.
 * @returns The context.
 */
function contextOf(tree: string, work: string, broken: Map<string, string>): RepoContext {
  return { repo: FIXTURE, tree, work, partialTree: join(work, 'partial-tree'), broken, partialBroken: new Map() };
}

function depsOf(variants: readonly RunVariant[], log: (line: string) => void): StepDeps {
  return { variants, executor: new VariantExecutor(NO_PROCESSES, process.execPath), log };
}

describe('measureServerCommands', () => {
  let repo: FixtureRepo;
  let work: string;
  beforeAll(() => {
    repo = createFixtureRepo();
    work = mkdtempSync(join(tmpdir(), 'codira-server-bench-'));
    for (const variant of ['memory', 'baseline-memory']) {
      const run = spawnSync(process.execPath, [
        BIN,
        'index',
        '--path',
        repo.root,
        '--output-dir',
        join(work, `out-${variant}`),
        '--backend',
        'memory',
      ]);
      expect(run.status).toBe(0);
    }
  });
  afterAll(() => {
    repo?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('measures every server command per request and explains what it did not measure', async () => {
    const variants: RunVariant[] = [
      { id: 'memory', backend: 'memory', build: 'current', bin: BIN },
      { id: 'unstartable', backend: 'memory', build: 'current', bin: join(work, 'missing.js') },
      { id: 'broken', backend: 'memory', build: 'current', bin: BIN },
      { id: 'baseline-memory', backend: 'memory', build: 'baseline', bin: BIN },
      { id: 'baseline-old', backend: 'memory', build: 'baseline', bin: join(work, 'old', 'bin', 'codira.js') },
    ];
    const lines: string[] = [];
    const targets: Targets = {
      symbol: 'apply_discount',
      symbolSource: 'manifest',
      ctxQuery: 'apply a discount',
      partialFile: 'shop/pricing.py',
      resolvedBy: 'memory',
    };
    const measurements = await measureServerCommands(
      contextOf(repo.root, work, new Map([['broken', 'first full index failed']])),
      SERVER_COMMAND_NAMES,
      targets,
      (command) => ({ warmups: 1, runs: command === 'mcp-start' || command === 'mcp-watch' ? 2 : 5 }),
      depsOf(variants, (line) => lines.push(line)),
    );
    const by = (command: string, variant: string): Measurement =>
      measurements.find((m) => m.command === command && m.variant === variant)!;
    // Every command once per variant, but the floor row once per repository.
    expect(measurements).toHaveLength((SERVER_COMMAND_NAMES.length - 1) * variants.length + 1);
    const floor = by('mcp-floor', 'floor');
    expect(floor).toMatchObject({ state: 'completed', backend: 'none', build: 'current', warmups: 1, runs: 5 });
    if (floor.state === 'completed') expect(floor.samplesMs).toHaveLength(5);
    for (const command of SERVER_COMMAND_NAMES.filter((c) => c !== 'mcp-floor')) {
      const m = by(command, 'memory');
      expect(m.state, `${command}: ${JSON.stringify(m)}`).toBe('completed');
      if (m.state !== 'completed') continue;
      expect(m.samplesMs).toHaveLength(command === 'mcp-start' || command === 'mcp-watch' ? 2 : 5);
      expect(m.samplesMs.every((ms) => ms > 0)).toBe(true);
      expect(m.percentiles!.p50).toBeLessThanOrEqual(m.percentiles!.p99);
      // A baseline build with the server is measured like the current one; an older build is skipped.
      expect(by(command, 'baseline-memory').state).toBe('completed');
      expect(by(command, 'baseline-old')).toMatchObject({
        state: 'skipped',
        reason: 'the baseline build has no MCP server',
      });
      expect(by(command, 'broken')).toMatchObject({ state: 'skipped', reason: 'first full index failed' });
      expect(by(command, 'unstartable').state).toBe('errored');
    }
    expect(lines).toContain('fixture: mcp-sym 1 warm-up + 5 samples per variant');
  });

  it('measures the floor row alone with its own counts, and skips it where the manifest says', async () => {
    const lines: string[] = [];
    const targets: Targets = {
      symbol: 'apply_discount',
      symbolSource: 'manifest',
      ctxQuery: 'x',
      partialFile: null,
      resolvedBy: 'memory',
    };
    const deps = depsOf([{ id: 'memory', backend: 'memory', build: 'current', bin: BIN }], (line) => lines.push(line));
    const alone = await measureServerCommands(
      contextOf(repo.root, work, new Map()),
      ['mcp-floor', 'mcp-refs'],
      targets,
      (command) => ({ warmups: 0, runs: command === 'mcp-floor' ? 3 : 2 }),
      deps,
    );
    expect(alone.map((m) => [m.command, m.variant, m.state === 'completed' ? m.samplesMs.length : m.state])).toEqual([
      ['mcp-floor', 'floor', 3],
      ['mcp-refs', 'memory', 2],
    ]);
    expect(lines).toContain('fixture: mcp-floor 0 warm-up + 3 samples per variant');
    const ctx = { ...contextOf(repo.root, work, new Map()), repo: { ...FIXTURE, skip: ['mcp-floor' as const] } };
    const skipped = await measureServerCommands(
      ctx,
      ['mcp-floor', 'mcp-sym'],
      targets,
      () => ({ warmups: 0, runs: 1 }),
      deps,
    );
    expect(skipped.map((m) => [m.command, m.variant, m.state === 'skipped' ? m.reason : m.state])).toEqual([
      ['mcp-floor', 'floor', 'skipped by the manifest'],
      ['mcp-sym', 'memory', 'completed'],
    ]);
  });

  it('skips symbol commands when the index has no symbol to query', async () => {
    const measurements = await measureServerCommands(
      contextOf(repo.root, work, new Map()),
      ['mcp-sym', 'mcp-start', 'mcp-watch'],
      { symbol: null, symbolSource: 'none', ctxQuery: 'x', partialFile: null, resolvedBy: 'none' },
      () => ({ warmups: 0, runs: 1 }),
      depsOf([{ id: 'memory', backend: 'memory', build: 'current', bin: BIN }], () => undefined),
    );
    expect(measurements.map((m) => [m.command, m.state === 'skipped' ? m.reason : m.state])).toEqual([
      ['mcp-sym', 'the index has no symbol to query'],
      ['mcp-start', 'the index has no symbol to query'],
      ['mcp-watch', 'no file to edit'],
    ]);
  });

  it('skips a server command the manifest skips on this repository, without starting a server for it', async () => {
    const lines: string[] = [];
    const ctx = { ...contextOf(repo.root, work, new Map()), repo: { ...FIXTURE, skip: ['mcp-sym' as const] } };
    const measurements = await measureServerCommands(
      ctx,
      ['mcp-sym', 'mcp-symlist'],
      { symbol: 'apply_discount', symbolSource: 'manifest', ctxQuery: 'x', partialFile: null, resolvedBy: 'memory' },
      () => ({ warmups: 0, runs: 2 }),
      depsOf([{ id: 'memory', backend: 'memory', build: 'current', bin: BIN }], (line) => lines.push(line)),
    );
    expect(measurements.map((m) => [m.command, m.state === 'skipped' ? m.reason : m.state])).toEqual([
      ['mcp-sym', 'skipped by the manifest'],
      ['mcp-symlist', 'completed'],
    ]);
    expect(lines).toEqual(['fixture: mcp-symlist 0 warm-up + 2 samples per variant']);
  });
});
