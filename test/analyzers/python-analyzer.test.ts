import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../src/core/analyzer.js';
import type { FileAnalysis, SymbolRecord } from '../../src/core/model.js';
import { pythonAnalyzer } from '../../src/analyzers/python/python-analyzer.js';
import { pythonModuleName, pythonModuleRoot } from '../../src/analyzers/python/python-module.js';

// Sources are given as lines so expected line numbers can be read off the array.
function analyze(lines: readonly string[], path = 'pkg/mod.py'): FileAnalysis {
  return pythonAnalyzer.analyze(path, lines.join('\n') + '\n');
}

function symbol(analysis: FileAnalysis, qualifiedName: string): SymbolRecord {
  const found = analysis.symbols.find((s) => s.qualifiedName === qualifiedName);
  if (found === undefined) throw new Error(`no symbol ${qualifiedName}`);
  return found;
}

// Calls as `caller -> callee => hint @line`.
function calls(analysis: FileAnalysis): string[] {
  return analysis.calls.map(
    (c) => `${analysis.symbols[c.callerIndex]?.name} -> ${c.calleeText} => ${c.targetHint} @${c.line}`,
  );
}

function references(analysis: FileAnalysis): string[] {
  return analysis.references.map(
    (r) => `${analysis.symbols[r.ownerIndex]?.name} -> ${r.targetText} => ${r.targetHint} @${r.line}`,
  );
}

function findings(analysis: FileAnalysis): string[] {
  return analysis.findings.map((f) => `${f.rule} ${f.symbol} @${f.line}: ${f.message}`);
}

function hintOf(analysis: FileAnalysis, calleeText: string): string | null | undefined {
  return analysis.calls.find((c) => c.calleeText === calleeText)?.targetHint;
}

describe('pythonAnalyzer identity', () => {
  it('claims .py files only', () => {
    expect(pythonAnalyzer.name).toBe('python');
    expect(pythonAnalyzer.version).toBe('3');
    expect(pythonAnalyzer.extensions).toEqual(['.py']);
    expect(['a.py', 'pkg/sub/mod.py', 'X.PY'].map((p) => pythonAnalyzer.claims(p))).toEqual([true, true, true]);
    expect(['a.pyc', 'a.pyi', 'a.ts', 'py'].map((p) => pythonAnalyzer.claims(p))).toEqual([false, false, false, false]);
  });
});

describe('module names', () => {
  it('derives dotted names from paths', () => {
    expect(pythonModuleName('networkx/classes/graph.py')).toBe('networkx.classes.graph');
    expect(pythonModuleName('networkx/__init__.py')).toBe('networkx');
    expect(pythonModuleName('src/pkg/util.py')).toBe('pkg.util');
    expect(pythonModuleName('src/pkg/__init__.py')).toBe('pkg');
    expect(pythonModuleName('setup.py')).toBe('setup');
  });

  it('starts a package at the top of its chain of __init__.py folders', () => {
    const tree = new Set([
      'usr/lib/python3/dist-packages/django/__init__.py',
      'usr/lib/python3/dist-packages/django/db/__init__.py',
      'usr/lib/python3/dist-packages/django/db/utils.py',
      'usr/lib/python3/dist-packages/six.py',
      'src/pkg/__init__.py',
      'src/pkg/util.py',
      'ns/space/mod.py',
      'tests/test_a.py',
      'pkg/__init__.py',
    ]);
    const exists = (path: string): boolean => tree.has(path);
    const root = (path: string): string => pythonModuleRoot(path, exists);
    const name = (path: string): string => pythonModuleName(path, root(path));
    expect(root('usr/lib/python3/dist-packages/django/db/utils.py')).toBe('usr/lib/python3/dist-packages/');
    expect(name('usr/lib/python3/dist-packages/django/db/utils.py')).toBe('django.db.utils');
    expect(name('usr/lib/python3/dist-packages/django/__init__.py')).toBe('django');
    expect(name('usr/lib/python3/dist-packages/six.py')).toBe('usr.lib.python3.dist-packages.six');
    expect([root('src/pkg/util.py'), name('src/pkg/util.py')]).toEqual(['src/', 'pkg.util']);
    expect([root('ns/space/mod.py'), name('ns/space/mod.py')]).toEqual(['', 'ns.space.mod']);
    expect([root('tests/test_a.py'), name('tests/test_a.py')]).toEqual(['', 'tests.test_a']);
    expect([root('pkg/__init__.py'), name('pkg/__init__.py')]).toEqual(['', 'pkg']);
    expect(pythonAnalyzer.layout?.('usr/lib/python3/dist-packages/django/db/utils.py', exists)).toBe(
      'usr/lib/python3/dist-packages/',
    );
  });

  it('reports language and module in the analysis', () => {
    const analysis = analyze(['x = 1'], 'src/pkg/sub/__init__.py');
    expect(analysis.language).toBe('python');
    expect(analysis.module).toBe('pkg.sub');
    expect(analysis.symbols[0]).toMatchObject({ qualifiedName: 'pkg.sub', name: 'sub', kind: 'module' });
  });
});

