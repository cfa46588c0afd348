import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parsePython } from '../../src/analyzers/python/python-parser.js';
import {
  LARGE_TREE_SOURCE_CHARS,
  TREE_BUDGET_SOURCE_CHARS,
  treeCollections,
} from '../../src/analyzers/tree-sitter/tree-memory.js';

/**
 * A syntactically valid Python module: many small functions.
 *
 * @param chars - About how long it is.
 * @returns The source.
 */
function pythonSource(chars: number): string {
  const unit = 'def f_N(a, b=1):\n    return g(a, [b, b + 1], {"k": a})\n\n';
  return Array.from({ length: Math.ceil(chars / unit.length) }, (_, i) => unit.replace('N', String(i))).join('');
}

describe('syntax tree memory', () => {
  it('collects after each large parse, and after a budget of smaller ones', async () => {
    const large = pythonSource(LARGE_TREE_SOURCE_CHARS);
    const small = pythonSource(LARGE_TREE_SOURCE_CHARS / 2 - 100);
    parsePython(large);
    let before = treeCollections();
    parsePython(small); // collects the large tree first
    expect(treeCollections() - before).toBe(1);
    before = treeCollections();
    // Counting the one above, this many small parses fill the budget; only the parse after them collects.
    const smallParses = Math.ceil(TREE_BUDGET_SOURCE_CHARS / small.length);
    for (let i = 1; i < smallParses; i++) parsePython(small);
    expect(treeCollections() - before).toBe(0);
    parsePython(small);
    expect(treeCollections() - before).toBe(1);
  });

  it('keeps the native memory of repeated parses bounded instead of growing with every file', async () => {
    // ~200k characters (a large parse) make a tree of ~20 MB outside the JS heap; twenty uncollected trees would
    // hold ~400 MB.
    const source = pythonSource(200_000);
    parsePython(source);
    await nextTurn();
    const baseline = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) {
      parsePython(source);
      await nextTurn(); // the binding frees collected trees from a deferred callback
    }
    const grownMb = (process.memoryUsage().rss - baseline) / 2 ** 20;
    expect(grownMb).toBeLessThan(100);
  });
});
