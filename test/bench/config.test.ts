import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCampaign, parseCampaign } from '../../src/bench/campaign.js';
import { BenchConfigError } from '../../src/bench/config-reader.js';
import { loadGateFile, parseGateFile } from '../../src/bench/gate-file.js';
import { loadManifest, parseManifest } from '../../src/bench/manifest.js';

const BACKENDS = ['sqlite', 'duckdb', 'memory'];
const FILE = '/tmp/bench-config/x.json';

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BenchConfigError);
    expect((error as BenchConfigError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a BenchConfigError');
}

const repo = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  label: 'rxjs',
  size: 'medium',
  source: { kind: 'npm', package: 'rxjs', version: '7.8.2', subdir: 'src' },
  ...extra,
});

describe('shipped harness files', () => {
  it('load: short, broad and huge manifests, campaigns and gates', () => {
    const short = loadCampaign('short', BACKENDS);
    expect(short.backends).toEqual(['sqlite', 'duckdb']);
    expect(short.manifest.repositories.map((r) => r.label)).toEqual([
      'self',
      'requests',
      'networkx',
      'rxjs',
      'query-core',
    ]);
    expect(short.accuracy).toBe(true);
    expect(short.overrides['index-full']).toEqual({ warmups: 0, runs: 3 });
    const broad = loadManifest('broad');
    expect(broad.repositories.map((r) => `${r.label}:${r.size}`)).toEqual([
      'self:small',
      'requests:small',
      'networkx:medium',
      'rxjs:medium',
      'query-core:small',
      'django:large',
      'sympy:large',
      'sympy-x4:large',
      'apfs:medium',
      'nlohmann-json:medium',
      'cobra:small',
      'serde-json:small',
      'bash-completion:medium',
      'ajv:medium',
      'mobx:small',
      'redux-toolkit:small',
      'zod:medium',
      'tiptap-core:medium',
      'ajv-schemas:small',
      'npm-docs:medium',
      'cordova-android:small',
    ]);
    expect(broad.repositories[5]!.source).toEqual({
      kind: 'debian',
      package: 'python3-django',
      version: '3:3.2.25-0+deb12u7',
    });
    expect(loadManifest('huge').repositories[0]!.source).toEqual({
      kind: 'debian',
      package: 'linux-source-6.1',
      version: '6.1.192-3',
      archive: 'usr/src/linux-source-6.1.tar.xz',
      exclude: ['linux-source-6.1/.gitignore'],
      subdir: 'linux-source-6.1',
    });
    // Broad measures accuracy (no CI time); its untuned-corpora gate names corpora the manifest holds.
    expect(loadCampaign('broad', BACKENDS).accuracy).toBe(true);
    // The server targets are set on the large corpora: broad measures the server rows on SymPy, not on its 4× copy.
    expect(loadCampaign('broad', BACKENDS).commands).toEqual(expect.arrayContaining(['mcp-sym', 'mcp-watch']));
    const sympy = broad.repositories.find((r) => r.label === 'sympy')!;
    expect(sympy.skip).not.toContain('mcp-watch');
    const sympyX4 = broad.repositories.find((r) => r.label === 'sympy-x4')!;
    expect(sympyX4.skip).toContain('mcp-watch');
    // The size-independence gate compares the 4× copy's one-file edit with SymPy's: the same file must be edited (left
    // to `symlist`, the two picked different files and the gate compared unlike edits).
    expect(sympy.partialFile).toBeTruthy();
    expect(sympyX4.partialFile).toBe(`copy-1/${sympy.partialFile}`);
    const untuned = loadGateFile('broad').gates.find((g) => g.id === 'typescript-call-graph-untuned');
    expect(untuned).toMatchObject({
      kind: 'accuracy',
      language: 'typescript',
      repos: ['ajv', 'mobx', 'redux-toolkit'],
    });
    const heldOut = loadGateFile('broad').gates.find((g) => g.id === 'typescript-call-graph-held-out');
    expect(heldOut).toMatchObject({ kind: 'accuracy', language: 'typescript', repos: ['zod', 'tiptap-core'] });
    expect(broad.repositories.find((r) => r.label === 'tiptap-core')!.source).toEqual({
      kind: 'npm',
      package: '@tiptap/core',
      version: '3.35.0',
      subdir: 'src',
    });
    expect(broad.repositories.find((r) => r.label === 'redux-toolkit')!.source).toEqual({
      kind: 'npm',
      package: '@reduxjs/toolkit',
      version: '2.14.0',
      subdir: 'src',
    });
    expect(broad.repositories.find((r) => r.label === 'mobx')!.source).toEqual({
      kind: 'npm',
      package: 'mobx',
      version: '6.13.5',
      subdir: 'src',
    });
    expect(loadGateFile('short').gates.map((g) => `${g.id}:${g.kind}`)).toEqual([
      'duckdb-full-index:ratio',
      'duckdb-queries:ratio',
      'duckdb-partial-index:ratio',
      'duckdb-size:size',
      'typescript-call-graph:accuracy',
      'typescript-call-graph-self:accuracy',
      'python-call-graph:accuracy',
      'regression:regression',
    ]);
  });
});