describe('symbols', () => {
  const source = [
    /*  1 */ '"""Module summary.',
    /*  2 */ '',
    /*  3 */ '    Details.',
    /*  4 */ '"""',
    /*  5 */ 'import functools',
    /*  6 */ '',
    /*  7 */ '',
    /*  8 */ '@functools.lru_cache(maxsize=None)',
    /*  9 */ 'def get(url,   params=None,',
    /* 10 */ '        **kwargs):',
    /* 11 */ '    """Fetch a URL."""',
    /* 12 */ '    def inner(x):',
    /* 13 */ '        return x',
    /* 14 */ '    return inner(url)',
    /* 15 */ '',
    /* 16 */ '',
    /* 17 */ 'class Graph(object):',
    /* 18 */ "    '''A graph.'''",
    /* 19 */ '',
    /* 20 */ '    def __init__(self):',
    /* 21 */ '        pass',
    /* 22 */ '',
    /* 23 */ '    async def fetch(',
    /* 24 */ '        self,',
    /* 25 */ '        timeout: float = 1.0,  # seconds',
    /* 26 */ '    ) -> int:',
    /* 27 */ '        return 1',
    /* 28 */ '',
    /* 29 */ '    class _Node:',
    /* 30 */ '        def walk(self): ...',
    /* 31 */ '',
    /* 32 */ '',
    /* 33 */ 'def _helper():',
    /* 34 */ '    pass',
  ];
  const analysis = analyze(source);

  it('lists the module first, then definitions in source order', () => {
    expect(analysis.symbols.map((s) => `${s.kind} ${s.qualifiedName}`)).toEqual([
      'module pkg.mod',
      'function pkg.mod.get',
      'function pkg.mod.get.inner',
      'class pkg.mod.Graph',
      'method pkg.mod.Graph.__init__',
      'method pkg.mod.Graph.fetch',
      'class pkg.mod.Graph._Node',
      'method pkg.mod.Graph._Node.walk',
      'function pkg.mod._helper',
    ]);
  });

  it('gives the module symbol the whole file and its docstring', () => {
    expect(analysis.symbols[0]).toEqual({
      qualifiedName: 'pkg.mod',
      name: 'mod',
      kind: 'module',
      startLine: 1,
      endLine: 34,
      signature: 'module mod',
      docstring: 'Module summary.\n\nDetails.',
      exported: true,
    });
  });

  it('starts a decorated definition at its def line and collapses the header', () => {
    expect(symbol(analysis, 'pkg.mod.get')).toMatchObject({
      name: 'get',
      startLine: 9,
      endLine: 14,
      signature: 'def get(url, params=None, **kwargs)',
      docstring: 'Fetch a URL.',
      exported: true,
    });
  });

  it('keeps async and return annotations, drops comments and trailing commas in headers', () => {
    expect(symbol(analysis, 'pkg.mod.Graph.fetch')).toMatchObject({
      startLine: 23,
      endLine: 27,
      signature: 'async def fetch(self, timeout: float = 1.0) -> int',
      docstring: null,
    });
    expect(symbol(analysis, 'pkg.mod.Graph').signature).toBe('class Graph(object)');
    expect(symbol(analysis, 'pkg.mod.Graph').docstring).toBe('A graph.');
    expect(symbol(analysis, 'pkg.mod.Graph._Node').signature).toBe('class _Node');
  });

  it('exports public names of public parents only; dunders and function locals are private', () => {
    const exported = Object.fromEntries(analysis.symbols.map((s) => [s.qualifiedName, s.exported]));
    expect(exported).toEqual({
      'pkg.mod': true,
      'pkg.mod.get': true,
      'pkg.mod.get.inner': false,
      'pkg.mod.Graph': true,
      'pkg.mod.Graph.__init__': false,
      'pkg.mod.Graph.fetch': true,
      'pkg.mod.Graph._Node': false,
      'pkg.mod.Graph._Node.walk': false,
      'pkg.mod._helper': false,
    });
    expect(analyze(['x = 1'], 'pkg/_impl.py').symbols[0]?.exported).toBe(false);
  });
});

