/**
 * The real CLI (compiled `bin/codira.js`, as users run it) on a real Debian Python package, on every backend:
 * concrete, known definitions, edges and references of networkx 2.8.8 through every query command and option, JSON
 * output, exit codes and error messages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, materializeCorpus } from '../../src/bench/corpus.js';
import { TEST_BACKENDS } from '../support/backends.js';

const BIN = join(PROJECT_ROOT, 'bin', 'codira.js');
const FILES = 563;
const WEIGHTED = 'networkx.algorithms.shortest_paths.weighted';

for (const backend of TEST_BACKENDS) {
  describe(`codira CLI on networkx (${backend})`, () => {
    let root: string;
    let out: string;
    const codira = (...args: string[]): string =>
      execFileSync('node', [BIN, ...args, '--path', root, '--output-dir', out, '--backend', backend], {
        encoding: 'utf8',
      });
    const json = <T>(...args: string[]): T => JSON.parse(codira(...args, '--json')) as T;

    beforeAll(async () => {
      root = await materializeCorpus({ kind: 'debian', package: 'python3-networkx', version: '2.8.8-1' });
      out = mkdtempSync(join(tmpdir(), 'codira-cli-'));
    });
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('indexes with --workers and --explain, then answers sym, symlist and calls with known networkx facts', () => {
      const report = json<{ mode: string; reason: string; indexed: number; failed: unknown[]; paths: unknown }>(
        'index',
        '--workers',
        '2',
        '--explain',
      );
      expect([report.mode, report.reason, report.indexed, report.failed]).toEqual([
        'full',
        'no usable index',
        FILES,
        [],
      ]);
      const paths = report.paths as { changed: string[]; deleted: string[]; reused: string[] };
      expect([paths.changed.length, paths.deleted, paths.reused]).toEqual([FILES, [], []]);
      expect(paths.changed).toContain('networkx/algorithms/shortest_paths/weighted.py');

      const sym = json<{ symbols: Record<string, unknown>[] }>('sym', 'shortest_path');
      expect(sym.symbols.map((s) => [s['qualifiedName'], s['path'], s['startLine'], s['kind']])).toEqual([
        [
          'networkx.algorithms.shortest_paths.generic.shortest_path',
          'networkx/algorithms/shortest_paths/generic.py',
          39,
          'function',
        ],
        ['networkx.algorithms.threshold.shortest_path', 'networkx/algorithms/threshold.py', 563, 'function'],
      ]);

      const symlist = json<{ symbols: Record<string, unknown>[] }>('symlist', '--limit', '2');
      expect(symlist.symbols.map((s) => [s['qualifiedName'], s['fanIn']])).toEqual([
        // `nx.Graph()` / `nx.DiGraph()` resolve through the package re-export (issue 10): the graph classes lead.
        ['networkx.classes.graph.Graph', 818],
        ['networkx.classes.digraph.DiGraph', 621],
      ]);

      const calls = json<{ edges: Record<string, unknown>[] }>('calls', 'dijkstra_path');
      expect(calls.edges).toEqual([
        {
          from: `${WEIGHTED}.dijkstra_path`,
          to: `${WEIGHTED}.single_source_dijkstra`,
          resolved: true,
          path: 'networkx/algorithms/shortest_paths/weighted.py',
          line: 158,
        },
      ]);

      const warm = json<{ mode: string; reused: number }>('index');
      expect([warm.mode, warm.reused]).toEqual(['noop', FILES]);
      expect(codira('index', '--explain').split('\n').slice(1)).toEqual([
        'reason: index is up to date',
        `  reused  ${FILES} files`,
        '',
      ]);
    });

    it('follows calls transitively with --tree, prints --dot and filters with --module', () => {
      const tree = json<{ depth: number; trees: unknown[] }>('calls', 'dijkstra_path', '--tree', '--depth', '2');
      expect(tree.depth).toBe(2);
      expect(tree.trees).toEqual([
        {
          symbol: `${WEIGHTED}.dijkstra_path`,
          path: 'networkx/algorithms/shortest_paths/weighted.py',
          line: 81,
          resolved: true,
          cycle: false,
          children: [
            {
              symbol: `${WEIGHTED}.single_source_dijkstra`,
              path: 'networkx/algorithms/shortest_paths/weighted.py',
              line: 158,
              resolved: true,
              children: [
                {
                  symbol: `${WEIGHTED}.multi_source_dijkstra`,
                  path: 'networkx/algorithms/shortest_paths/weighted.py',
                  line: 472,
                  resolved: true,
                  children: [],
                  cycle: false,
                },
              ],
              cycle: false,
            },
          ],
        },
      ]);
      expect(codira('calls', 'dijkstra_path', '--tree', '--depth', '2')).toBe(
        [
          `${WEIGHTED}.dijkstra_path  networkx/algorithms/shortest_paths/weighted.py:81`,
          `  ${WEIGHTED}.single_source_dijkstra  networkx/algorithms/shortest_paths/weighted.py:158`,
          `    ${WEIGHTED}.multi_source_dijkstra  networkx/algorithms/shortest_paths/weighted.py:472`,
          '',
        ].join('\n'),
      );
      expect(codira('calls', 'dijkstra_path', '--dot')).toBe(
        [
          'digraph calls {',
          '  rankdir=LR;',
          `  "${WEIGHTED}.dijkstra_path" -> "${WEIGHTED}.single_source_dijkstra";`,
          '}',
          '',
        ].join('\n'),
      );
      const all = json<{ matches: string[] }>('calls', 'shortest_path');
      expect(all.matches).toHaveLength(2);
      const threshold = json<{ matches: string[]; edges: { from: string; to: string }[] }>(
        'calls',
        'shortest_path',
        '--module',
        'networkx.algorithms.threshold',
      );
      expect(threshold.matches).toEqual(['networkx.algorithms.threshold.shortest_path']);
      expect(threshold.edges).toHaveLength(15);
      expect(threshold.edges.every((e) => e.from === 'networkx.algorithms.threshold.shortest_path')).toBe(true);
      expect(threshold.edges.filter((e) => e.to === 'networkx.algorithms.threshold.uncompact')).toHaveLength(1);
    });

    it('lists callable references with refs, in both directions', () => {
      const incoming = json<{ matches: string[]; edges: unknown[] }>('refs', 'metric_closure', '--incoming');
      expect(incoming).toMatchObject({
        kind: 'refs',
        direction: 'incoming',
        matches: ['networkx.algorithms.approximation.steinertree.metric_closure'],
        edges: [
          {
            from: 'networkx.algorithms.approximation.tests.test_steinertree.TestSteinerTree.test_connected_metric_closure',
            to: 'networkx.algorithms.approximation.steinertree.metric_closure',
            resolved: true,
            path: 'networkx/algorithms/approximation/tests/test_steinertree.py',
            line: 25,
          },
        ],
      });
      const outgoing = json<{ edges: { from: string; to: string; line: number }[] }>(
        'refs',
        'test_connected_metric_closure',
      );
      expect(outgoing.edges).toContainEqual(
        expect.objectContaining({ to: 'networkx.algorithms.approximation.steinertree.metric_closure', line: 25 }),
      );
      expect(codira('refs', 'steiner_tree')).toBe(
        'no outgoing references for networkx.algorithms.approximation.steinertree.steiner_tree\n',
      );
    });

    it('reports bad input as one line on stderr with exit code 2, never a stack trace', () => {
      const cases: [string[], RegExp][] = [
        [
          ['sym', 'x', '--backend', 'nope'],
          /^codira: unknown backend 'nope'; choose one of: sqlite, duckdb, memory\n$/,
        ],
        [['sym', 'x', '--path', join(out, 'missing')], /^codira: --path .*missing is not a directory\n$/],
        [
          ['symlist', '--path', out, '--output-dir', join(out, 'none')],
          /^codira: no index at .*; run `codira index`\n$/,
        ],
        [
          ['symlist', '--limit', '-3', '--path', root, '--output-dir', out],
          /^codira: --limit must be a non-negative integer, got '-3'\n$/,
        ],
        [
          ['symlist', '--limit', 'abc', '--path', root, '--output-dir', out],
          /^codira: --limit must be a non-negative integer, got 'abc'\n$/,
        ],
        [
          ['calls', 'x', '--tree', '--dot', '--path', root, '--output-dir', out],
          /^codira: --tree and --dot cannot be combined\n$/,
        ],
        [['nonsense'], /^codira: Unknown argument: nonsense/],
      ];
      for (const [args, message] of cases) {
        const result = spawnSync('node', [BIN, ...args], {
          encoding: 'utf8',
          env: { ...process.env, CODIRA_BACKEND: backend },
        });
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
    });
  });
}