describe('manifest validation', () => {
  it('accepts every source kind and fills defaults', () => {
    const manifest = parseManifest(
      {
        repositories: [
          { label: 'self', size: 'small', source: { kind: 'self' } },
          repo({ ctx: 'q', skip: ['audit'], overrides: { 'index-full': { runs: 2 } } }),
          {
            label: 'req',
            size: 'small',
            source: { kind: 'debian', package: 'python3-requests', version: '2.28.1+dfsg-1' },
          },
        ],
      },
      FILE,
    );
    expect(manifest.name).toBe('x');
    expect(manifest.repositories[0]).toMatchObject({ label: 'self', skip: [], overrides: {} });
    expect(manifest.repositories[1]).toMatchObject({
      ctx: 'q',
      skip: ['audit'],
      overrides: { 'index-full': { runs: 2 } },
    });
  });

  it('names the field and the problem for bad files', () => {
    expect(problem(() => parseManifest({ repos: [] }, FILE))).toBe(
      "/tmp/bench-config/x.json: top level: unknown field 'repos' (allowed: description, repositories)",
    );
    expect(problem(() => parseManifest({ repositories: [repo({ lable: 'x' })] }, FILE))).toBe(
      "/tmp/bench-config/x.json: repositories[0]: unknown field 'lable' (allowed: label, size, source, ctx, symbol, partialFile, copies, skip, overrides)",
    );
    expect(problem(() => parseManifest({ repositories: [{ label: 'x', size: 'small' }] }, FILE))).toBe(
      "/tmp/bench-config/x.json: repositories[0]: missing field 'source'",
    );
    expect(
      problem(() => parseManifest({ repositories: [repo({ source: { kind: 'npm', version: '1.0.0' } })] }, FILE)),
    ).toBe("/tmp/bench-config/x.json: repositories[0].source: missing field 'package'");
    expect(
      problem(() => parseManifest({ repositories: [repo({ source: { kind: 'pypi', package: 'x' } })] }, FILE)),
    ).toBe("/tmp/bench-config/x.json: repositories[0].source.kind must be one of self, npm, debian, got 'pypi'");
    expect(problem(() => parseManifest({ repositories: [repo({ size: 3 })] }, FILE))).toBe(
      '/tmp/bench-config/x.json: repositories[0].size must be a string, got number',
    );
    expect(problem(() => parseManifest({ repositories: [repo({ skip: ['index'] })] }, FILE))).toBe(
      "/tmp/bench-config/x.json: repositories[0].skip[0]: unknown command 'index' (known: index-full, index-warm, index-partial, ctx, sym, calls, refs, symlist, audit, floor-node, parse-only, duckdb-open, parse-edited, mcp-floor, mcp-start, mcp-sym, mcp-calls, mcp-refs, mcp-ctx, mcp-symlist, mcp-audit, mcp-watch)",
    );
    expect(problem(() => parseManifest({ repositories: [repo(), repo()] }, FILE))).toBe(
      "/tmp/bench-config/x.json: repositories[1].label 'rxjs' is used twice",
    );
    expect(
      problem(() => parseManifest({ repositories: [repo({ source: { kind: 'self', package: 'x' } })] }, FILE)),
    ).toBe("/tmp/bench-config/x.json: repositories[0].source: unknown field 'package' (allowed: kind)");
  });

  it('reports unreadable JSON without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codira-manifest-'));
    writeFileSync(join(dir, 'bad.json'), '{ "repositories": [ }');
    expect(problem(() => loadManifest(join(dir, 'bad.json')))).toMatch(/bad\.json: not valid JSON: /);
  });
});