describe('docstrings', () => {
  const docOf = (lines: readonly string[]): string | null => analyze(lines).symbols[1]?.docstring ?? null;

  it('dedents like inspect.cleandoc', () => {
    const lines = ['def f():', '    """', '    Summary.', '', '        Indented.', '    Back.', '', '    """'];
    expect(docOf(lines)).toBe('Summary.\n\n    Indented.\nBack.');
  });

  it('handles prefixes, single quotes, escapes and a comment before the docstring', () => {
    expect(docOf(['def f():', "    r'''Raw \\n stays.'''"])).toBe('Raw \\n stays.');
    expect(docOf(['def f():', '    "Line\\none, \\"quoted\\"."'])).toBe('Line\none, "quoted".');
    expect(docOf(['def f():', '    # leading comment', '    u"""Unicode prefix."""'])).toBe('Unicode prefix.');
  });

  it('ignores f-strings, byte strings, later strings and blank docstrings', () => {
    expect(docOf(['def f():', '    f"""Not a docstring."""'])).toBeNull();
    expect(docOf(['def f():', '    b"""Not a docstring."""'])).toBeNull();
    expect(docOf(['def f():', '    x = 1', '    """Too late."""'])).toBeNull();
    expect(docOf(['def f():', '    """   """'])).toBeNull();
  });
});

