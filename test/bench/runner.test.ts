import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/bench/campaign.js';
import type { CommandName } from '../../src/bench/command-names.js';
import { PROJECT_ROOT } from '../../src/bench/corpus.js';
import { checkGates } from '../../src/bench/gate-check.js';
import { parseGateFile, type GateFile } from '../../src/bench/gate-file.js';
import { CLEARLY_WITHIN_SHARE } from '../../src/bench/gates/time-gate.js';
import type { ManifestRepository } from '../../src/bench/manifest.js';
import type { RunResult } from '../../src/bench/result.js';
import { runCampaign, type RunnerOptions } from '../../src/bench/runner.js';
import { snapshotBuild, snapshotCorpus } from '../../src/bench/workspace.js';
import { UsageError } from '../../src/core/errors.js';
import { FakeMeasurer } from './fake-measurer.js';

function corpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'codira-corpus-'));
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(join(dir, 'pkg', 'core.py'), 'def run_all():\n    return 1\n');
  writeFileSync(join(dir, 'pkg', 'util.py'), 'def helper():\n    pass\n');
  return dir;
}

const REPO: ManifestRepository = {
  label: 'tiny',
  size: 'small',
  source: { kind: 'npm', package: 'tiny', version: '1.0.0' },
  copies: 1,
  skip: [],
  overrides: {},
};

function campaign(commands: CommandName[], repos: ManifestRepository[] = [REPO]): Campaign {
  return {
    name: 'test',
    file: '/tmp/test.json',
    manifest: { name: 'm', file: '/tmp/m.json', repositories: repos },
    backends: ['sqlite', 'duckdb'],
    commands,
    warmups: 1,
    runs: 2,
    overrides: {},
    micro: false,
    accuracy: false,
  };
}

async function run(
  measurer: FakeMeasurer,
  extra: Partial<RunnerOptions> & { campaign: Campaign },
): Promise<{ result: RunResult; dir: string; work: string }> {
  const root = corpus();
  const scratch = mkdtempSync(join(tmpdir(), 'codira-run-'));
  const outcome = await runCampaign({
    measurer,
    versions: { backends: [{ name: 'sqlite', version: '1' }], analyzers: [] },
    projectRoot: PROJECT_ROOT,
    currentBin: '/current/bin/codira.js',
    artifactsRoot: join(scratch, 'benchmarks'),
    workRoot: join(scratch, 'work'),
    materialize: async () => root,
    now: () => new Date('2025-03-01T14:15:02Z'),
    ...extra,
  });
  return { ...outcome, work: join(scratch, 'work', outcome.result.runId) };
}

const trace = (m: FakeMeasurer): string[] => m.calls.map((c) => `${c.args.join(' ')} @${c.backend}`);

