import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parsePython } from '../../src/analyzers/python/python-parser.js';
import { TREE_BUDGET_SOURCE_CHARS, treeCollections } from '../../src/analyzers/tree-sitter/tree-memory.js';

/** A syntactically valid Python module of about `chars` characters: many small functions. */
function pythonSource(chars: number): string {
  const unit = 'def f_N(a, b=1):\n    return g(a, [b, b + 1], {"k": a})\n\n';
  return Array.from({ length: Math.ceil(chars / unit.length) }, (_, i) => unit.replace('N', String(i))).join('');
}

describe('syntax tree memory', () => {
  it('collects finished trees once the parses since the last collection exceed the budget', async () => {
    const source = pythonSource(TREE_BUDGET_SOURCE_CHARS / 2 + 1);
    const before = treeCollections();
    for (let i = 0; i < 5; i++) {
      parsePython(source);
      await nextTurn();
    }
    // Parses 1–2 fill the budget, parse 3 collects, parses 3–4 fill it again, parse 5 collects.
    expect(treeCollections() - before).toBe(2);
  });

  it('keeps the native memory of repeated parses bounded instead of growing with every file', async () => {
    // ~200k characters make a tree of ~20 MB outside the JS heap; twenty uncollected trees would hold ~400 MB.
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