describe('call sites and target hints', () => {
  it('resolves module-level definitions, including ones defined after the call', () => {
    const analysis = analyze([
      /* 1 */ 'def a():',
      /* 2 */ '    return b() + len([])',
      /* 3 */ 'def b():',
      /* 4 */ '    return 1',
      /* 5 */ 'a()',
    ]);
    expect(calls(analysis)).toEqual(['a -> b => pkg.mod.b @2', 'a -> len => null @2', 'mod -> a => pkg.mod.a @5']);
  });

  it('resolves absolute imports, aliases and dotted module imports', () => {
    const analysis = analyze([
      'from os.path import join as pjoin',
      'import a.b as c',
      'import x.y',
      'import numpy as np',
      'pjoin()',
      'c.f()',
      'x.y.g()',
      'np.linalg.norm()',
    ]);
    expect(hintOf(analysis, 'pjoin')).toBe('os.path.join');
    expect(hintOf(analysis, 'c.f')).toBe('a.b.f');
    expect(hintOf(analysis, 'x.y.g')).toBe('x.y.g');
    expect(hintOf(analysis, 'np.linalg.norm')).toBe('numpy.linalg.norm');
  });

  it('resolves relative imports against the package of the file', () => {
    const lines = ['from .x import f', 'from .. import y', 'from ..z.w import v', 'f()', 'y()', 'v()'];
    const inModule = analyze(lines, 'pkg/sub/mod.py');
    expect([hintOf(inModule, 'f'), hintOf(inModule, 'y'), hintOf(inModule, 'v')]).toEqual([
      'pkg.sub.x.f|pkg.sub.x.*f',
      'pkg.y|pkg.*y',
      'pkg.z.w.v|pkg.z.w.*v',
    ]);
    const inInit = analyze(lines, 'pkg/sub/__init__.py');
    expect([hintOf(inInit, 'f'), hintOf(inInit, 'y')]).toEqual(['pkg.sub.x.f|pkg.sub.x.*f', 'pkg.y|pkg.*y']);
    // Climbing above the top-level package binds nothing: the name is left to the suffix rule.
    expect(hintOf(analyze(['from ... import q', 'q()'], 'pkg/mod.py'), 'q')).toBe('*q');
  });

  it('resolves self, cls and class-qualified methods; leaves locals, parameters and objects unresolved', () => {
    const analysis = analyze([
      /*  1 */ 'class C:',
      /*  2 */ '    def m(self, fn):',
      /*  3 */ '        self.save()',
      /*  4 */ '        fn()',
      /*  5 */ '        obj = make()',
      /*  6 */ '        obj.run()',
      /*  7 */ '        self.a.b()',
      /*  8 */ '    @classmethod',
      /*  9 */ '    def k(cls):',
      /* 10 */ '        cls.build()',
      /* 11 */ '        C.m(None, print)',
      /* 12 */ 'def save(): pass',
    ]);
    expect(calls(analysis)).toEqual([
      'm -> self.save => pkg.mod.C.save @3',
      'm -> fn => null @4',
      'm -> make => *make @5',
      'm -> obj.run => null @6',
      'm -> self.a.b => null @7',
      'k -> cls.build => pkg.mod.C.build @10',
      'k -> C.m => pkg.mod.C.m @11',
    ]);
  });

  it('attributes calls in decorators and defaults to the enclosing scope', () => {
    const analysis = analyze([
      /* 1 */ 'class C:',
      /* 2 */ '    @register(name())',
      /* 3 */ '    def m(self, x=default()):',
      /* 4 */ '        body()',
    ]);
    expect(calls(analysis)).toEqual([
      'C -> register => *register @2',
      'C -> name => *name @2',
      'C -> default => *default @3',
      'm -> body => *body @4',
    ]);
  });

  it('records only identifier and attribute-chain callees, normalising whitespace', () => {
    const analysis = analyze([
      /* 1 */ 'factory()()',
      /* 2 */ 'items[0]()',
      /* 3 */ 'get().value()',
      /* 4 */ 'norm = (np',
      /* 5 */ '   .linalg.norm(v))',
      /* 6 */ 'café()',
    ]);
    expect(analysis.calls.map((c) => `${c.calleeText}@${c.line}`)).toEqual([
      'factory@1',
      'get@3',
      'np.linalg.norm@4',
      'café@6',
    ]);
  });

  it('resolves calls to nested definitions inside their function', () => {
    const analysis = analyze(['def outer():', '    def inner():', '        pass', '    inner()']);
    expect(calls(analysis)).toEqual(['outer -> inner => pkg.mod.outer.inner @4']);
  });

  it('makes a module-level `name = lambda` a function that owns its calls; other lambdas stay anonymous', () => {
    const analysis = analyze([
      /* 1 */ 'ga = lambda k: get(k, 0); _gb = lambda k: k()',
      /* 2 */ 'typed: Callable[[int], int] = lambda x, *rest,',
      /* 3 */ '    y=1: helper(x)',
      /* 4 */ 'print(ga(1), _gb(2), typed(3))',
      /* 5 */ 'pair = (lambda: 0, 1)',
      /* 6 */ 'class C:',
      /* 7 */ '    m = lambda self: ga(0)',
      /* 8 */ 'def f():',
      /* 9 */ '    local = lambda: ga(0)',
      /* 10 */ '    return local()',
    ]);
    const lambdas = analysis.symbols.filter((s) => ['ga', '_gb', 'typed', 'pair', 'm', 'local'].includes(s.name));
    expect(lambdas.map((s) => `${s.kind} ${s.qualifiedName} ${s.startLine}-${s.endLine} [${s.signature}]`)).toEqual([
      'function pkg.mod.ga 1-1 [ga = lambda k]',
      'function pkg.mod._gb 1-1 [_gb = lambda k]',
      'function pkg.mod.typed 2-3 [typed: Callable[[int], int] = lambda x, *rest, y=1]',
    ]);
    expect([symbol(analysis, 'pkg.mod.ga').exported, symbol(analysis, 'pkg.mod._gb').exported]).toEqual([true, false]);
    expect(symbol(analysis, 'pkg.mod.ga').docstring).toBeNull();
    expect(calls(analysis)).toEqual([
      'ga -> get => *get @1',
      // The lambda's parameter shadows any outer `k`.
      '_gb -> k => null @1',
      'typed -> helper => *helper @3',
      'mod -> print => null @4',
      'mod -> ga => pkg.mod.ga @4',
      'mod -> _gb => pkg.mod._gb @4',
      'mod -> typed => pkg.mod.typed @4',
      'C -> ga => pkg.mod.ga @7',
      'f -> ga => pkg.mod.ga @9',
      'f -> local => null @10',
    ]);
    // No docstring audit for a lambda: it cannot hold one.
    expect(findings(analysis).filter((f) => / pkg\.mod\.(ga|typed) /.test(f))).toEqual([]);
  });
});