describe('runCampaign', () => {
  it('primes each variant, resolves targets, then interleaves the variants, rotating their order every round', async () => {
    const measurer = new FakeMeasurer();
    const { result } = await run(measurer, { campaign: campaign(['index-warm', 'sym']) });
    expect(trace(measurer)).toEqual([
      'index --full @sqlite',
      'index --full @duckdb',
      'symlist --limit 1 @sqlite',
      ...['index @sqlite', 'index @duckdb', 'index @duckdb', 'index @sqlite', 'index @sqlite', 'index @duckdb'],
      ...['sqlite', 'duckdb', 'duckdb', 'sqlite', 'sqlite', 'duckdb'].map((b) => `sym pkg.core.run_all @${b}`),
    ]);
    const [repo] = result.repositories;
    expect(repo!.targets).toEqual({
      symbol: 'pkg.core.run_all',
      symbolSource: 'symlist',
      ctxQuery: 'how does run_all work',
      partialFile: 'pkg/core.py',
      resolvedBy: 'sqlite',
    });
    const warm = repo!.measurements.find((m) => m.command === 'index-warm' && m.variant === 'duckdb');
    expect(warm).toMatchObject({
      state: 'completed',
      samplesMs: [120, 120],
      peakRssKb: [50_000, 50_000],
      warmups: 1,
      runs: 2,
    });
    expect(result.status).toBe('completed');
  });

  it('measures floor rows once per round as plain node processes, whatever the backends', async () => {
    const measurer = new FakeMeasurer();
    measurer.override = (call) =>
      call.bin.endsWith('parse-only.js')
        ? { stdout: '{"files":2}', wallMs: 900 }
        : call.bin === '-e'
          ? { wallMs: 60 }
          : undefined;
    const { result } = await run(measurer, { campaign: campaign(['floor-node', 'parse-only']) });
    const floors = measurer.calls.filter((c) => c.command === '');
    expect(floors.map((c) => c.bin)).toEqual([
      ...Array(3).fill('-e'), // one warm-up and two runs, one process each (not one per backend)
      ...Array(3).fill('/current/dist/bench/floor/parse-only.js'),
    ]);
    expect(result.repositories[0]!.measurements).toEqual([
      expect.objectContaining({ command: 'floor-node', variant: 'floor', backend: 'none', samplesMs: [60, 60] }),
      expect.objectContaining({ command: 'parse-only', variant: 'floor', state: 'completed', samplesMs: [900, 900] }),
    ]);
    measurer.override = (call) => (call.bin.endsWith('parse-only.js') ? { stdout: '{"files":0}' } : undefined);
    const empty = await run(measurer, { campaign: campaign(['parse-only']) });
    expect(empty.result.repositories[0]!.measurements[0]).toMatchObject({
      state: 'errored',
      error: expect.stringContaining('parse-only parsed no file'),
    });
  });

  it('runs the duckdb-open floor on the DuckDB index and parse-edited on the partial-change file', async () => {
    const measurer = new FakeMeasurer();
    measurer.override = (call) =>
      call.bin.endsWith('duckdb-open.cjs')
        ? { stdout: '{"rows":1}', wallMs: 90 }
        : call.bin.endsWith('parse-edited.cjs')
          ? { stdout: '{"bytes":30,"parseMs":1,"syntaxError":false}', wallMs: 70 }
          : undefined;
    const { result, work } = await run(measurer, {
      campaign: campaign(['duckdb-open', 'parse-edited']),
      keepWork: true,
    });
    const floors = measurer.calls.filter((c) => c.bin.includes('/floor/'));
    expect(floors.map((c) => c.argv.slice(1).join(' '))).toEqual([
      ...Array(3).fill(`/current/dist/bench/floor/duckdb-open.cjs ${join(work, 'tiny', 'out-duckdb', '.codira')}`),
      ...Array(3).fill(
        expect.stringMatching(
          new RegExp(
            `^/current/dist/bench/floor/parse-edited\\.cjs \\{"parser":"tree-sitter","package":"tree-sitter-python".*\\} ${join(work, 'tiny', 'tree', 'pkg', 'core.py')}$`,
          ),
        ),
      ),
    ]);
    expect(result.repositories[0]!.measurements).toEqual([
      expect.objectContaining({ command: 'duckdb-open', variant: 'floor', state: 'completed', samplesMs: [90, 90] }),
      expect.objectContaining({ command: 'parse-edited', variant: 'floor', state: 'completed', samplesMs: [70, 70] }),
    ]);
    rmSync(work, { recursive: true, force: true });
  });

  it('skips duckdb-open without a DuckDB index and parse-edited without a file to edit', async () => {
    const measurer = new FakeMeasurer();
    measurer.override = (call) =>
      call.command === 'index' && call.backend === 'duckdb' ? { exitCode: 1, stderr: 'boom' } : undefined;
    const broken = await run(measurer, { campaign: campaign(['duckdb-open']) });
    expect(broken.result.repositories[0]!.measurements[0]).toMatchObject({
      state: 'skipped',
      reason: expect.stringMatching(/^no duckdb index: first full index failed: exit 1: boom/),
    });
    const sqliteOnly = await run(new FakeMeasurer(), {
      campaign: { ...campaign(['duckdb-open']), backends: ['sqlite'] },
    });
    expect(sqliteOnly.result.repositories[0]!.measurements[0]).toMatchObject({
      state: 'skipped',
      reason: 'no duckdb variant of the current build in this run',
    });
    const noFile = new FakeMeasurer();
    noFile.override = (call) => (call.command === 'symlist' ? { stdout: '{"symbols":[]}' } : undefined);
    const edited = await run(noFile, { campaign: campaign(['parse-edited']) });
    expect(edited.result.repositories[0]!.measurements[0]).toMatchObject({
      state: 'skipped',
      reason: 'no file to edit',
    });
    const badCheck = new FakeMeasurer();
    badCheck.override = (call) => (call.bin.endsWith('duckdb-open.cjs') ? { stdout: '{"rows":0}' } : undefined);
    const empty = await run(badCheck, { campaign: campaign(['duckdb-open']) });
    expect(empty.result.repositories[0]!.measurements[0]).toMatchObject({
      state: 'errored',
      error: expect.stringContaining('duckdb-open read no inventory row'),
    });
  });

  it('keeps each variant in its own output directory on a scratch copy of the corpus', async () => {
    const measurer = new FakeMeasurer();
    const { work } = await run(measurer, { campaign: campaign(['symlist']) });
    const dirs = new Set(measurer.calls.map((c) => `${c.backend}:${c.outputDir}`));
    expect(dirs).toEqual(
      new Set([`sqlite:${join(work, 'tiny', 'out-sqlite')}`, `duckdb:${join(work, 'tiny', 'out-duckdb')}`]),
    );
    expect(new Set(measurer.calls.map((c) => c.path))).toEqual(new Set([join(work, 'tiny', 'tree')]));
    expect(existsSync(work)).toBe(false); // scratch removed without --keep-work
  });

  it('measures the baseline build on every backend, interleaved after the current build', async () => {
    const measurer = new FakeMeasurer();
    const { result } = await run(measurer, {
      campaign: campaign(['symlist']),
      baseline: { ref: 'HEAD~1', commit: 'abc', bin: '/baseline/bin/codira.js' },
      runs: 1,
      warmups: 0,
    });
    expect(measurer.calls.slice(-4).map((c) => `${c.command}@${c.backend}@${c.bin}`)).toEqual([
      'symlist@sqlite@/current/bin/codira.js',
      'symlist@duckdb@/current/bin/codira.js',
      'symlist@sqlite@/baseline/bin/codira.js',
      'symlist@duckdb@/baseline/bin/codira.js',
    ]);
    expect(result.variants.map((v) => v.id)).toEqual(['sqlite', 'duckdb', 'baseline-sqlite', 'baseline-duckdb']);
    expect(result.baseline).toEqual({ ref: 'HEAD~1', commit: 'abc' });
  });

  it('edits one file before every partial-change round and indexes a separate copy', async () => {
    const measurer = new FakeMeasurer();
    const { work } = await run(measurer, { campaign: campaign(['index-partial']), keepWork: true });
    const partial = measurer.calls.filter((c) => c.path.endsWith('partial-tree'));
    expect(partial.map((c) => `${c.args.join(' ')}@${c.backend}`)).toEqual([
      'index --full@sqlite',
      'index --full@duckdb',
      ...['index@sqlite', 'index@duckdb', 'index@duckdb', 'index@sqlite', 'index@sqlite', 'index@duckdb'],
    ]);
    expect(readFileSync(join(work, 'tiny', 'partial-tree', 'pkg', 'core.py'), 'utf8')).toBe(
      'def run_all():\n    return 1\n# codira-bench edit 1\n# codira-bench edit 2\n# codira-bench edit 3\n',
    );
    expect(readFileSync(join(work, 'tiny', 'tree', 'pkg', 'core.py'), 'utf8')).toBe('def run_all():\n    return 1\n');
  });

  it('with interleaveRepos, prepares every repository first, then alternates them round by round', async () => {
    const measurer = new FakeMeasurer();
    const other: ManifestRepository = { ...REPO, label: 'tiny2' };
    const { result, work } = await run(measurer, {
      campaign: { ...campaign(['index-partial', 'index-warm'], [REPO, other]), interleaveRepos: true },
      keepWork: true,
    });
    const where = (c: { path: string }): string => c.path.replace(/^.*\/(tiny2?)\/(partial-tree|tree)$/, '$1/$2');
    const measured = measurer.calls.filter((c) => c.args.join(' ') === 'index');
    // Rounds: tiny then tiny2, then tiny2 then tiny, …; each repository's variants rotate by its own round.
    expect(measured.map((c) => `${where(c)}@${c.backend}`)).toEqual([
      ...['tiny/partial-tree@sqlite', 'tiny/partial-tree@duckdb', 'tiny2/partial-tree@sqlite'],
      ...['tiny2/partial-tree@duckdb', 'tiny2/partial-tree@duckdb', 'tiny2/partial-tree@sqlite'],
      ...['tiny/partial-tree@duckdb', 'tiny/partial-tree@sqlite', 'tiny/partial-tree@sqlite'],
      ...['tiny/partial-tree@duckdb', 'tiny2/partial-tree@sqlite', 'tiny2/partial-tree@duckdb'],
      ...['tiny/tree@sqlite', 'tiny/tree@duckdb', 'tiny2/tree@sqlite', 'tiny2/tree@duckdb'],
      ...['tiny2/tree@duckdb', 'tiny2/tree@sqlite', 'tiny/tree@duckdb', 'tiny/tree@sqlite'],
      ...['tiny/tree@sqlite', 'tiny/tree@duckdb', 'tiny2/tree@sqlite', 'tiny2/tree@duckdb'],
    ]);
    // Every repository was indexed and targeted before the first measured run.
    const firstMeasured = measurer.calls.indexOf(measured[0]!);
    expect(measurer.calls.slice(firstMeasured).some((c) => c.args.includes('--full'))).toBe(false);
    for (const label of ['tiny', 'tiny2']) {
      expect(readFileSync(join(work, label, 'partial-tree', 'pkg', 'core.py'), 'utf8')).toBe(
        'def run_all():\n    return 1\n# codira-bench edit 1\n# codira-bench edit 2\n# codira-bench edit 3\n',
      );
    }
    expect(result.repositories.map((r) => r.label)).toEqual(['tiny', 'tiny2']);
    for (const repo of result.repositories) {
      for (const m of repo.measurements) {
        expect(m.state).toBe('completed');
        if (m.state === 'completed') expect(m.samplesMs).toHaveLength(2);
      }
    }
  });

  it('turns a warm index that is not a no-op into an error, and keeps measuring the other variant', async () => {
    const measurer = new FakeMeasurer();
    measurer.override = (call) =>
      call.backend === 'duckdb' && call.command === 'index' && !call.args.includes('--full')
        ? { stdout: JSON.stringify({ mode: 'full', indexed: 2 }) }
        : undefined;
    const { result } = await run(measurer, { campaign: campaign(['index-warm']) });
    const [sqlite, duckdb] = result.repositories[0]!.measurements;
    expect(sqlite).toMatchObject({ state: 'completed', samplesMs: [100, 100] });
    expect(duckdb).toMatchObject({
      state: 'errored',
      error: 'warm-up 1: index on an unchanged index was not a no-op (got mode full, 2 indexed)',
    });
    expect(measurer.calls.filter((c) => c.backend === 'duckdb' && c.command === 'index')).toHaveLength(2); // prime + 1
  });

  it('records failed processes, manifest skips and missing targets', async () => {
    const measurer = new FakeMeasurer();
    measurer.override = (call) => {
      if (call.command === 'symlist') return { stdout: JSON.stringify({ limit: 1, symbols: [] }) };
      if (call.command === 'audit' && call.backend === 'sqlite') return { exitCode: 2, stderr: 'codira: no index\n' };
      return undefined;
    };
    const repo: ManifestRepository = { ...REPO, skip: ['ctx'] };
    const { result } = await run(measurer, { campaign: campaign(['sym', 'ctx', 'audit', 'index-partial'], [repo]) });
    const states = result.repositories[0]!.measurements.map((m) => {
      const why = m.state === 'skipped' ? m.reason : m.state === 'errored' ? m.error : '';
      return `${m.command}@${m.variant}: ${m.state}${why ? ` (${why})` : ''}`;
    });
    expect(states).toEqual([
      'sym@sqlite: skipped (the index has no symbol to query)',
      'sym@duckdb: skipped (the index has no symbol to query)',
      'ctx@sqlite: skipped (skipped by the manifest)',
      'ctx@duckdb: skipped (skipped by the manifest)',
      'audit@sqlite: errored (warm-up 1: exit 2: codira: no index)',
      'audit@duckdb: completed',
      'index-partial@sqlite: skipped (no file to edit)',
      'index-partial@duckdb: skipped (no file to edit)',
    ]);
  });

  it('resolves run counts: command line, then manifest, then campaign overrides, then defaults', async () => {
    const measurer = new FakeMeasurer();
    const repo: ManifestRepository = { ...REPO, overrides: { symlist: { runs: 4 } } };
    const base = campaign(['symlist', 'audit', 'index-full'], [repo]);
    const withOverrides: Campaign = { ...base, overrides: { audit: { warmups: 0, runs: 3 }, symlist: { runs: 9 } } };
    const { result } = await run(measurer, { campaign: withOverrides });
    const counts = result.repositories[0]!.measurements.filter((m) => m.variant === 'sqlite').map((m) => [
      m.command,
      m.warmups,
      m.runs,
    ]);
    expect(counts).toEqual([
      ['symlist', 1, 4],
      ['audit', 0, 3],
      ['index-full', 1, 2],
    ]);
    const forced = await run(new FakeMeasurer(), { campaign: withOverrides, runs: 1, warmups: 0 });
    expect(forced.result.repositories[0]!.measurements.every((m) => m.runs === 1 && m.warmups === 0)).toBe(true);
  });

  it('exports the graph of the control index and scores it when the campaign measures accuracy', async () => {
    const measurer = new FakeMeasurer();
    measurer.override = (call) => (call.command === 'graph' ? { stdout: '{"nodes":[],"edges":[]}' } : undefined);
    const seen: string[] = [];
    const { result } = await run(measurer, {
      campaign: { ...campaign(['sym']), accuracy: true },
      accuracy: async (tree, graph) => {
        seen.push(`${tree.endsWith('/tiny/tree')} ${'json' in graph ? graph.json : graph.error}`);
        return [{ state: 'errored', language: 'python', oracle: 'fake', sample: 1, seed: 1, error: 'scored' }];
      },
    });
    expect(trace(measurer).filter((t) => t.startsWith('graph'))).toEqual(['graph @sqlite']);
    expect(seen).toEqual(['true {"nodes":[],"edges":[]}']);
    expect(result.repositories[0]!.accuracy).toEqual([
      { state: 'errored', language: 'python', oracle: 'fake', sample: 1, seed: 1, error: 'scored' },
    ]);
    const off = await run(new FakeMeasurer(), { campaign: campaign(['sym']), accuracy: async () => [] });
    expect(off.result.repositories[0]!.accuracy).toBeUndefined();
  });

  it('writes every artifact after each repository', async () => {
    const measurer = new FakeMeasurer();
    const second: ManifestRepository = { ...REPO, label: 'second' };
    let seenAfterFirst: RunResult | null = null;
    measurer.override = (call) => {
      if (call.path.includes('second') && seenAfterFirst === null) {
        const dir = join(call.path, '..', '..', '..', '..', 'benchmarks', '20250301-141502-test');
        seenAfterFirst = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunResult;
      }
      return undefined;
    };
    const { result, dir } = await run(measurer, { campaign: campaign(['symlist'], [REPO, second]) });
    expect(seenAfterFirst!.status).toBe('running');
    expect(seenAfterFirst!.repositories.map((r) => r.label)).toEqual(['tiny']);
    expect(result.repositories.map((r) => r.label)).toEqual(['tiny', 'second']);
    for (const name of ['run.json', 'samples.csv', 'summary.md', 'chart.svg'])
      expect(existsSync(join(dir, name))).toBe(true);
    expect((JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunResult).status).toBe('completed');
    expect(result.runId).toBe('20250301-141502-test');
  });

  it('rejects unknown --repos labels before measuring anything', async () => {
    const measurer = new FakeMeasurer();
    await expect(run(measurer, { campaign: campaign(['symlist']), repos: ['tiny', 'huge'] })).rejects.toThrow(
      new UsageError("--repos: unknown label 'huge' (manifest m has: tiny)"),
    );
    expect(measurer.calls).toEqual([]);
  });
});

