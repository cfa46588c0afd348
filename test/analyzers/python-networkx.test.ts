import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/core/model.js';
import { pythonAnalyzer } from '../../src/analyzers/python/python-analyzer.js';
import { materializeCorpus } from '../../src/bench/corpus.js';

// Facts below were checked by reading the files of python3-networkx 2.8.8-1.
let root = '';
const analyses = new Map<string, FileAnalysis>();
const failures: string[] = [];

beforeAll(async () => {
  root = await materializeCorpus({ kind: 'debian', package: 'python3-networkx', version: '2.8.8-1' });
  const paths = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => pythonAnalyzer.claims(path))
    .sort();
  for (const path of paths) {
    try {
      analyses.set(path, pythonAnalyzer.analyze(path, readFileSync(join(root, path), 'utf8')));
    } catch (error) {
      failures.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
});

function analysisOf(path: string): FileAnalysis {
  const analysis = analyses.get(path);
  if (analysis === undefined) throw new Error(`not analyzed: ${path}`);
  return analysis;
}

describe('networkx corpus', () => {
  it('analyzes every .py file of the package without failure', () => {
    expect(failures).toEqual([]);
    expect(analyses.size).toBe(563);
  });

  it('keeps every index and line range inside its file', () => {
    for (const [path, analysis] of analyses) {
      const module = analysis.symbols[0];
      expect(module?.kind, path).toBe('module');
      const last = module?.endLine ?? 0;
      for (const symbol of analysis.symbols) {
        expect(symbol.startLine <= symbol.endLine && symbol.endLine <= last, symbol.qualifiedName).toBe(true);
      }
      for (const call of analysis.calls) expect(analysis.symbols[call.callerIndex], path).toBeDefined();
      for (const ref of analysis.references) expect(analysis.symbols[ref.ownerIndex], path).toBeDefined();
    }
  });

  describe('networkx/algorithms/shortest_paths/generic.py', () => {
    const prefix = 'networkx.algorithms.shortest_paths.generic';
    const generic = (): FileAnalysis => analysisOf('networkx/algorithms/shortest_paths/generic.py');

    it('names the module and its definitions', () => {
      const analysis = generic();
      expect(analysis.module).toBe(prefix);
      expect(analysis.symbols[0]?.docstring?.split('\n')[0]).toBe(
        'Compute the shortest paths and path lengths between nodes in the graph.',
      );
      expect(analysis.symbols[0]?.endLine).toBe(568);
      expect(analysis.symbols.slice(1).map((s) => `${s.kind} ${s.name} ${s.startLine}`)).toEqual([
        'function has_path 19',
        'function shortest_path 39',
        'function shortest_path_length 173',
        'function average_shortest_path_length 316',
        'function path_length 407',
        'function all_shortest_paths 427',
        'function _build_paths_from_predecessors 504',
      ]);
      expect(analysis.symbols.find((s) => s.qualifiedName === `${prefix}.shortest_path`)).toMatchObject({
        kind: 'function',
        startLine: 39,
        endLine: 170,
        signature: 'def shortest_path(G, source=None, target=None, weight=None, method="dijkstra")',
        exported: true,
      });
    });

    it('resolves calls through `import networkx as nx` and to module-level definitions', () => {
      const analysis = generic();
      const edge = (line: number, text: string): unknown => {
        const call = analysis.calls.find((c) => c.line === line && c.calleeText === text);
        return call && { caller: analysis.symbols[call.callerIndex]?.qualifiedName, hint: call.targetHint };
      };
      expect(edge(33, 'nx.shortest_path')).toEqual({
        caller: `${prefix}.has_path`,
        hint: 'networkx.shortest_path|networkx.*shortest_path',
      });
      expect(edge(501, '_build_paths_from_predecessors')).toEqual({
        caller: `${prefix}.all_shortest_paths`,
        hint: `${prefix}._build_paths_from_predecessors`,
      });
      expect(edge(417, 'path_length')).toEqual({
        caller: `${prefix}.average_shortest_path_length`,
        hint: `${prefix}.average_shortest_path_length.path_length`,
      });
      expect(edge(129, 'ValueError')).toEqual({ caller: `${prefix}.shortest_path`, hint: null });
    });

    it('records functions assigned as values', () => {
      const analysis = generic();
      const at285 = analysis.references.filter((r) => r.line === 285);
      expect(at285.map((r) => [analysis.symbols[r.ownerIndex]?.name, r.targetText, r.targetHint])).toEqual([
        [
          'shortest_path_length',
          'nx.single_source_shortest_path_length',
          'networkx.single_source_shortest_path_length',
        ],
      ]);
    });

    it('audits the docstrings', () => {
      expect(generic().findings.map((f) => `${f.rule} ${f.symbol.slice(prefix.length + 1)} ${f.line}`)).toEqual([
        'PY007 has_path 19',
        'PY007 average_shortest_path_length 316',
        'PY005 _build_paths_from_predecessors 504',
        'PY006 _build_paths_from_predecessors 504',
      ]);
    });
  });

  it('resolves relative imports in real packages', () => {
    const preflow = analysisOf('networkx/algorithms/flow/preflowpush.py');
    expect(preflow.calls.find((c) => c.line === 236)).toMatchObject({
      calleeText: 'arbitrary_element',
      targetHint: 'networkx.utils.arbitrary_element|networkx.utils.*arbitrary_element',
    });
    const maxflow = analysisOf('networkx/algorithms/flow/maxflow.py');
    expect(maxflow.references.find((r) => r.line === 14)).toMatchObject({
      ownerIndex: 0,
      targetText: 'preflow_push',
      targetHint: 'networkx.algorithms.flow.preflowpush.preflow_push',
    });
    expect(analysisOf('networkx/__init__.py').module).toBe('networkx');
  });
});