describe('callable references', () => {
  const analysis = analyze([
    /*  1 */ 'from operator import itemgetter',
    /*  2 */ 'import numpy as np',
    /*  3 */ '',
    /*  4 */ 'def helper(x):',
    /*  5 */ '    return x',
    /*  6 */ '',
    /*  7 */ 'HANDLERS = {"a": helper, "b": [helper, itemgetter]}',
    /*  8 */ 'alias = helper',
    /*  9 */ '',
    /* 10 */ '@helper',
    /* 11 */ 'class Job(Base):',
    /* 12 */ '    def run(self, xs, local):',
    /* 13 */ '        mapped = map(helper, xs)',
    /* 14 */ '        sorted(xs, key=self.key)',
    /* 15 */ '        consume(self.data, local, np, helper(1))',
    /* 16 */ '        return self.run, (np.sum,)',
    /* 17 */ '',
    /* 18 */ '    def key(self):',
    /* 19 */ '        return Job.key',
  ]);

  it('records defined, method and imported callables used as values', () => {
    expect(references(analysis)).toEqual([
      'mod -> helper => pkg.mod.helper @7',
      'mod -> helper => pkg.mod.helper @7',
      'mod -> itemgetter => operator.itemgetter @7',
      'mod -> helper => pkg.mod.helper @8',
      'run -> helper => pkg.mod.helper @13',
      'run -> self.key => pkg.mod.Job.key @14',
      'run -> self.run => pkg.mod.Job.run @16',
      'run -> np.sum => numpy.sum @16',
      'key -> Job.key => pkg.mod.Job.key @19',
    ]);
  });

  it('does not record callees, decorators, base classes, attributes, locals or bare modules', () => {
    const texts = analysis.references.map((r) => r.targetText);
    expect(texts).not.toContain('Base');
    expect(texts).not.toContain('self.data');
    expect(texts).not.toContain('local');
    expect(texts).not.toContain('np');
    expect(analysis.references.filter((r) => r.line === 10 || r.line === 15)).toEqual([]);
  });
});

