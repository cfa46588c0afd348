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
import type { Measurement } from '../../src/bench/result.js';
import { measureServerCommands, type ServerVariant } from '../../src/bench/server-measure.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'codira.js');

describe('measureServerCommands', () => {
  let repo: FixtureRepo;
  let work: string;
  beforeAll(() => {
    repo = createFixtureRepo();
    work = mkdtempSync(join(tmpdir(), 'codira-server-bench-'));
    const run = spawnSync(process.execPath, [
      BIN,
      'index',
      '--path',
      repo.root,
      '--output-dir',
      join(work, 'out-memory'),
      '--backend',
      'memory',
    ]);
    expect(run.status).toBe(0);
  });
  afterAll(() => {
    repo?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('measures every server command per request and explains what it did not measure', async () => {
    const variants: ServerVariant[] = [
      { id: 'memory', backend: 'memory', build: 'current', bin: BIN },
      { id: 'unstartable', backend: 'memory', build: 'current', bin: join(work, 'missing.js') },
      { id: 'broken', backend: 'memory', build: 'current', bin: BIN },
      { id: 'baseline-memory', backend: 'memory', build: 'baseline', bin: BIN },
    ];
    const lines: string[] = [];
    const measurements = await measureServerCommands({
      label: 'fixture',
      tree: repo.root,
      outputDir: (v) => join(work, `out-${v.backend}`),
      work,
      variants,
      broken: new Map([['broken', 'first full index failed']]),
      commands: SERVER_COMMAND_NAMES,
      targets: {
        symbol: 'apply_discount',
        symbolSource: 'manifest',
        ctxQuery: 'apply a discount',
        partialFile: 'shop/pricing.py',
        resolvedBy: 'memory',
      },
      counts: (command) => ({ warmups: 1, runs: command === 'mcp-start' || command === 'mcp-watch' ? 2 : 5 }),
      node: process.execPath,
      log: (line) => lines.push(line),
    });
    const by = (command: string, variant: string): Measurement =>
      measurements.find((m) => m.command === command && m.variant === variant)!;
    expect(measurements).toHaveLength(SERVER_COMMAND_NAMES.length * variants.length);
    for (const command of SERVER_COMMAND_NAMES) {
      const m = by(command, 'memory');
      expect(m.state, `${command}: ${JSON.stringify(m)}`).toBe('completed');
      if (m.state !== 'completed') continue;
      expect(m.samplesMs).toHaveLength(command === 'mcp-start' || command === 'mcp-watch' ? 2 : 5);
      expect(m.samplesMs.every((ms) => ms > 0)).toBe(true);
      expect(m.percentiles!.p50).toBeLessThanOrEqual(m.percentiles!.p99);
      expect(by(command, 'baseline-memory')).toMatchObject({
        state: 'skipped',
        reason: expect.stringMatching(/current build only/),
      });
      expect(by(command, 'broken')).toMatchObject({ state: 'skipped', reason: 'first full index failed' });
      expect(by(command, 'unstartable').state).toBe('errored');
    }
    expect(lines).toContain('fixture: mcp-sym 1 warm-up + 5 samples per variant');
  });

  it('skips symbol commands when the index has no symbol to query', async () => {
    const measurements = await measureServerCommands({
      label: 'fixture',
      tree: repo.root,
      outputDir: (v) => join(work, `out-${v.backend}`),
      work,
      variants: [{ id: 'memory', backend: 'memory', build: 'current', bin: BIN }],
      broken: new Map(),
      commands: ['mcp-sym', 'mcp-start', 'mcp-watch'],
      targets: { symbol: null, symbolSource: 'none', ctxQuery: 'x', partialFile: null, resolvedBy: 'none' },
      counts: () => ({ warmups: 0, runs: 1 }),
      node: process.execPath,
      log: () => undefined,
    });
    expect(measurements.map((m) => [m.command, m.state === 'skipped' ? m.reason : m.state])).toEqual([
      ['mcp-sym', 'the index has no symbol to query'],
      ['mcp-start', 'the index has no symbol to query'],
      ['mcp-watch', 'no file to edit'],
    ]);
  });
});
