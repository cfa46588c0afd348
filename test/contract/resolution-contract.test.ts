/**
 * The resolution rules of `docs/architecture/index-semantics.md` ("Derived state") on every backend: candidate lists,
 * suffix candidates (unique or unresolved), locals that never resolve, and an incremental run that changes the
 * answer of an unchanged file — each backend equal to the memory reference and to a fresh full index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { queryGraph } from '../../src/query/graph.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const FILES: Record<string, string> = {
  'pkg/__init__.py': 'from .core import Graph\n',
  'pkg/core.py': 'class Graph:\n    def add(self):\n        pass\n\n\ndef helper():\n    pass\n',
  'pkg/other.py': 'def helper():\n    pass\n',
  'pkg/use.py': [
    'import pkg', // 1
    '', // 2
    '', // 3
    'def go(x):', // 4
    '    g = pkg.Graph()', // 5: pkg.Graph is a re-export → *Graph
    '    g.add()', // 6: constructed receiver → *Graph.add
    '    helper()', // 7: two functions named helper → unresolved
    '    x()', // 8: a parameter → never a global
    '    go(1)', // 9: the module's own function
  ].join('\n'),
  'web/base.ts': 'export class Base {\n  ping(): number {\n    return 1;\n  }\n}\n',
  'web/index.ts': "export { Base } from './base';\n",
  'web/child.ts': [
    "import { Base } from './index';", // 1: through the folder index
    'export class Child extends Base {', // 2
    '  constructor() {', // 3
    '    super();', // 4: the parent class
    '  }', // 5
    '  run(other: Base, ping: () => number): number {', // 6
    '    return this.ping() + other.ping() + ping();', // 7: inherited, typed receiver, parameter
    '  }', // 8
    '}', // 9
  ].join('\n'),
};

async function edges(backend: BackendFactory, location: StoreLocation): Promise<string[]> {
  const reader = await backend.openReader(location);
  try {
    const graph = await queryGraph(reader);
    return graph.edges
      .filter((e) => e.kind === 'call')
      .map((e) => `${e.path}:${e.line} ${e.text} -> ${e.target ?? '-'}`);
  } finally {
    await reader.close();
  }
}

for (const name of TEST_BACKENDS) {
  describe(`resolution rules: ${name}`, () => {
    let repo: FixtureRepo;
    let backend: BackendFactory;
    let memory: BackendFactory;
    let location: StoreLocation;

    beforeEach(async () => {
      repo = createFixtureRepo(FILES);
      backend = await loadBackend(name);
      memory = await loadBackend('memory');
      location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    });
    afterEach(() => repo.dispose());

    const reference = async (): Promise<string[]> => {
      const ref = { repoRoot: repo.root, stateDir: repo.stateDir(`reference-${Date.now()}`) };
      await index(memory, ref, true);
      return edges(memory, ref);
    };

    it('takes the first answered candidate; an ambiguous suffix or a local resolves to nothing', async () => {
      await index(backend, location);
      const found = await edges(backend, location);
      expect(found).toEqual([
        'pkg/use.py:5 pkg.Graph -> pkg.core.Graph',
        'pkg/use.py:6 g.add -> pkg.core.Graph.add',
        'pkg/use.py:7 helper -> -',
        'pkg/use.py:8 x -> -',
        'pkg/use.py:9 go -> pkg.use.go',
        'web/child.ts:4 super -> web/base.Base',
        'web/child.ts:7 other.ping -> web/base.Base.ping',
        'web/child.ts:7 ping -> -',
        'web/child.ts:7 this.ping -> web/base.Base.ping',
      ]);
      expect(found).toEqual(await reference());
    });

    it('an incremental run re-resolves unchanged files whose suffix became unique', async () => {
      await index(backend, location);
      repo.remove('pkg/other.py');
      const report = await index(backend, location);
      expect(report.mode).toBe('incremental');
      const found = await edges(backend, location);
      expect(found).toContain('pkg/use.py:7 helper -> pkg.core.helper');
      const fresh = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-fresh`) };
      await index(backend, fresh, true);
      expect(found).toEqual(await edges(backend, fresh));
      expect(found).toEqual(await reference());
      repo.write('pkg/other.py', 'def helper():\n    pass\n');
      await index(backend, location);
      expect(await edges(backend, location)).toContain('pkg/use.py:7 helper -> -');
    });
  });
}
