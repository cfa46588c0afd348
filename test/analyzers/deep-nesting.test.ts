/**
 * Valid files nested far deeper than a recursive walk survives, analyzed in this process on an ordinary stack (the
 * test process's main thread): every analyzer's walk is iterative, so only a native parser's own stack can set a
 * limit, and the depths here are within each parser's (measured in docs/process/issue-11-execution.md; deeper files
 * go to the isolated analysis process, see test/hostile/deep-nesting-run.test.ts). Before the walks were made
 * iterative, the TypeScript cases and the Rust `use` list failed with "Maximum call stack size exceeded".
 */
import { describe, expect, it } from 'vitest';
import { ANALYZERS } from '../../src/analyzers/registry.js';
import type { FileAnalysis } from '../../src/core/model.js';

/** Deeper than a recursive walk on a default stack (which failed TypeScript at 2,000 to 5,000 levels). */
const DEEP = 50_000;

function analyze(path: string, source: string): FileAnalysis {
  const analyzer = ANALYZERS.find((candidate) => candidate.claims(path));
  if (analyzer === undefined) throw new Error(`no analyzer for ${path}`);
  return analyzer.analyze(path, source);
}

const names = (analysis: FileAnalysis): string[] => analysis.symbols.map((symbol) => symbol.qualifiedName);
const nest = (open: string, inner: string, close: string, depth: number): string =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

describe('deeply nested valid files', () => {
  it(`Python: ${DEEP} nested calls, lists and parentheses`, () => {
    const source =
      `def f(v):\n    return v\n\n` +
      `x = ${nest('f(', '1', ')', DEEP)}\n` +
      `y = ${nest('[', '1', ']', DEEP)}\n` +
      `z = ${nest('(', '1', ')', DEEP)}\n\n` +
      `def after():\n    return f(2)\n`;
    const analysis = analyze('deep.py', source);
    expect(names(analysis)).toEqual(['deep', 'deep.f', 'deep.after']);
    expect(analysis.calls.filter((call) => call.calleeText === 'f').length).toBe(DEEP + 1);
  });

  it(`JSON: ${DEEP} nested arrays and objects`, () => {
    const arrays = analyze('arrays.json', `{"deep": ${nest('[', '1', ']', DEEP)}, "after": 2}\n`);
    expect(names(arrays).sort()).toEqual(['arrays.json', 'arrays.json#/after', 'arrays.json#/deep']);
    const objects = analyze('objects.json', `${nest('{"a": ', '1', '}', DEEP)}\n`);
    expect(names(objects).slice(0, 3)).toEqual(['objects.json', 'objects.json#/a', 'objects.json#/a/a']);
  });

  // oxc-parser's own recursion sets the limit on this stack (it needs the analysis process's 64 MiB thread for more).
  it('TypeScript: 5,000 nested arrays, calls and arrow functions, 2,000 nested blocks', () => {
    const depth = 5000;
    const source =
      `export const arrays = ${nest('[', '1', ']', depth)};\n` +
      `export const calls = ${nest('f(', '1', ')', depth)};\n` +
      `export const arrows = ${'() => '.repeat(depth)}g();\n` +
      `export function blocks(x: boolean) {\n${'if (x) {\n'.repeat(2000)}h();\n${'}\n'.repeat(2000)}}\n` +
      `export function after() { return f(2); }\n`;
    const analysis = analyze('deep.ts', source);
    expect(names(analysis)).toEqual(['deep', 'deep.arrays', 'deep.calls', 'deep.arrows', 'deep.blocks', 'deep.after']);
    const callers = (callee: string): string[] =>
      analysis.calls.filter((call) => call.calleeText === callee).map((call) => names(analysis)[call.callerIndex]!);
    expect(callers('f')).toEqual([...Array<string>(depth).fill('deep.calls'), 'deep.after']);
    expect(callers('g')).toEqual(['deep.arrows']);
    expect(callers('h')).toEqual(['deep.blocks']);
  });

  it('TypeScript: 5,000 nested destructuring patterns bind their innermost name', () => {
    const source = `export function p(${nest('[', 'inner', ']', 5000)}: any) { return inner(); }\n`;
    const analysis = analyze('pattern.ts', source);
    // A parameter shadows file-level names: the call gets no candidate.
    expect(analysis.calls).toEqual([{ callerIndex: 1, calleeText: 'inner', targetHint: null, line: 1 }]);
  });

  it('Rust: 20,000 nested use lists', () => {
    const depth = 20_000;
    const source = `use a::${nest('{b::', 'c', '}', depth)};\nfn main() { c(); }\n`;
    const analysis = analyze('src/main.rs', source);
    const [call] = analysis.calls;
    expect(call?.calleeText).toBe('c');
    expect(call?.targetHint).toBe(`a::${'b::'.repeat(depth)}c`);
  });

  for (const [path, source] of [
    ['deep.go', `package deep\n\nfunc F() int { return ${nest('(', '1', ')', DEEP)} }\n`],
    ['deep.c', `int f(void) { return ${nest('(', '1', ')', DEEP)}; }\n`],
    ['deep.cpp', `int f() { return ${nest('(', '1', ')', DEEP)}; }\n`],
    ['Deep.java', `class Deep { int f() { return ${nest('(', '1', ')', DEEP)}; } }\n`],
    ['deep.sh', `f() { echo ${nest('$(', 'x', ')', 2000)}; }\n`],
  ] as const) {
    it(`${path}: deep nesting is analyzed`, () => {
      const analysis = analyze(path, source);
      expect(analysis.symbols.length).toBeGreaterThanOrEqual(2);
      expect(analysis.symbols.some((symbol) => symbol.name === 'f' || symbol.name === 'F')).toBe(true);
    });
  }
});