describe('documentation audit', () => {
  const rulesOf = (lines: readonly string[], path?: string): string[] => findings(analyze(lines, path));

  it('PY001 flags public symbols without docstrings', () => {
    expect(
      rulesOf([
        /*  1 */ 'from typing import overload',
        /*  2 */ 'class Public:',
        /*  3 */ '    def method(self): pass',
        /*  4 */ '    def _private(self): pass',
        /*  5 */ '    def __len__(self): return 0',
        /*  6 */ '    @property',
        /*  7 */ '    def size(self):',
        /*  8 */ '        """Size."""',
        /*  9 */ '        return 1',
        /* 10 */ '    @size.setter',
        /* 11 */ '    def size(self, value): pass',
        /* 12 */ '@overload',
        /* 13 */ 'def f(x: int) -> int: ...',
        /* 14 */ 'def f(x):',
        /* 15 */ '    """Documented.',
        /* 16 */ '',
        /* 17 */ '    Parameters',
        /* 18 */ '    ----------',
        /* 19 */ '    x : int',
        /* 20 */ '    """',
      ]),
    ).toEqual([
      "PY001 pkg.mod @1: public module 'mod' has no docstring",
      "PY001 pkg.mod.Public @2: public class 'Public' has no docstring",
      "PY001 pkg.mod.Public.method @3: public method 'method' has no docstring",
    ]);
  });

  it('PY001 passes documented modules and skips files without statements and private modules', () => {
    expect(rulesOf(['"""Documented."""', 'def f():', '    """Documented."""'])).toEqual([]);
    expect(rulesOf(['# only a comment'])).toEqual([]);
    expect(rulesOf([''], 'pkg/__init__.py')).toEqual([]);
    expect(rulesOf(['def f(): pass'], 'pkg/_impl.py')).toEqual([]);
  });

  const documented = (header: string, doc: readonly string[], body: readonly string[] = ['pass']): string[] => [
    '"""Module."""',
    header,
    '    """Summary.',
    '',
    ...doc.map((line) => (line.length > 0 ? `    ${line}` : '')),
    '    """',
    ...body.map((line) => `    ${line}`),
  ];
  const params = (...lines: string[]): string[] => ['Parameters', '----------', ...lines];

  it('PY002 flags a docstring without a Parameters section', () => {
    expect(rulesOf(documented('def f(a, b):', []))).toEqual([
      'PY002 pkg.mod.f @2: docstring has no Parameters section (parameters: a, b)',
    ]);
    expect(rulesOf(documented('def f():', []))).toEqual([]);
  });

  it('PY002 ignores self and cls but not the first parameter of a static method', () => {
    const lines = [
      '"""Module."""',
      'class C:',
      '    """C."""',
      '    def m(self):',
      '        """M."""',
      '    @classmethod',
      '    def k(cls):',
      '        """K."""',
      '    @staticmethod',
      '    def s(x):',
      '        """S."""',
    ];
    expect(rulesOf(lines)).toEqual(['PY002 pkg.mod.C.s @10: docstring has no Parameters section (parameters: x)']);
  });

  it('PY003 flags each undocumented parameter', () => {
    expect(rulesOf(documented('def get(url, timeout, retries):', params('url : str', '    The URL.')))).toEqual([
      "PY003 pkg.mod.get @2: parameter 'timeout' is not documented",
      "PY003 pkg.mod.get @2: parameter 'retries' is not documented",
    ]);
  });

  it('PY003 accepts star forms, several names per line and class-level __init__ parameters', () => {
    const doc = params('x, y : int', '    Coordinates.', '*args', '    Extra.', '\\*\\*kwargs : dict', '    Options.');
    expect(rulesOf(documented('def f(x, y, *args, **kwargs):', doc))).toEqual([]);
    const init = [
      '"""Module."""',
      'class C:',
      '    """C.',
      '',
      '    Parameters',
      '    ----------',
      '    size : int',
      '    """',
      '    def __init__(self, size):',
      '        """Create."""',
      '        self.size = size',
    ];
    expect(rulesOf(init)).toEqual([]);
  });

  it('PY004 flags a Yields section on a non-generator, including one whose yield is nested', () => {
    const yields = ['Yields', '------', 'int'];
    expect(rulesOf(documented('def f():', yields, ['def g():', '    yield 1', 'return g']))).toEqual([
      'PY004 pkg.mod.f @2: docstring has a Yields section but the function is not a generator',
      'PY007 pkg.mod.f @2: function returns a value but the docstring has no Returns section',
    ]);
    expect(rulesOf(documented('def f():', yields, ['yield 1']))).toEqual([]);
  });

  it('PY005 flags a generator without a Yields section', () => {
    expect(rulesOf(documented('def f():', [], ['x = yield']))).toEqual([
      'PY005 pkg.mod.f @2: generator docstring has no Yields section',
    ]);
    expect(rulesOf(documented('def f():', ['Yields', '------', 'int'], ['yield from range(3)']))).toEqual([]);
  });

  it('PY006 flags a Returns section on a function that returns no value', () => {
    const returns = ['Returns', '-------', 'int'];
    const expected = ['PY006 pkg.mod.f @2: docstring has a Returns section but the function never returns a value'];
    expect(rulesOf(documented('def f():', returns, ['print(1)', 'return']))).toEqual(expected);
    expect(rulesOf(documented('def f():', returns, ['return None']))).toEqual(expected);
    expect(rulesOf(documented('def f():', returns, ['g = lambda: 1', 'def h():', '    return 2']))).toEqual(expected);
    expect(rulesOf(documented('def f():', returns, ['return 1']))).toEqual([]);
    expect(rulesOf(documented('def f():', returns, ['raise NotImplementedError']))).toEqual([]);
  });

  it('PY007 flags a returned value without a Returns section, except in __init__ and generators', () => {
    expect(rulesOf(documented('def f():', [], ['if x:', '    return 1', 'return']))).toEqual([
      'PY007 pkg.mod.f @2: function returns a value but the docstring has no Returns section',
    ]);
    expect(rulesOf(documented('def f():', [], ['return None']))).toEqual([]);
    expect(rulesOf(documented('def f():', ['Returns', '-------', 'int'], ['return 1']))).toEqual([]);
    expect(rulesOf(documented('def f():', ['Yields', '------', 'int'], ['yield 1', 'return 2']))).toEqual([]);
    const init = [
      '"""M."""',
      'class C:',
      '    """C."""',
      '    def __init__(self):',
      '        """Make."""',
      '        return 1',
    ];
    expect(rulesOf(init)).toEqual([]);
  });
});

