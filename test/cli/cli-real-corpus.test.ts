/**
 * The real CLI (compiled `bin/codira.js`, as users run it) on a real Debian Python package with the memory backend:
 * concrete, known definitions and edges of networkx 2.8.8, JSON output, exit codes and error messages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, materializeCorpus } from '../../src/bench/corpus.js';

const BIN = join(PROJECT_ROOT, 'bin', 'codira.js');

describe('codira CLI on networkx (memory backend)', () => {
  let root: string;
  let out: string;
  const codira = (...args: string[]): string =>
    execFileSync('node', [BIN, ...args, '--path', root, '--output-dir', out, '--backend', 'memory'], {
      encoding: 'utf8',
    });

  beforeAll(async () => {
    root = await materializeCorpus({ kind: 'debian', package: 'python3-networkx', version: '2.8.8-1' });
    out = mkdtempSync(join(tmpdir(), 'codira-cli-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('indexes, then answers sym, symlist and calls with known networkx facts', () => {
    const report = JSON.parse(codira('index', '--json')) as { mode: string; indexed: number; failed: unknown[] };
    expect([report.mode, report.indexed, report.failed]).toEqual(['full', 563, []]);

    const sym = JSON.parse(codira('sym', 'shortest_path', '--json')) as { symbols: Record<string, unknown>[] };
    expect(sym.symbols.map((s) => [s['qualifiedName'], s['path'], s['startLine'], s['kind']])).toEqual([
      [
        'networkx.algorithms.shortest_paths.generic.shortest_path',
        'networkx/algorithms/shortest_paths/generic.py',
        39,
        'function',
      ],
      ['networkx.algorithms.threshold.shortest_path', 'networkx/algorithms/threshold.py', 563, 'function'],
    ]);

    const symlist = JSON.parse(codira('symlist', '--limit', '2', '--json')) as { symbols: Record<string, unknown>[] };
    expect(symlist.symbols.map((s) => [s['qualifiedName'], s['fanIn']])).toEqual([
      ['networkx.utils.misc.edges_equal', 212],
      ['networkx.utils.misc.nodes_equal', 119],
    ]);

    const calls = JSON.parse(codira('calls', 'dijkstra_path', '--json')) as { edges: Record<string, unknown>[] };
    expect(calls.edges).toEqual([
      {
        from: 'networkx.algorithms.shortest_paths.weighted.dijkstra_path',
        to: 'networkx.algorithms.shortest_paths.weighted.single_source_dijkstra',
        resolved: true,
        path: 'networkx/algorithms/shortest_paths/weighted.py',
        line: 158,
      },
    ]);

    const warm = JSON.parse(codira('index', '--json')) as { mode: string; reused: number };
    expect([warm.mode, warm.reused]).toEqual(['noop', 563]);
  });

  it('reports bad input as one line on stderr with exit code 2, never a stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['sym', 'x', '--backend', 'nope'], /^codira: unknown backend 'nope'; choose one of: sqlite, duckdb, memory\n$/],
      [['sym', 'x', '--path', join(out, 'missing')], /^codira: --path .*missing is not a directory\n$/],
      [['symlist', '--path', out, '--output-dir', join(out, 'none')], /^codira: no index at .*; run `codira index`\n$/],
      [
        ['symlist', '--limit', '-3', '--path', root, '--output-dir', out],
        /^codira: --limit must be a non-negative integer/,
      ],
      [['nonsense'], /^codira: Unknown argument: nonsense/],
    ];
    for (const [args, message] of cases) {
      const result = spawnSync('node', [BIN, ...args], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