describe('campaign validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codira-campaign-'));
  writeFileSync(join(dir, 'm.json'), JSON.stringify({ repositories: [repo()] }));
  const campaign = (extra: Record<string, unknown>): Record<string, unknown> => ({
    manifest: './m.json',
    backends: ['sqlite', 'duckdb'],
    commands: ['index-full', 'sym'],
    ...extra,
  });
  const file = join(dir, 'c.json');

  it('loads the manifest relative to the campaign file and applies defaults', () => {
    const parsed = parseCampaign(campaign({}), file, BACKENDS);
    expect(parsed.manifest.repositories[0]!.label).toBe('rxjs');
    expect([parsed.warmups, parsed.runs, parsed.micro, parsed.accuracy]).toEqual([1, 5, false, false]);
    expect(parseCampaign(campaign({ accuracy: true }), file, BACKENDS).accuracy).toBe(true);
    expect(parsed.interleaveRepos).toBeUndefined();
    expect(parseCampaign(campaign({ interleaveRepos: true }), file, BACKENDS).interleaveRepos).toBe(true);
    expect(problem(() => parseCampaign(campaign({ interleaveRepos: 1 }), file, BACKENDS))).toBe(
      `${file}: interleaveRepos must be true or false`,
    );
  });

  it('rejects unknown commands, backends, fields and wrong types', () => {
    expect(problem(() => parseCampaign(campaign({ commands: ['index-full', 'grep'] }), file, BACKENDS))).toBe(
      `${file}: commands[1]: unknown command 'grep' (known: index-full, index-warm, index-partial, ctx, sym, calls, refs, symlist, audit, floor-node, parse-only, duckdb-open, parse-edited, mcp-floor, mcp-start, mcp-sym, mcp-calls, mcp-refs, mcp-ctx, mcp-symlist, mcp-audit, mcp-watch)`,
    );
    expect(problem(() => parseCampaign(campaign({ backends: ['sqlite', 'postgres'] }), file, BACKENDS))).toBe(
      `${file}: backends[1]: unknown backend 'postgres' (known: sqlite, duckdb, memory)`,
    );
    expect(problem(() => parseCampaign(campaign({ run: 3 }), file, BACKENDS))).toBe(
      `${file}: top level: unknown field 'run' (allowed: description, manifest, backends, commands, warmups, runs, overrides, micro, accuracy, interleaveRepos)`,
    );
    expect(problem(() => parseCampaign(campaign({ accuracy: 'yes' }), file, BACKENDS))).toBe(
      `${file}: accuracy must be true or false`,
    );
    expect(problem(() => parseCampaign(campaign({ runs: 0 }), file, BACKENDS))).toBe(
      `${file}: runs must be an integer ≥ 1, got 0`,
    );
    expect(problem(() => parseCampaign(campaign({ overrides: { ctx: { runs: 'many' } } }), file, BACKENDS))).toBe(
      `${file}: overrides.ctx.runs must be an integer ≥ 1, got "many"`,
    );
    expect(problem(() => parseCampaign(campaign({ manifest: './none.json' }), file, BACKENDS))).toBe(
      `${file}: manifest: manifest file ${join(dir, 'none.json')} does not exist`,
    );
  });
});

