/**
 * `impact`, `map` and `status` over the fixture repository on every backend: the expected answers are worked out by
 * hand from the fixture's call graph, and every backend must give the same bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/backends/registry.js';
import type { ReadSession } from '../../src/core/contracts.js';
import { queryImpact, renderImpact } from '../../src/query/impact.js';
import { renderMap, repoMap } from '../../src/query/map.js';
import { indexStatus, storeStamp } from '../../src/query/status.js';
import { index, TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

describe.each(TEST_BACKENDS)('impact, map and status (%s)', (name) => {
  let repo: FixtureRepo;
  let reader: ReadSession;
  beforeAll(async () => {
    repo = createFixtureRepo();
    const backend = await loadBackend(name);
    const location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    await index(backend, location);
    reader = await backend.openReader(location);
  });
  afterAll(async () => {
    await reader?.close();
    repo?.dispose();
  });

  it('impact walks callers and referrers level by level, nearest first, with their files', async () => {
    const result = await queryImpact(reader, { name: 'round_price', depth: 3 });
    expect(result.matches).toEqual(['shop.pricing.round_price']);
    expect(result.symbols.map((s) => [s.distance, s.symbol, s.via.join('+')])).toEqual([
      [1, 'shop.pricing.apply_discount', 'call'],
      [2, 'shop.cart.Cart.total', 'call'],
      [2, 'shop.cart.checkout', 'reference'],
      [3, 'shop.cart.Cart.add', 'call'],
    ]);
    expect(result.files).toEqual([
      { path: 'shop/pricing.py', symbols: 1, nearest: 1 },
      { path: 'shop/cart.py', symbols: 3, nearest: 2 },
    ]);
    const shallow = await queryImpact(reader, { name: 'round_price', depth: 1 });
    expect(shallow.symbols.map((s) => s.symbol)).toEqual(['shop.pricing.apply_discount']);
    expect(renderImpact(shallow)).toContain('impact of shop.pricing.round_price (depth 1): 1 symbols in 1 files');
    expect(renderImpact(await queryImpact(reader, { name: 'no_such', depth: 2 }))).toBe("no symbol named 'no_such'");
  });

  it('map ranks files by connectedness and stays within its budget with a marker', async () => {
    const full = await repoMap(reader, { budget: 100_000, symbolsPerFile: 2 });
    expect(full.truncated).toBe(false);
    expect(full.files[0]!.path).toBe('shop/cart.py');
    const scores = full.files.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(full.files.every((f) => f.symbols.length <= 2)).toBe(true);
    for (const budget of [150, 250, 400]) {
      const cut = await repoMap(reader, { budget, symbolsPerFile: 2 });
      const text = renderMap(cut);
      expect(text.length).toBeLessThanOrEqual(budget);
      expect(cut.files).toEqual(full.files.slice(0, cut.files.length));
      if (cut.truncated) expect(text).toMatch(/\[truncated: \d+ more files beyond the budget\]$/);
    }
  });

  it('status counts files per language', async () => {
    const backend = await loadBackend(name);
    const stamp = storeStamp(backend, { repoRoot: repo.root, stateDir: repo.stateDir(name) });
    const status = await indexStatus(reader, stamp!);
    expect(status.languages).toEqual([
      { language: 'python', indexed: 3, failed: 1 },
      { language: 'typescript', indexed: 2, failed: 0 },
    ]);
    expect(status.backend).toBe(name);
    expect(Date.parse(status.builtAt)).toBe(Math.trunc(stamp!.mtimeMs));
  });
});
