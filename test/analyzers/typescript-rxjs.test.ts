import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { typescriptAnalyzer } from '../../src/analyzers/typescript/typescript-analyzer.js';
import { materializeCorpus } from '../../src/bench/corpus.js';
import type { FileAnalysis, SymbolRecord } from '../../src/core/model.js';

// Facts below were read off rxjs 7.8.2's `src/` by hand.
let root = '';

async function analyzeFile(path: string): Promise<FileAnalysis> {
  return typescriptAnalyzer.analyze(path, await readFile(join(root, path), 'utf8'));
}

function symbol(analysis: FileAnalysis, qualifiedName: string): SymbolRecord {
  const found = analysis.symbols.find((s) => s.qualifiedName === qualifiedName);
  if (found === undefined) throw new Error(`no symbol ${qualifiedName}`);
  return found;
}

beforeAll(async () => {
  root = await materializeCorpus({ kind: 'npm', package: 'rxjs', version: '7.8.2', subdir: 'src' });
});

describe('typescript analyzer on rxjs 7.8.2', () => {
  it('reads internal/operators/map.ts: one overloaded, documented operator', async () => {
    const analysis = await analyzeFile('internal/operators/map.ts');
    expect(analysis.module).toBe('internal/operators/map');
    expect(analysis.symbols.map((s) => s.qualifiedName)).toEqual([
      'internal/operators/map',
      'internal/operators/map.map',
    ]);
    const map = symbol(analysis, 'internal/operators/map.map');
    expect(map).toMatchObject({
      kind: 'function',
      exported: true,
      startLine: 47,
      endLine: 61,
      signature:
        'export function map<T, R>(project: (value: T, index: number) => R, thisArg?: any): OperatorFunction<T, R>',
    });
    expect(map.docstring?.startsWith('Applies a given `project` function to each value emitted by the source\n')).toBe(
      true,
    );
    expect(analysis.calls).toContainEqual({
      callerIndex: 1,
      calleeText: 'operate',
      targetHint: 'internal/util/lift.operate|internal/util/lift/index.operate|*operate|=internal/util/lift.operate',
      line: 48,
    });
    expect(analysis.calls).toContainEqual({
      callerIndex: 1,
      calleeText: 'createOperatorSubscriber',
      targetHint:
        'internal/operators/OperatorSubscriber.createOperatorSubscriber|' +
        'internal/operators/OperatorSubscriber/index.createOperatorSubscriber|*createOperatorSubscriber|' +
        '=internal/operators/OperatorSubscriber.createOperatorSubscriber',
      line: 54,
    });
    // The doc has @param project, @param thisArg and @return: nothing to report.
    expect(analysis.findings).toEqual([]);
  });

  it('reads internal/Observable.ts: class, methods, visibility and call hints', async () => {
    const analysis = await analyzeFile('internal/Observable.ts');
    const observable = symbol(analysis, 'internal/Observable.Observable');
    expect(observable).toMatchObject({ kind: 'class', exported: true, startLine: 15, endLine: 468 });
    expect(observable.docstring).toBe(
      'A representation of any set of values over any amount of time. This is the most basic building block\nof RxJS.',
    );
    const subscribe = symbol(analysis, 'internal/Observable.Observable.subscribe');
    expect(subscribe).toMatchObject({
      kind: 'method',
      exported: true,
      startLine: 204,
      endLine: 230,
      signature:
        'subscribe(observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null, ' +
        'error?: ((error: any) => void) | null, complete?: (() => void) | null): Subscription',
    });
    expect(symbol(analysis, 'internal/Observable.Observable._subscribe').exported).toBe(false);
    expect(symbol(analysis, 'internal/Observable.Observable.create').kind).toBe('method');
    expect(symbol(analysis, 'internal/Observable.isSubscriber')).toMatchObject({ kind: 'function', exported: false });
    const subscribeIndex = analysis.symbols.indexOf(subscribe);
    const fromSubscribe = analysis.calls.filter((c) => c.callerIndex === subscribeIndex);
    expect(fromSubscribe).toContainEqual({
      callerIndex: subscribeIndex,
      calleeText: 'SafeSubscriber',
      targetHint:
        'internal/Subscriber.SafeSubscriber|internal/Subscriber/index.SafeSubscriber|*SafeSubscriber|=internal/Subscriber.SafeSubscriber',
      line: 209,
    });
    expect(fromSubscribe).toContainEqual({
      callerIndex: subscribeIndex,
      calleeText: 'isSubscriber',
      targetHint: 'internal/Observable.isSubscriber',
      line: 209,
    });
    expect(fromSubscribe).toContainEqual({
      callerIndex: subscribeIndex,
      calleeText: 'this._trySubscribe',
      targetHint: 'internal/Observable.Observable._trySubscribe',
      line: 225,
    });
  });

  it('analyzes every .ts file of the corpus without failure', async () => {
    const paths = (await readdir(root, { recursive: true }))
      .map(String)
      .filter((path) => path.endsWith('.ts') && typescriptAnalyzer.claims(path))
      .sort();
    expect(paths).toHaveLength(251);
    const failures: string[] = [];
    for (const path of paths) {
      try {
        const analysis = await analyzeFile(path);
        if (analysis.symbols[0]?.kind !== 'module') failures.push(`${path}: no module symbol`);
      } catch (error) {
        failures.push(`${path}: ${String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