describe('gate file validation', () => {
  const ratio = { id: 'r', kind: 'ratio', candidate: 'duckdb', control: 'sqlite', commands: ['ctx'], maxRatio: 1.1 };

  it('fills defaults', () => {
    const parsed = parseGateFile({ gates: [ratio] }, FILE);
    expect(parsed.gates[0]).toMatchObject({ severity: 'error', slackMs: 0, statistic: 'mean', clock: 'wall' });
  });

  it('reads the clock a time gate judges, one line for a bad value', () => {
    expect(parseGateFile({ gates: [{ ...ratio, clock: 'cpu' }] }, FILE).gates[0]).toMatchObject({ clock: 'cpu' });
    const floor = { id: 'f', kind: 'floor', floor: 'floor-node', commands: ['sym'], maxRatio: 1.5, clock: 'cpu' };
    expect(parseGateFile({ gates: [floor] }, FILE).gates[0]).toMatchObject({ kind: 'floor', clock: 'cpu' });
    expect(problem(() => parseGateFile({ gates: [{ ...ratio, clock: 'user' }] }, FILE))).toBe(
      "/tmp/bench-config/x.json: gates[0].clock must be one of wall, cpu, got 'user'",
    );
    expect(problem(() => parseGateFile({ gates: [{ ...ratio, clock: 1 }] }, FILE))).toMatch(
      /^\/tmp\/bench-config\/x\.json: gates\[0\]\.clock must be a (non-empty )?string/,
    );
    // Not a field of the kinds that judge no time.
    const size = { id: 's', kind: 'size', candidate: 'duckdb', control: 'sqlite', maxRatio: 2, clock: 'cpu' };
    expect(problem(() => parseGateFile({ gates: [size] }, FILE))).toMatch(/gates\[0\]: unknown field 'clock'/);
  });

  it('rejects bad rules with the field path', () => {
    expect(problem(() => parseGateFile({ gates: [{ ...ratio, kind: 'speed' }] }, FILE))).toBe(
      "/tmp/bench-config/x.json: gates[0].kind must be one of ratio, size, regression, accuracy, latency, floor, scaling, memory, got 'speed'",
    );
    expect(problem(() => parseGateFile({ gates: [{ ...ratio, maxRatio: -1 }] }, FILE))).toBe(
      '/tmp/bench-config/x.json: gates[0].maxRatio must be a number > 0, got -1',
    );
    expect(problem(() => parseGateFile({ gates: [{ ...ratio, stretchRatio: 1.5 }] }, FILE))).toBe(
      "/tmp/bench-config/x.json: gates[0]: unknown field 'stretchRatio' (allowed: id, kind, description, severity, repos, candidate, control, commands, maxRatio, slackMs, statistic, significance, clock, candidateFloor, referenceFloor)",
    );
    expect(problem(() => parseGateFile({ gates: [{ ...ratio, commands: ['index-cold'] }] }, FILE))).toBe(
      "/tmp/bench-config/x.json: gates[0].commands[0]: unknown command 'index-cold' (known: index-full, index-warm, index-partial, ctx, sym, calls, refs, symlist, audit, floor-node, parse-only, duckdb-open, parse-edited, mcp-floor, mcp-start, mcp-sym, mcp-calls, mcp-refs, mcp-ctx, mcp-symlist, mcp-audit, mcp-watch)",
    );
    expect(problem(() => parseGateFile({ gates: [] }, FILE))).toBe('/tmp/bench-config/x.json: gates must not be empty');
    expect(problem(() => parseGateFile({ gates: [ratio, ratio] }, FILE))).toBe(
      "/tmp/bench-config/x.json: gates[1].id 'r' is used twice",
    );
  });
});
