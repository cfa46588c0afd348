/**
 * `codira graph` end to end through the compiled CLI (`npm test` builds dist/ first): the whole graph of the fixture
 * repository, identical on every backend.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphResult } from '../../src/query/graph.js';
import { TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'codira.js');

describe('graph command (CLI)', () => {
  let repo: FixtureRepo;
  const codira = (backend: string, ...args: string[]) => {
    const out = join(repo.stateDir(backend), '..');
    const run = spawnSync(
      process.execPath,
      [BIN, ...args, '--path', repo.root, '--output-dir', out, '--backend', backend],
      { encoding: 'utf8' },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  beforeAll(() => {
    repo = createFixtureRepo();
    for (const backend of TEST_BACKENDS) expect(codira(backend, 'index').status).toBe(0);
  });
  afterAll(() => repo.dispose());

  it('exports every call and reference site with its caller, target and kind', () => {
    const run = codira(TEST_BACKENDS[0]!, 'graph', '--json');
    expect(run.status).toBe(0);
    const graph = JSON.parse(run.stdout) as GraphResult;
    const edges = graph.edges.map((e) => `${e.path}:${e.line} ${e.kind} ${e.caller} -> ${e.target ?? `?${e.text}`}`);
    expect(edges).toContain('shop/cart.py:14 call shop.cart.Cart.add -> shop.cart.Cart.total');
    expect(edges).toContain('shop/cart.py:17 call shop.cart.Cart.total -> shop.pricing.apply_discount');
    expect(edges).toContain('shop/cart.py:13 call shop.cart.Cart.add -> ?self.items.append');
    expect(edges).toContain('web/api.ts:9 reference web/api.renderPrices -> web/format.formatPrice');
    const total = graph.edges.find((e) => e.target === 'shop.cart.Cart.total')!;
    expect([total.targetPath, total.targetLine]).toEqual(['shop/cart.py', 16]);
    expect(graph.nodes.map((n) => n.qualifiedName)).toContain('web/api.PriceList.render');
    const resolved = graph.edges.filter((e) => e.kind === 'call' && e.target !== null).length;
    expect(graph.counts.call.resolved).toBe(resolved);
  });

  it('prints the same graph on every backend', () => {
    const outputs = TEST_BACKENDS.map((backend) => codira(backend, 'graph', '--json').stdout);
    for (const output of outputs) expect(output).toBe(outputs[0]);
  });

  it('renders lines, a DOT digraph, and filters by path prefix', () => {
    const backend = TEST_BACKENDS[0]!;
    expect(codira(backend, 'graph').stdout).toMatch(
      /^shop\/cart\.py:13 +shop\.cart\.Cart\.add +-> +self\.items\.append \(unresolved\)$/m,
    );
    const dot = codira(backend, 'graph', '--dot').stdout;
    expect(dot.startsWith('digraph codira {')).toBe(true);
    expect(dot).toContain('"web/api.renderPrices" -> "web/format.formatPrice" [style=dotted];');
    const web = JSON.parse(codira(backend, 'graph', '--json', '--prefix', 'web/').stdout) as GraphResult;
    expect(web.edges.length).toBeGreaterThan(0);
    expect(web.edges.every((e) => e.path.startsWith('web/'))).toBe(true);
  });
});