describe('snapshotCorpus', () => {
  it('copies only git-tracked files of this repository', async () => {
    const dest = join(mkdtempSync(join(tmpdir(), 'codira-self-')), 'tree');
    const copied = await snapshotCorpus({ kind: 'self' }, PROJECT_ROOT, dest);
    expect(copied).toBeGreaterThan(10);
    expect(existsSync(join(dest, 'package.json'))).toBe(true);
    expect(existsSync(join(dest, 'src', 'core', 'contracts.ts'))).toBe(true);
    expect(existsSync(join(dest, 'node_modules'))).toBe(false);
    expect(existsSync(join(dest, 'dist'))).toBe(false);
    expect(existsSync(join(dest, '.artifacts', 'corpora'))).toBe(false);
  });
});

describe('confirm on alert', () => {
  const gateFile = (maxRatio: number): GateFile =>
    parseGateFile(
      {
        gates: [
          { id: 'q', kind: 'ratio', candidate: 'duckdb', control: 'sqlite', commands: ['sym', 'symlist'], maxRatio },
        ],
      },
      '/tmp/g.json',
    );

  it('re-measures only the cells that would fail, interleaved, and records both rounds', async () => {
    const measurer = new FakeMeasurer(); // sqlite 100 ms, duckdb 120 ms: ×1.2
    measurer.override = (call) =>
      call.command === 'symlist' && call.backend === 'duckdb' ? { wallMs: 100 } : undefined;
    const { result } = await run(measurer, {
      campaign: campaign(['sym', 'symlist']),
      confirm: { gates: gateFile(1.1), runs: 6, maxRuns: 6, maxCells: 10 },
    });
    // sym is over budget (×1.2 > ×1.1) and is confirmed; symlist (×1.0) is not.
    expect(trace(measurer).slice(-12)).toEqual(
      Array(3)
        .fill(['sqlite', 'duckdb', 'duckdb', 'sqlite'])
        .flat()
        .map((b) => `sym pkg.core.run_all @${b}`),
    );
    const sym = result.repositories[0]!.measurements.filter((m) => m.command === 'sym');
    for (const m of sym) {
      expect(m.state === 'completed' && m.confirm).toMatchObject({
        state: 'completed',
        runs: 6,
        reason: 'q tiny sym: over budget (first round ×1.200 vs budget ×1.100)',
      });
    }
    const symlist = result.repositories[0]!.measurements.filter((m) => m.command === 'symlist');
    expect(symlist.every((m) => m.state === 'completed' && m.confirm === undefined)).toBe(true);
    // The gate check decides on the confirmation round (6 pairs, all over budget: p = 2^-6, × 2 cells by Holm).
    const finding = checkGates(result, gateFile(1.1)).findings.find((f) => f.command === 'sym')!;
    expect(finding).toMatchObject({ round: 'confirm', verdict: 'fail', rule: 'holm' });
    expect(finding.firstRound).toMatchObject({ trigger: 'over budget' });
    expect(finding.note).toContain('first round ×1.200 (over budget');
  });

  it('confirms a cell whose first round is within budget but not clearly, and fails it on the confirmation', async () => {
    // A slowed cell whose short first round came out fast by noise: duckdb symlist pairs ×1.0 and ×1.15 (mean ×1.075,
    // within ×1.1, but a quarter of the resamples repeat the ×1.15 pair and half mix both), then ×1.3 on every
    // confirmation run. sym is ×1.0 on every pair: clearly within budget, never re-measured.
    const measurer = new FakeMeasurer();
    const duckdbSymlist = [100, 100, 115];
    let call = 0;
    measurer.override = (c) =>
      c.backend !== 'duckdb'
        ? undefined
        : c.command === 'sym'
          ? { wallMs: 100 }
          : c.command === 'symlist'
            ? { wallMs: duckdbSymlist[call++] ?? 130 }
            : undefined;
    const { result } = await run(measurer, {
      campaign: campaign(['sym', 'symlist']),
      confirm: { gates: gateFile(1.1), runs: 8, maxRuns: 8, maxCells: 10 },
    });
    const symlist = result.repositories[0]!.measurements.find((m) => m.command === 'symlist' && m.variant === 'duckdb');
    expect(symlist?.state === 'completed' && symlist.confirm).toMatchObject({
      state: 'completed',
      runs: 8,
      reason: expect.stringMatching(
        /^q tiny symlist: not clearly within budget \(first round ×1\.075 vs budget ×1\.100, [\d.]+ % of resamples within\)$/,
      ),
    });
    const sym = result.repositories[0]!.measurements.filter((m) => m.command === 'sym');
    expect(sym.every((m) => m.state === 'completed' && m.confirm === undefined)).toBe(true);
    const findings = checkGates(result, gateFile(1.1)).findings;
    const failed = findings.find((f) => f.command === 'symlist')!;
    expect(failed).toMatchObject({ round: 'confirm', verdict: 'fail', rule: 'holm', ratio: 1.3 });
    expect(failed.firstRound?.trigger).toBe('not clearly within budget');
    expect(failed.firstRound?.withinShare).toBeGreaterThan(0.5);
    expect(failed.firstRound?.withinShare).toBeLessThan(CLEARLY_WITHIN_SHARE);
    expect(findings.find((f) => f.command === 'sym')).toMatchObject({ round: 'first', verdict: 'pass' });
  });

  it('lets a cell confirmed for not being clearly within budget pass when its confirmation is within', async () => {
    // The same noisy first round, then ×1.0: the confirmation decides, and the cell passes with one batch only.
    const measurer = new FakeMeasurer();
    const duckdbSymlist = [100, 100, 115];
    let call = 0;
    measurer.override = (c) =>
      c.backend === 'duckdb' && c.command === 'symlist' ? { wallMs: duckdbSymlist[call++] ?? 100 } : undefined;
    const { result } = await run(measurer, {
      campaign: campaign(['symlist']),
      confirm: { gates: gateFile(1.1), runs: 6, maxRuns: 12, maxCells: 10 },
    });
    const symlist = result.repositories[0]!.measurements.find((m) => m.command === 'symlist' && m.variant === 'duckdb');
    expect(symlist?.state === 'completed' && symlist.confirm).toMatchObject({ state: 'completed', runs: 6 });
    const finding = checkGates(result, gateFile(1.1)).findings.find((f) => f.command === 'symlist')!;
    expect(finding).toMatchObject({ round: 'confirm', verdict: 'pass', rule: 'budget', ratio: 1 });
    expect(finding.firstRound?.trigger).toBe('not clearly within budget');
  });

  it('gives a cell another batch only while its verdict is open, up to the maximum', async () => {
    // sym: duckdb ×1.2 on every run — p = 2^-6 ≤ α/2 after the first batch of 6, so it gets one batch only.
    // symlist: duckdb alternates ×1.0 and ×1.5 (mean ×1.25 > ×1.1, but half the pairs are within budget): with 6
    // pairs the bootstrap p is about 7/64, above α/2 of this two-cell check, so it gets a second batch (the maximum).
    const measurer = new FakeMeasurer();
    let duckdbSymlist = 0;
    measurer.override = (call) =>
      call.command === 'symlist' && call.backend === 'duckdb'
        ? { wallMs: duckdbSymlist++ % 2 === 0 ? 100 : 150 }
        : undefined;
    const { result } = await run(measurer, {
      campaign: campaign(['sym', 'symlist']),
      confirm: { gates: gateFile(1.1), runs: 6, maxRuns: 12, maxCells: 10 },
    });
    const confirmRuns = (command: string): number[] =>
      result.repositories[0]!.measurements.filter((m) => m.command === command).map((m) =>
        m.state === 'completed' && m.confirm?.state === 'completed' ? m.confirm.samplesMs.length : 0,
      );
    expect(confirmRuns('sym')).toEqual([6, 6]);
    expect(confirmRuns('symlist')).toEqual([12, 12]);
    const symlist = result.repositories[0]!.measurements.find((m) => m.command === 'symlist' && m.variant === 'duckdb');
    expect(symlist?.state === 'completed' && symlist.confirm).toMatchObject({ state: 'completed', runs: 12 });
  });

  it('stops confirming at the cap and measures nothing more when every cell is within budget', async () => {
    const capped = new FakeMeasurer();
    const before = (await run(new FakeMeasurer(), { campaign: campaign(['sym', 'symlist']) })).result;
    await run(capped, {
      campaign: campaign(['sym', 'symlist']),
      confirm: { gates: gateFile(1.1), runs: 3, maxRuns: 3, maxCells: 1 },
    });
    expect(capped.calls.length).toBe(countCalls(before) + 2 * 3); // only the first over-budget cell
    const lenient = new FakeMeasurer();
    await run(lenient, {
      campaign: campaign(['sym', 'symlist']),
      confirm: { gates: gateFile(2), runs: 3, maxRuns: 6, maxCells: 9 },
    });
    expect(lenient.calls.length).toBe(countCalls(before));
  });
});

function countCalls(result: RunResult): number {
  // primes (2) + symlist target (1) + every sample and warm-up of the first round
  return 3 + result.repositories[0]!.measurements.reduce((n, m) => n + m.warmups + m.runs, 0);
}

describe('snapshotBuild', () => {
  it('freezes a runnable copy of the built CLI inside the checkout', async () => {
    const dest = join(PROJECT_ROOT, '.artifacts', 'bench-work', `test-build-${process.pid}`);
    try {
      const bin = await snapshotBuild(PROJECT_ROOT, dest);
      expect(bin).toBe(join(dest, 'bin', 'codira.js'));
      const help = spawnSync(process.execPath, [bin, 'gate', '--help'], { encoding: 'utf8' });
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('codira gate check');
    } finally {
      rmSync(dest, { recursive: true, force: true });
    }
  });
});