describe('syntax errors and odd input', () => {
  it('throws AnalysisError with the line of the first error', () => {
    expect(() => analyze(['def f(:', '    pass'])).toThrow(AnalysisError);
    expect(() => analyze(['def f(:', '    pass'])).toThrow('syntax error at line 1');
    expect(() => analyze(['x = 1', 'y = (1,', '', 'def g(): pass'])).toThrow(/^syntax error at line 2$/);
    expect(() => analyze(['x = 1', 'def f():', '    return )'])).toThrow('syntax error at line 3');
    // The first ERROR node in document order may enclose the whole statement around the mistake.
    expect(() => analyze(['class C:', '    def m(self)', '        pass'])).toThrow('syntax error at line 1');
  });

  it('handles empty files, comments only, CRLF, tabs and non-ASCII text', () => {
    const empty = pythonAnalyzer.analyze('pkg/empty.py', '');
    expect(empty.symbols).toEqual([
      {
        qualifiedName: 'pkg.empty',
        name: 'empty',
        kind: 'module',
        startLine: 1,
        endLine: 1,
        signature: 'module empty',
        docstring: null,
        exported: true,
      },
    ]);
    expect(empty.findings).toEqual([]);
    expect(pythonAnalyzer.analyze('c.py', '# comment\n# more').symbols[0]?.endLine).toBe(2);

    const crlf = pythonAnalyzer.analyze('crlf.py', '"""Doc.\r\n\r\n  More.\r\n"""\r\ndef f():\r\n\treturn g()\r\n');
    expect(crlf.symbols[0]?.docstring).toBe('Doc.\n\nMore.');
    expect(symbol(crlf, 'crlf.f')).toMatchObject({ startLine: 5, endLine: 6 });
    expect(calls(crlf)).toEqual(['f -> g => *g @6']);

    const unicode = pythonAnalyzer.analyze(
      'u.py',
      '"""Ünïcödé — docs."""\ndef naïve(é):\n    """Ça va."""\n    return é\n',
    );
    expect(symbol(unicode, 'u.naïve')).toMatchObject({ signature: 'def naïve(é)', docstring: 'Ça va.' });
  });
});
