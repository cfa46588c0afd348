import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { siteView, writeCorpus } from './oracle-corpus.js';
import { pythonOracle } from '../../../src/bench/accuracy/python-oracle.js';

const FILES: Record<string, string> = {
  'pkg/__init__.py': 'from .core import Graph, helper as renamed\n',
  'pkg/core.py': [
    'def helper():', // 1
    '    return 1',
    '',
    'class Base:', // 4
    '    def __init__(self):', // 5
    '        self.n = helper()', // 6: function
    '',
    'class Graph(Base):', // 8
    '    def __init__(self):',
    '        super().__init__()', // 10: super
    '        self.size()', // 11: this-method
    '',
    '    def size(self):', // 13
    '        return len([])', // 14: external (builtin)
  ].join('\n'),
  'use.py': [
    'import pkg',
    'from pkg import renamed',
    '',
    'def main(x):',
    '    g = pkg.Graph()', // 5: constructor
    '    g.size()', // 6: object-method
    '    return renamed() + x.unknown()', // 7: re-export; untyped parameter
  ].join('\n'),
};

const root = writeCorpus(FILES);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pythonOracle', () => {
  it('asks jedi for every sampled call in a function body', async () => {
    const sites = await pythonOracle(root, Object.keys(FILES).sort(), { sample: 100, seed: 1 });
    const view = siteView(sites);
    expect(view).toEqual([
      ['pkg/core.py:6', 'helper', 'function', 'resolved', 'pkg/core.py:1:helper'],
      ['pkg/core.py:10', 'super().__init__', 'super', 'resolved', 'pkg/core.py:5:__init__'],
      ['pkg/core.py:10', 'super', 'function', 'external', ''],
      ['pkg/core.py:11', 'self.size', 'this-method', 'resolved', 'pkg/core.py:13:size'],
      ['pkg/core.py:14', 'len', 'function', 'external', ''],
      ['use.py:5', 'pkg.Graph', 'constructor', 'resolved', 'pkg/core.py:8:Graph'],
      ['use.py:6', 'g.size', 'object-method', 'resolved', 'pkg/core.py:13:size'],
      ['use.py:7', 'renamed', 're-export', 'resolved', 'pkg/core.py:1:helper'],
      ['use.py:7', 'x.unknown', 'object-method', 'unknown', ''],
    ]);
  }, 120_000);

  it('draws the same sample for the same seed', async () => {
    const a = await pythonOracle(root, Object.keys(FILES).sort(), { sample: 3, seed: 7 });
    const b = await pythonOracle(root, Object.keys(FILES).sort(), { sample: 3, seed: 7 });
    expect(a).toHaveLength(3);
    expect(b).toEqual(a);
  }, 120_000);
});
