import { describe, expect, it } from 'vitest';
import { renderFlameGraph } from '../../src/bench/export/flame-graph.js';
import { flameTree, functionTimes, type CpuProfile } from '../../src/bench/profile/cpuprofile.js';

const frame = (functionName: string, url = 'file:///x/build-1/dist/core/a.js') => ({
  functionName,
  url,
  lineNumber: 1,
});
// (root) → main → work → work (recursion); main → parse; (idle) is ignored.
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 6] },
    { id: 2, callFrame: frame('main'), children: [3, 5] },
    { id: 3, callFrame: frame('work'), children: [4] },
    { id: 4, callFrame: frame('work') },
    { id: 5, callFrame: frame('parse', 'file:///y/node_modules/lib/p.js') },
    { id: 6, callFrame: frame('(idle)', '') },
  ],
  samples: [3, 4, 4, 5, 6, 2],
  timeDeltas: [1000, 2000, 2000, 3000, 50_000, 500],
};

describe('CPU profile analysis', () => {
  it('gives self and total time per file:function, counting recursion once and leaving idle time out', () => {
    const { busyMs, functions } = functionTimes([PROFILE]);
    expect(busyMs).toBe(8.5);
    const byName = Object.fromEntries(functions.map((f) => [f.name, [f.selfMs, f.totalMs]]));
    expect(byName).toEqual({
      'dist/core/a.js:main': [0.5, 8.5],
      'dist/core/a.js:work': [5, 5],
      'node_modules/lib/p.js:parse': [3, 3],
    });
  });

  it('adds the threads of one process together', () => {
    expect(functionTimes([PROFILE, PROFILE]).busyMs).toBe(17);
  });

  it('merges the call tree by function along each path and draws it', () => {
    const tree = flameTree(PROFILE);
    expect(tree.totalMs).toBe(8.5);
    const main = tree.children.get('dist/core/a.js:main')!;
    expect(main.totalMs).toBe(8.5);
    expect(main.children.get('dist/core/a.js:work')!.children.get('dist/core/a.js:work')!.totalMs).toBe(4);
    const svg = renderFlameGraph(tree, 'test');
    expect(svg).toContain('dist/core/a.js:work: 5.0 ms (58.8 %)');
    expect(svg.match(/<rect /g)!.length).toBe(6); // background + all, main, work, work, parse
  });
});
