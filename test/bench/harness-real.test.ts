/**
 * The harness against the real thing: the real process measurer, the built CLI on a small real corpus (requests),
 * the baseline build, and the `campaign` / `corpus` commands with their bad-input exits. A change in codira's JSON
 * output, in how processes are spawned or timed, or in the commands' exits breaks these tests, where the fake
 * measurer of `runner.test.ts` would not notice.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError, bundleSteps, prepareBaseline } from '../../src/bench/baseline.js';
import type { Campaign } from '../../src/bench/campaign.js';
import { materializeCorpus, PROJECT_ROOT } from '../../src/bench/corpus.js';
import type { ManifestRepository } from '../../src/bench/manifest.js';
import { ProcessMeasurer } from '../../src/bench/process-measurer.js';
import type { Measurer } from '../../src/bench/measurer.js';
import { runCampaign } from '../../src/bench/runner.js';

const BIN = join(PROJECT_ROOT, 'bin', 'codira.js');
const REQUESTS: ManifestRepository = {
  label: 'requests',
  size: 'small',
  source: { kind: 'debian', package: 'python3-requests', version: '2.28.1+dfsg-1' },
  copies: 1,
  skip: [],
  overrides: {},
};

function campaignOf(repo: ManifestRepository, commands: Campaign['commands'], backends = ['sqlite']): Campaign {
  return {
    name: 'real',
    file: '/tmp/real.json',
    manifest: { name: 'real', file: '/tmp/real-manifest.json', repositories: [repo] },
    backends,
    commands,
    warmups: 0,
    runs: 1,
    overrides: {},
    micro: false,
    accuracy: false,
  };
}

function scratch(): { artifactsRoot: string; workRoot: string } {
  const dir = mkdtempSync(join(tmpdir(), 'codira-real-'));
  return { artifactsRoot: join(dir, 'benchmarks'), workRoot: join(dir, 'work') };
}

const common = { versions: { backends: [], analyzers: [] }, projectRoot: PROJECT_ROOT, currentBin: BIN };

describe('ProcessMeasurer', () => {
  it('times a real process, returns its exit code and output, and passes extra environment', async () => {
    const measurer = new ProcessMeasurer();
    try {
      const script =
        'setTimeout(() => { console.log(process.env.PROBE, process.env.CODIRA_WAIT_FOR_ANALYSIS); console.error("e"); process.exit(3); }, 50)';
      const outcome = await measurer.run({
        argv: [process.execPath, '-e', script],
        cwd: tmpdir(),
        env: { PROBE: 'x1' },
      });
      expect(outcome.exitCode).toBe(3);
      // The measured process is told to wait for its analysis processes, so their peak RSS reaches GNU time.
      expect(outcome.stdout).toBe('x1 1\n');
      expect(outcome.stderr).toBe('e\n');
      expect(outcome.wallMs).toBeGreaterThanOrEqual(50);
      if (measurer.peakRss === 'gnu-time') expect(outcome.peakRssKb).toBeGreaterThan(1000);
      if (measurer.cpuTime === 'bash-times') expect(outcome.cpuMs).toBeGreaterThan(0);
    } finally {
      await measurer.close();
    }
  });

  it('rejects for a program that cannot be started (the runner turns that into an errored measurement)', async () => {
    const measurer = new ProcessMeasurer(false, false);
    await expect(measurer.run({ argv: ['/no/such/program'], cwd: tmpdir() })).rejects.toThrow(/ENOENT/);
  });
});

describe('runCampaign with the real CLI on a real corpus', () => {
  it('indexes, resolves targets and measures every command kind with the real measurer', async () => {
    const measurer = new ProcessMeasurer();
    try {
      const { result } = await runCampaign({
        ...common,
        ...scratch(),
        campaign: campaignOf(
          REQUESTS,
          [
            ...(['index-full', 'index-warm', 'index-partial', 'ctx', 'sym', 'calls', 'refs', 'symlist'] as const),
            ...(['floor-node', 'parse-only', 'duckdb-open', 'parse-edited'] as const),
          ],
          ['sqlite', 'duckdb'],
        ),
        measurer,
      });
      const [repo] = result.repositories;
      expect(result.status).toBe('completed');
      expect(repo!.files!.indexed).toBeGreaterThan(10);
      expect(repo!.targets.symbolSource).toBe('symlist');
      expect(repo!.targets.symbol).toMatch(/^requests\./);
      expect(repo!.targets.partialFile).toMatch(/^requests\/.+\.py$/);
      expect(repo!.sizes[0]!.stateDirBytes).toBeGreaterThan(10_000);
      for (const m of repo!.measurements) {
        expect(`${m.command}: ${m.state}${m.state === 'errored' ? ` ${m.error}` : ''}`).toBe(`${m.command}: completed`);
        if (m.state === 'completed') expect(m.samplesMs[0]).toBeGreaterThan(0);
      }
      // Every sample recorded its phases (CODIRA_PHASES), in process order, adding up to about the wall time.
      const phases = (command: string, variant = 'sqlite'): string[] => {
        const m = repo!.measurements.find((x) => x.command === command && x.variant === variant);
        return m?.state === 'completed' ? (m.phases ?? []).map((p) => p.name) : [];
      };
      expect(phases('sym')).toEqual([
        'node start',
        'load CLI',
        'parse + load command',
        'load backend',
        'open index',
        'query',
        'close index',
        'render',
        'exit',
      ]);
      expect(phases('index-full')).toEqual(
        expect.arrayContaining([
          'scan + read state',
          'plan',
          'open writer',
          'analyze',
          'persist',
          'derived',
          'commit',
          'publish',
        ]),
      );
      // Persist per table, inside each backend's writer.
      expect(phases('index-full')).toEqual(
        expect.arrayContaining(['persist files', 'persist symbols', 'persist calls', 'persist refs']),
      );
      expect(phases('index-full', 'duckdb')).toEqual(
        expect.arrayContaining(['persist files', 'persist symbols', 'persist calls', 'persist flush', 'derived']),
      );
      // Floor rows: once per repository, plain node processes without phases.
      const floors = repo!.measurements.filter((m) => m.variant === 'floor').map((m) => `${m.command} ${m.state}`);
      expect(floors).toEqual([
        'floor-node completed',
        'parse-only completed',
        'duckdb-open completed',
        'parse-edited completed',
      ]);
      // A warm no-op after the harness's full index decides from the stored-state snapshot: the index is not opened.
      expect(phases('index-warm')).toEqual(
        expect.arrayContaining(['read stored-state snapshot', 'scan', 'plan', 'render']),
      );
      expect(phases('index-warm')).not.toContain('scan + read state');
      expect(phases('index-warm')).not.toContain('open writer');
      const sym = repo!.measurements.find((x) => x.command === 'sym');
      if (sym?.state === 'completed') {
        const sum = sym.phases!.reduce((a, p) => a + p.meanMs, 0);
        expect(sum).toBeLessThanOrEqual(sym.stats.mean);
        expect(sum).toBeGreaterThan(sym.stats.mean * 0.5); // the rest is spawn and teardown outside the process
      }
    } finally {
      await measurer.close();
    }
  }, 240_000);

  it('records a throwing measurement as an error and skips index-partial when its file is missing', async () => {
    const real = new ProcessMeasurer(false);
    // Throw (as a measurer whose spawn fails would) for every sym process; everything else runs for real.
    const throwing: Measurer = {
      peakRss: 'unavailable',
      run: (spec) => (spec.argv.includes('sym') ? Promise.reject(new Error('spawn failed: boom')) : real.run(spec)),
    };
    const { result } = await runCampaign({
      ...common,
      ...scratch(),
      campaign: campaignOf({ ...REQUESTS, partialFile: 'requests/no_such_file.py' }, ['sym', 'index-partial']),
      measurer: throwing,
    });
    const byCommand = new Map(result.repositories[0]!.measurements.map((m) => [m.command, m]));
    expect(byCommand.get('sym')).toMatchObject({ state: 'errored', error: 'run 1: exit 127: spawn failed: boom' });
    expect(byCommand.get('index-partial')).toMatchObject({
      state: 'skipped',
      reason: 'partial-change file requests/no_such_file.py is not in the repository',
    });
  }, 240_000);
});

describe('--profile', () => {
  it('profiles one more run per command × variant and writes profile.md and a flame graph per profile', async () => {
    const measurer = new ProcessMeasurer(false);
    const { dir, result } = await runCampaign({
      ...common,
      ...scratch(),
      campaign: campaignOf(REQUESTS, ['index-full', 'sym'], ['sqlite', 'duckdb']),
      measurer,
      profile: true,
      variantEnv: () => ({ CODIRA_WORKERS: '2' }), // requests is below the worker threshold: force two workers
    });
    expect(result.status).toBe('completed');
    const report = readFileSync(join(dir, 'profile.md'), 'utf8');
    expect(report).toContain('## requests · index-full');
    expect(report).toContain('## requests · sym');
    expect(report).toMatch(/\| # \| sqlite \| duckdb \|/);
    expect(report).toMatch(/`dist\/[^`]+:[^`]+` \d+\.\d ms/); // our own functions, named file:function
    for (const command of ['index-full', 'sym']) {
      for (const variant of ['sqlite', 'duckdb']) {
        const folder = join(dir, 'profiles', 'requests', command, variant);
        const files = readdirSync(folder);
        const profiles = files.filter((f) => f.endsWith('.cpuprofile'));
        expect(profiles.length).toBeGreaterThan(0);
        expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(profiles.length);
        expect(readFileSync(join(folder, profiles[0]!.replace('.cpuprofile', '.svg')), 'utf8')).toMatch(
          /^<svg[^]*<rect/,
        );
      }
    }
    // A full index with workers: each worker's busy time is recorded beside the timeline (CODIRA_WORKERS=2).
    const full = result.repositories[0]!.measurements.find((m) => m.command === 'index-full' && m.variant === 'sqlite');
    const workers = full?.state === 'completed' ? full.phases!.filter((p) => p.parallel).map((p) => p.name) : [];
    expect(workers.sort()).toEqual(['analyze worker 1', 'analyze worker 2']);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/\| analyze worker 1 \(in parallel\) \| \d+\.\d \|/);
    // A full index with workers: the worker threads' profiles are there too.
    expect(
      readdirSync(join(dir, 'profiles', 'requests', 'index-full', 'sqlite')).filter((f) => f.endsWith('.cpuprofile'))
        .length,
    ).toBeGreaterThan(1);
    // Profiles never feed a gate: run.json has the same measurements as without --profile.
    expect(result.repositories[0]!.measurements.every((m) => m.runs === 1)).toBe(true);
  }, 300_000);
});

describe('baseline build', () => {
  it('rejects a ref that is not a commit', async () => {
    await expect(prepareBaseline('no-such-ref-13', () => undefined)).rejects.toThrow(BaselineError);
    await expect(prepareBaseline('no-such-ref-13', () => undefined)).rejects.toThrow(
      /'no-such-ref-13' is not a commit/,
    );
  });

  it('builds HEAD in a worktree (or reuses it) into a CLI that runs', async () => {
    const build = await prepareBaseline('HEAD', () => undefined);
    expect(build.bin).toBe(join(PROJECT_ROOT, '.artifacts', 'baselines', build.commit, 'bin', 'codira.js'));
    const version = spawnSync(process.execPath, [build.bin, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // Built like `npm run build`: with the server's SDK bundle and its code cache.
    const dist = join(PROJECT_ROOT, '.artifacts', 'baselines', build.commit, 'dist', 'server');
    expect(existsSync(join(dist, 'sdk-bundle.cjs'))).toBe(true);
    expect(existsSync(join(dist, 'sdk-bundle.cjs.v8cache'))).toBe(true);
    // …and with every other bundle of that build: a baseline without them reads ~25 % slower than the commit runs.
    const built = join(PROJECT_ROOT, '.artifacts', 'baselines', build.commit, 'dist');
    for (const bundle of ['cli/read-bundle.cjs', 'cli/index-bundle.cjs', 'analyzers/analysis-thread-bundle.cjs']) {
      expect(existsSync(join(built, bundle)), bundle).toBe(true);
    }
  }, 600_000);

  it("runs the ref's own bundling steps after tsc, in the order its build script gives", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codira-baseline-steps-'));
    try {
      mkdirSync(join(dir, 'scripts'));
      for (const name of ['a.mjs', 'b.mjs']) writeFileSync(join(dir, 'scripts', name), '');
      const build =
        'tsc -p tsconfig.build.json && node scripts/b.mjs && node scripts/missing.mjs && node scripts/a.mjs';
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { build } }));
      expect(await bundleSteps(dir)).toEqual(['scripts/b.mjs', 'scripts/a.mjs']);
      writeFileSync(join(dir, 'package.json'), '{}');
      expect(await bundleSteps(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('campaign and corpus commands (CLI)', () => {
  const cli = (
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [BIN, ...args], {
      encoding: 'utf8',
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
  const oneLine = (stderr: string): void => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('exits 2 with one line on bad input to campaign run', () => {
    for (const [args, env, message] of [
      [['campaign', 'run', 'no-such-campaign'], {}, /no-such-campaign/],
      [['campaign', 'run', 'short', '--repos', 'nope'], {}, /--repos: unknown label 'nope'/],
      [['campaign', 'run', 'short', '--runs', '0'], {}, /--runs must be at least 1/],
      [['campaign', 'run', 'short'], { CODIRA_BENCH_SLOWDOWN: 'fast' }, /CODIRA_BENCH_SLOWDOWN must look like/],
      [['campaign', 'compare', 'no-run-a', 'no-run-b'], {}, /no benchmark run 'no-run-a'/],
    ] as const) {
      const out = cli([...args], env);
      expect(out.stderr).toMatch(message);
      expect(out.status).toBe(2);
      oneLine(out.stderr);
    }
  });

  it('exits 2 on an unknown corpus label and 1 when a corpus cannot be fetched, before measuring anything', () => {
    const bad = cli(['corpus', 'fetch', '--manifest', 'short', '--repos', 'nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--repos: unknown label 'nope'/);
    // A package that is not cached, fetched with an `npm` that fails like a registry 404 (no network needed).
    const dir = mkdtempSync(join(tmpdir(), 'codira-fetch-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(
      join(dir, 'bin', 'npm'),
      '#!/bin/sh\necho "npm error 404 Not Found - codira-missing-13" >&2\nexit 1\n',
    );
    chmodSync(join(dir, 'bin', 'npm'), 0o755);
    const source = { kind: 'npm', package: 'codira-missing-13', version: '0.0.0' };
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ repositories: [{ label: 'gone', size: 'small', source }] }));
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ manifest: 'm.json', backends: ['sqlite'], commands: ['sym'], warmups: 0, runs: 1 }),
    );
    const env = { PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}` };
    const fetch = cli(['corpus', 'fetch', '--manifest', join(dir, 'm.json')], env);
    expect(fetch.status).toBe(1);
    expect(fetch.stderr).toMatch(/cannot fetch npm package codira-missing-13@0\.0\.0: npm error 404/);
    oneLine(fetch.stderr);
    const runsBefore = existsSync(join(PROJECT_ROOT, '.artifacts', 'benchmarks'))
      ? readdirSync(join(PROJECT_ROOT, '.artifacts', 'benchmarks')).length
      : 0;
    const run = cli(['campaign', 'run', join(dir, 'c.json')], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/cannot fetch npm package codira-missing-13/);
    const runsAfter = existsSync(join(PROJECT_ROOT, '.artifacts', 'benchmarks'))
      ? readdirSync(join(PROJECT_ROOT, '.artifacts', 'benchmarks')).length
      : 0;
    expect(runsAfter).toBe(runsBefore); // failed before a run folder was created
  });
});

it('materialises the real corpus used above from the cache or its Debian package', async () => {
  const root = await materializeCorpus(REQUESTS.source);
  expect(existsSync(join(root, 'requests', 'sessions.py'))).toBe(true);
});
