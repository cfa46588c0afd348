/**
 * The backend contract suite (MISSION.md §5), parameterized over every registered backend. The memory backend is the
 * reference; every scenario also checks that the backend's dump equals the memory backend's for the same tree.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { IndexUnavailableError } from '../../src/core/errors.js';
import { rankedRow } from '../../src/core/model.js';
import { listSymbols, findSymbol } from '../../src/query/symbols.js';
import { queryEdges } from '../../src/query/calls.js';
import { dumpAt, dumpIndex, type IndexDump } from '../support/dump.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';
import { TEST_BACKENDS, index, loadBackend, spyOnSessions } from '../support/backends.js';

/**
 * A dump without the runtime inventory, so two backends can be compared.
 *
 * @param d - A dump.
 * @returns The dump minus `meta.runtime`.
 */
function engineNeutral(d: IndexDump): IndexDump {
  const { runtime: _runtime, ...meta } = d.meta as { runtime: unknown };
  return { ...d, meta };
}

function fingerprint(paths: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    paths
      .filter((p) => existsSync(p))
      .map((p) => [p, `${createHash('sha256').update(readFileSync(p)).digest('hex')}@${statSync(p).mtimeMs}`]),
  );
}

for (const name of TEST_BACKENDS) {
  describe(`backend contract: ${name}`, () => {
    let repo: FixtureRepo;
    let backend: BackendFactory;
    let memory: BackendFactory;
    let location: StoreLocation;

    beforeEach(async () => {
      repo = createFixtureRepo();
      backend = await loadBackend(name);
      memory = await loadBackend('memory');
      location = { repoRoot: repo.root, stateDir: repo.stateDir(name) };
    });
    afterEach(() => repo.dispose());

    const referenceDump = async (): Promise<IndexDump> => {
      const refLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`reference-${Date.now()}`) };
      await index(memory, refLocation, true);
      return engineNeutral(await dumpAt(memory, refLocation));
    };

    it('full index: a failing file is reported and leaves no rows, only a failure record', async () => {
      const report = await index(backend, location);
      expect(report.mode).toBe('full');
      expect(report.failed.map((f) => f.path)).toEqual(['broken.py']);
      expect(report.failed[0]!.reason).toMatch(/syntax error/);
      expect(report.indexed).toBe(5);
      const d = await dumpAt(backend, location);
      expect((d.files as { path: string }[]).map((f) => f.path)).toEqual([
        'shop/__init__.py',
        'shop/cart.py',
        'shop/pricing.py',
        'web/api.ts',
        'web/format.ts',
      ]);
      expect((d.failures as { file: { path: string } }[]).map((f) => f.file.path)).toEqual(['broken.py']);
      const rows = [...d.symbols, ...d.calls, ...d.references, ...d.findings] as { path: string }[];
      expect(rows.some((row) => row.path === 'broken.py')).toBe(false);
      expect(rows.length).toBeGreaterThan(20);
      expect(d.embeddings).toHaveLength(d.symbols.length);
      expect(engineNeutral(d)).toEqual(await referenceDump());
    });

    it('resolves calls across files and computes fan-in / fan-out', async () => {
      await index(backend, location);
      const reader = await backend.openReader(location);
      try {
        const incoming = await queryEdges(reader, { kind: 'calls', name: 'apply_discount', direction: 'incoming' });
        expect(incoming.edges.map((e) => `${e.from}@${e.line}`)).toEqual(['shop.cart.Cart.total@17']);
        const refs = await queryEdges(reader, { kind: 'refs', name: 'formatPrice', direction: 'incoming' });
        expect(refs.edges.map((e) => e.from)).toEqual(['web/api.renderPrices']);
        const top = await listSymbols(reader, 3);
        expect(top.symbols.map((s) => [s.qualifiedName, s.fanIn])).toContainEqual(['shop.pricing.apply_discount', 1]);
        const rowKeys = ['docstring', 'endLine', 'exported', 'id', 'kind', 'language', 'module', 'name', 'path']
          .concat(['qualifiedName', 'signature', 'startLine'])
          .sort();
        for (const row of [...(await reader.symbolsByName(['Cart'])), ...(await reader.symbolsMatching(['cart']))]) {
          expect(Object.keys(row).sort()).toEqual(rowKeys);
        }
        const sym = await findSymbol(reader, 'Cart');
        expect(sym.symbols.map((s) => [s.qualifiedName, s.kind, s.path, s.startLine])).toEqual([
          ['shop.cart.Cart', 'class', 'shop/cart.py', 5],
        ]);
      } finally {
        await reader.close();
      }
    });

    it('lists symbols (and their ranked fields) like the reference at every limit, through ties and past the connected symbols', async () => {
      const refLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`reference-list-${Date.now()}`) };
      await index(backend, location);
      await index(memory, refLocation, true);
      const [reader, reference] = [await backend.openReader(location), await memory.openReader(refLocation)];
      try {
        const all = await reference.listSymbols({});
        const connected = all.filter((row) => row.fanIn > 0 || row.fanOut > 0).length;
        expect(connected).toBeGreaterThan(2);
        expect(all.length).toBeGreaterThan(connected);
        for (let limit = 1; limit <= all.length + 1; limit++) {
          for (const options of [{ limit }, { limit, pathPrefix: 'shop/' }, { limit, kinds: ['function' as const] }]) {
            const strip = (rows: readonly { id: number }[]): unknown[] => rows.map(({ id: _id, ...row }) => row);
            expect(strip(await reader.listSymbols(options))).toEqual(strip(await reference.listSymbols(options)));
            // The ranked fields alone, as `symlist` reads them (DuckDB: from `metrics` up to the connected symbols).
            const listed = (await reference.listSymbols(options)).map(rankedRow);
            expect(strip(await reader.rankSymbols(options))).toEqual(strip(listed));
          }
        }
      } finally {
        await reader.close();
        await reference.close();
      }
    });

    it('resolved-only edge lookups are the filtered lookups, and a long-lived session answers the same', async () => {
      const refLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`reference-resident-${Date.now()}`) };
      await index(backend, location);
      await index(memory, refLocation, true);
      const [reader, reference] = [await backend.openReader(location), await memory.openReader(refLocation)];
      const strip = (rows: readonly object[]): unknown[] =>
        rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !/Id$|^id$/.test(key))));
      const answers = async (r: typeof reader): Promise<unknown[]> => {
        const ids = (await r.listSymbols({})).map((row) => row.id);
        const out: unknown[] = [];
        for (const kind of ['call', 'reference'] as const) {
          for (const direction of ['from', 'to'] as const) {
            const all = await r.edges({ kind, direction, ids });
            const resolved = await r.edges({ kind, direction, ids, resolvedOnly: true });
            expect(resolved).toEqual(all.filter((e) => e.targetId !== null));
            out.push(strip(all), strip(resolved), strip(await r.edges({ kind, direction, ids: ids.slice(0, 3) })));
          }
        }
        for (const options of [{}, { limit: 4 }, { limit: 3, pathPrefix: 'shop/' }, { kinds: ['function', 'x'] }])
          out.push(strip(await r.listSymbols(options)));
        out.push(strip(await r.symbolsByName(['Cart', 'shop.pricing.apply_discount', 'nothing'])));
        return out;
      };
      try {
        const expected = await answers(reference);
        // The fixture has unresolved calls, so a resolved-only lookup leaves some edges out.
        expect((expected[0] as unknown[]).length).toBeGreaterThan((expected[1] as unknown[]).length);
        expect(await answers(reader)).toEqual(expected);
        // A long-lived session answers the same while it builds what it keeps in memory and once it has.
        await reader.keepResident?.();
        expect(await answers(reader)).toEqual(expected);
        await (reader as { residentSettled?: () => Promise<void> }).residentSettled?.();
        expect(await answers(reader)).toEqual(expected);
      } finally {
        await reader.close();
        await reference.close();
      }
    });

    it('incremental change / delete / add / reuse equals a fresh full index of the same tree', async () => {
      await index(backend, location);
      repo.write('shop/pricing.py', 'def apply_discount(amount, rate):\n    return amount\n');
      repo.remove('web/format.ts');
      repo.write(
        'shop/tax.py',
        'from .pricing import apply_discount\n\ndef with_tax(x):\n    return apply_discount(x, -0.2)\n',
      );
      repo.write('broken.py', 'def fixed():\n    return 1\n');
      repo.write('web/api.ts', 'export function renderPrices(: number) {}\n'); // now fails
      const report = await index(backend, location);
      expect(report.mode).toBe('incremental');
      expect(report.paths.changed).toEqual(['broken.py', 'shop/pricing.py', 'shop/tax.py', 'web/api.ts']);
      expect(report.paths.deleted).toEqual(['web/format.ts']);
      expect(report.paths.reused).toEqual(['shop/__init__.py', 'shop/cart.py']);
      expect(report.failed.map((f) => f.path)).toEqual(['web/api.ts']);
      const incremental = await dumpAt(backend, location);
      const freshLocation = { repoRoot: repo.root, stateDir: repo.stateDir(`${name}-fresh`) };
      await index(backend, freshLocation, true);
      expect(incremental).toEqual(await dumpAt(backend, freshLocation));
      expect((incremental.symbols as { path: string }[]).some((s) => s.path === 'web/api.ts')).toBe(false);
      expect(engineNeutral(incremental)).toEqual(await referenceDump());
    });

    it('an unchanged warm index never begins a write session', async () => {
      const spied = spyOnSessions(backend);
      await index(spied.backend, location);
      expect(spied.sessionsBegun()).toBe(1);
      const before = fingerprint(backend.storeFiles(location));
      const warm = await index(spied.backend, location);
      expect(warm.mode).toBe('noop');
      expect(warm.reused).toBe(6);
      expect(spied.sessionsBegun()).toBe(1);
      expect(fingerprint(backend.storeFiles(location))).toEqual(before);
    });

    it('queries are read-only: store files byte-identical, no new files in the state directory', async () => {
      await index(backend, location);
      const before = fingerprint(backend.storeFiles(location));
      const listing = readdirSync(location.stateDir).sort();
      const reader = await backend.openReader(location);
      try {
        await dumpIndex(reader);
        await reader.symbolsByName(['Cart', 'formatPrice'], 'shop/');
        await reader.symbolsMatching(['price'], 'web/');
        await reader.edges({ kind: 'call', direction: 'to', ids: [1, 2, 3] });
        await reader.edges({ kind: 'reference', direction: 'to', ids: [1, 2, 3] });
        await reader.findings('shop/');
        await findSymbol(reader, 'total');
      } finally {
        await reader.close();
      }
      expect(fingerprint(backend.storeFiles(location))).toEqual(before);
      expect(readdirSync(location.stateDir).sort()).toEqual(listing);
    });

    it('path prefixes are literal, not patterns', async () => {
      repo.write('a_b/x.py', 'def in_underscore():\n    pass\n');
      repo.write('aXb/y.py', 'def in_x():\n    pass\n');
      await index(backend, location);
      const reader = await backend.openReader(location);
      try {
        const rows = await reader.listSymbols({ pathPrefix: 'a_b/' });
        expect([...new Set(rows.map((r) => r.path))]).toEqual(['a_b/x.py']);
        expect(await reader.symbolsMatching(['in_'], '%')).toEqual([]);
      } finally {
        await reader.close();
      }
    });

    it('every language and symbol kind round-trips; calls resolve to macros, across files and in each new language', async () => {
      const files: Record<string, string> = {
        'native/util.h': '#define CLAMP(x) ((x) < 0 ? 0 : (x))\nstruct point { int x; };\nunion u { int i; };\n',
        'native/util.c': '/** Clamp. @param v value @return clamped */\nint clamp_all(int v) { return CLAMP(v); }\n',
        'native/main.c': 'int main(void) { return clamp_all(-1); }\n',
        'geo/shape.go':
          'package geo\n\n// Shape is a shape.\ntype Shape interface{ Area() float64 }\n\n// Sq is a square.\ntype Sq struct{}\n',
        'geo/area.go': 'package geo\n\n// Area is the area.\nfunc (s Sq) Area() float64 { return s.side() }\n',
        'geo/bad.go': 'package geo\nfunc (\n',
        'crate/src/lib.rs':
          '//! Crate.\npub trait T {}\npub enum E { A }\npub type Alias = u8;\npub fn run() { helper() }\nfn helper() {}\n',
        'tools/build.sh': '# Build.\nbuild() { make; }\nbuild\n',
        'config/app.json': '{"description": "App config.", "server": {"port": 8080}}\n',
        'docs/guide.md': '# Guide\n\nHow to build.\n\n## Install\n\nRun it.\n',
        'native/shape.hpp': 'namespace geo { class Box { public: int area() { return 1; } }; }\n',
      };
      for (const [path, content] of Object.entries(files)) repo.write(path, content);
      const report = await index(backend, location);
      expect(report.failed.map((f) => f.path)).toEqual(['broken.py', 'geo/bad.go']);
      const d = await dumpAt(backend, location);
      const kinds = new Set((d.symbols as { kind: string }[]).map((s) => s.kind));
      expect([...kinds].sort()).toEqual(
        ['class', 'enum', 'function', 'interface', 'key', 'macro', 'method', 'module', 'namespace', 'section']
          .concat(['struct', 'trait', 'type', 'union'])
          .sort(),
      );
      expect(engineNeutral(d)).toEqual(await referenceDump());
      const reader = await backend.openReader(location);
      try {
        const edges = async (calleeName: string): Promise<string[]> =>
          (await queryEdges(reader, { kind: 'calls', name: calleeName, direction: 'incoming' })).edges.map(
            (e) => `${e.from}@${e.line}`,
          );
        expect(await edges('CLAMP')).toEqual(['clamp_all@2']);
        expect(await edges('clamp_all')).toEqual(['main@1']);
        expect(await edges('crate::helper')).toEqual(['crate::run@5']);
        expect(await edges('build')).toEqual(['tools/build.sh@3']);
      } finally {
        await reader.close();
      }
    });

    it('a missing index is a clear IndexUnavailableError, not a crash', async () => {
      const error = await backend.openReader(location).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IndexUnavailableError);
      expect((error as IndexUnavailableError).problem).toBe('missing');
      expect((error as Error).message).toMatch(/run `codira index`/);
    });

    it('a full re-index after the store is deleted rebuilds it', async () => {
      await index(backend, location);
      for (const file of backend.storeFiles(location)) rmSync(file, { force: true });
      const report = await index(backend, location);
      expect(report.mode).toBe('full');
      expect(report.reason).toBe('no usable index');
      expect(engineNeutral(await dumpAt(backend, location))).toEqual(await referenceDump());
    });
  });
}
