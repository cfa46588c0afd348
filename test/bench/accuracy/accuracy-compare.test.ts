import { describe, expect, it } from 'vitest';
import { scoreGraph, type GraphInput } from '../../../src/bench/accuracy/accuracy-compare.js';
import type { OracleSite } from '../../../src/bench/accuracy/oracle-site.js';

const node = (
  qualifiedName: string,
  path: string,
  startLine: number,
  endLine: number,
): GraphInput['nodes'][number] => ({
  qualifiedName,
  name: qualifiedName.split('.').pop()!,
  path,
  startLine,
  endLine,
});
const call = (path: string, line: number, text: string, target: string | null): GraphInput['edges'][number] => ({
  kind: 'call',
  text,
  target,
  targetPath: target === null ? null : target.startsWith('b.') ? 'b.ts' : 'a.ts',
  path,
  line,
});
const site = (
  line: number,
  text: string,
  kind: OracleSite['kind'],
  status: OracleSite['status'],
  target?: [string, number, string],
): OracleSite => ({
  path: 'a.ts',
  line,
  text,
  kind,
  status,
  targets: target ? [{ path: target[0], line: target[1], name: target[2] }] : [],
});

const GRAPH: GraphInput = {
  nodes: [
    node('a', 'a.ts', 1, 30),
    node('a.main', 'a.ts', 2, 20),
    node('b.helper', 'b.ts', 1, 3),
    node('b.C', 'b.ts', 5, 9),
    node('b.C.run', 'b.ts', 6, 8),
  ],
  edges: [
    call('a.ts', 3, 'helper', 'b.helper'), // right
    call('a.ts', 4, 'c.run', null), // missed method
    call('a.ts', 5, 'map', 'b.helper'), // wrong: the oracle says the standard library
    call('a.ts', 6, 'x.go', 'b.helper'), // not judged: the oracle cannot type x
    call('a.ts', 7, 'C', 'b.C'), // right constructor
    { ...call('a.ts', 8, 'helper', 'b.helper'), kind: 'reference' }, // references are not scored
  ],
};

describe('scoreGraph', () => {
  const score = scoreGraph(GRAPH, [
    site(3, 'helper', 'function', 'resolved', ['b.ts', 1, 'helper']),
    site(4, 'c.run', 'object-method', 'resolved', ['b.ts', 6, 'run']),
    site(5, 'map', 'object-method', 'external'),
    site(6, 'x.go', 'object-method', 'unknown'),
    site(7, 'C', 'constructor', 'resolved', ['b.ts', 5, 'C']),
    site(8, 'helper', 'function', 'resolved', ['b.ts', 1, 'helper']),
  ]);

  it('counts recall over resolved sites and precision over judged edges', () => {
    expect(score.overall).toEqual({ expected: 4, found: 2, judged: 3, correct: 2, recall: 50, precision: 66.7 });
    expect(score.sites).toBe(6);
    expect(score.unknownSites).toBe(1);
  });

  it('breaks the counts down by call kind', () => {
    expect(score.byKind['object-method']).toMatchObject({
      expected: 1,
      found: 0,
      judged: 1,
      correct: 0,
      recall: 0,
      precision: 0,
    });
    expect(score.byKind.constructor).toMatchObject({ recall: 100, precision: 100 });
    expect(score.byKind.super).toMatchObject({ expected: 0, recall: null, precision: null });
  });

  it('keeps examples of misses and false edges', () => {
    expect(score.misses.map((m) => [m.line, m.codira, m.oracle])).toEqual([
      [4, null, 'b.ts:6:run'],
      [8, null, 'b.ts:1:helper'],
    ]);
    expect(score.falseEdges.map((m) => [m.line, m.codira, m.oracle])).toEqual([[5, 'b.helper', 'external']]);
  });

  it('maps a definition to the innermost symbol of its name whose lines hold it', () => {
    const nested: GraphInput = {
      nodes: [node('b.run', 'b.ts', 1, 10), node('b.run.run', 'b.ts', 4, 6)],
      edges: [call('a.ts', 3, 'run', 'b.run')],
    };
    const s = scoreGraph(nested, [site(3, 'run', 'function', 'resolved', ['b.ts', 4, 'run'])]);
    expect(s.overall).toMatchObject({ found: 0, judged: 1, correct: 0 });
  });
});
