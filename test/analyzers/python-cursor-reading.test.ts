import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/core/model.js';
import { pythonAnalyzer } from '../../src/analyzers/python/python-analyzer.js';

// Headers, docstrings, parameters, decorators, base classes and imports are read with the walk's tree cursor
// (python-cursor.ts). One file exercises the shapes the node API used to read: a concatenated module docstring, a
// comment in a parameter list, a colon inside a default, decorators with whitespace and arguments, a property
// accessor, positional-only and keyword-only markers, keyword bases, aliased and relative imports, a named lambda,
// stub and non-stub bodies under a Returns section. Expected values are what the node-API reader produced.
const SOURCE = [
  "'Module ' 'summary.'",
  'import os.path as osp, sys',
  'from ..base import (Base as B, helper)',
  'from . import sibling',
  '',
  '',
  '@decorator . name ( arg )',
  '@overload',
  'def first(a,  # the first',
  "          b: int, c=1, d: str = 'x', *args, e, **kwargs,",
  '):',
  "    '''One ''' 'two.'",
  '    return helper(a)',
  '',
  '',
  'def colon(x={1: 2}, y=lambda: 3) -> dict:',
  "    '''No parameters section.'''",
  '    osp.join(x)',
  '    return sibling.f(y)',
  '',
  '',
  'class Child(B, osp . Thing, metaclass=Meta):',
  '    # a comment first',
  "    '''Child doc.'''",
  '',
  '    @property',
  '    def inner(self):',
  '        @staticmethod',
  '        def nested(p): pass',
  '        return nested',
  '',
  '    @inner.setter',
  '    def inner(self, value):',
  '        super().run(value)',
  '',
  '    @staticmethod',
  '    def tool(q, /, r, *, s):',
  "        '''Tool.",
  '',
  '        Parameters',
  '        ----------',
  '        q : int',
  "        '''",
  '        return q',
  '',
  '    def stub(self):',
  "        '''Stub.",
  '',
  '        Returns',
  '        -------',
  '        int',
  "        '''",
  '        raise NotImplementedError',
  '',
  '    def empty(self):',
  "        '''Empty.",
  '',
  '        Returns',
  '        -------',
  '        int',
  "        '''",
  '        print(self)',
  '',
  '',
  'handler = lambda event, *rest, key=None: event(key)',
].join('\n');

function analyze(): FileAnalysis {
  return pythonAnalyzer.analyze('pkg/sub/mod.py', SOURCE + '\n');
}

describe('pythonAnalyzer reading definitions and imports with the cursor', () => {
  it('reads names, lines, headers, docstrings and visibility', () => {
    const symbols = analyze().symbols.map((s) => [
      s.qualifiedName,
      s.kind,
      s.startLine,
      s.endLine,
      s.signature,
      s.docstring,
      s.exported,
    ]);
    expect(symbols).toEqual([
      ['pkg.sub.mod', 'module', 1, 65, 'module mod', 'Module summary.', true],
      [
        'pkg.sub.mod.first',
        'function',
        9,
        13,
        "def first(a, b: int, c=1, d: str = 'x', *args, e, **kwargs)",
        'One two.',
        true,
      ],
      [
        'pkg.sub.mod.colon',
        'function',
        16,
        19,
        'def colon(x={1: 2}, y=lambda: 3) -> dict',
        'No parameters section.',
        true,
      ],
      ['pkg.sub.mod.Child', 'class', 22, 62, 'class Child(B, osp . Thing, metaclass=Meta)', 'Child doc.', true],
      ['pkg.sub.mod.Child.inner', 'method', 27, 30, 'def inner(self)', null, true],
      ['pkg.sub.mod.Child.inner.nested', 'function', 29, 29, 'def nested(p)', null, false],
      ['pkg.sub.mod.Child.inner', 'method', 33, 34, 'def inner(self, value)', null, true],
      [
        'pkg.sub.mod.Child.tool',
        'method',
        37,
        44,
        'def tool(q, /, r, *, s)',
        'Tool.\n\nParameters\n----------\nq : int',
        true,
      ],
      ['pkg.sub.mod.Child.stub', 'method', 46, 53, 'def stub(self)', 'Stub.\n\nReturns\n-------\nint', true],
      ['pkg.sub.mod.Child.empty', 'method', 55, 62, 'def empty(self)', 'Empty.\n\nReturns\n-------\nint', true],
      ['pkg.sub.mod.handler', 'function', 65, 65, 'handler = lambda event, *rest, key=None', null, true],
    ]);
  });

  it('binds aliased, dotted and relative imports and reads base classes', () => {
    const analysis = analyze();
    const calls = analysis.calls.map(
      (c) => `${analysis.symbols[c.callerIndex]?.name} -> ${c.calleeText} => ${c.targetHint} @${c.line}`,
    );
    expect(calls).toEqual([
      'mod -> decorator.name => null @7',
      'first -> helper => pkg.base.helper|pkg.base.*helper @13',
      'colon -> osp.join => os.path.join @18',
      'colon -> sibling.f => pkg.sub.sibling.f|pkg.sub.*f @19',
      'inner -> super().run => pkg.base.Base.run|pkg.base.*Base.run|os.path.Thing.run @34',
      'inner -> super => null @34',
      'empty -> print => null @62',
      'handler -> event => null @65',
    ]);
    const references = analysis.references.map(
      (r) => `${analysis.symbols[r.ownerIndex]?.name} -> ${r.targetText} => ${r.targetHint} @${r.line}`,
    );
    expect(references).toEqual(['inner -> nested => pkg.sub.mod.Child.inner.nested @30']);
  });

  it('audits with the parameters, decorators and bodies it read', () => {
    const analysis = analyze();
    expect(analysis.findings.map((f) => `${f.rule} ${f.symbol} @${f.line}: ${f.message}`)).toEqual([
      'PY002 pkg.sub.mod.first @9: docstring has no Parameters section (parameters: a, b, c, d, args, e, kwargs)',
      'PY007 pkg.sub.mod.first @9: function returns a value but the docstring has no Returns section',
      'PY002 pkg.sub.mod.colon @16: docstring has no Parameters section (parameters: x, y)',
      'PY007 pkg.sub.mod.colon @16: function returns a value but the docstring has no Returns section',
      "PY001 pkg.sub.mod.Child.inner @27: public method 'inner' has no docstring",
      "PY003 pkg.sub.mod.Child.tool @37: parameter 'r' is not documented",
      "PY003 pkg.sub.mod.Child.tool @37: parameter 's' is not documented",
      'PY007 pkg.sub.mod.Child.tool @37: function returns a value but the docstring has no Returns section',
      'PY006 pkg.sub.mod.Child.empty @55: docstring has a Returns section but the function never returns a value',
    ]);
  });
});

describe('pythonAnalyzer call hints', () => {
  it('resolves the same callee text once per scope, each scope its own way', () => {
    const source = [
      'import a as x',
      'def f():',
      '    x()',
      '    x()',
      'def g(x):',
      '    x()',
      'class C:',
      '    def m(self):',
      '        self.run()',
      'class D:',
      '    def m(self):',
      '        self.run()',
      '        self.run()',
    ].join('\n');
    const analysis = pythonAnalyzer.analyze('pkg/mod.py', source + '\n');
    expect(analysis.calls.map((c) => `${analysis.symbols[c.callerIndex]?.qualifiedName} ${c.targetHint}`)).toEqual([
      'pkg.mod.f a',
      'pkg.mod.f a',
      'pkg.mod.g null',
      'pkg.mod.C.m pkg.mod.C.run',
      'pkg.mod.D.m pkg.mod.D.run',
      'pkg.mod.D.m pkg.mod.D.run',
    ]);
  });
});
