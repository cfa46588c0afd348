/**
 * The hostile-repository suite: `codira index` on a repository salted with hostile files, run by an unprivileged
 * user through the compiled CLI, on every backend, as a plain folder and as a git work tree. Every case ends as its
 * table says (indexed, failed with a reason, or ignored), the run completes and commits, and the queries answer the
 * same on every backend (queried in-process, which is faster than a process per query; the CLI is spot-checked).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { auditFindings } from '../../src/query/audit.js';
import { queryEdges, queryEdgeTree } from '../../src/query/calls.js';
import { buildContext } from '../../src/query/ctx.js';
import { findSymbol, listSymbols } from '../../src/query/symbols.js';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';
import { HOSTILE_CASES, writeHostileRepo, type HostileRepo, type Outcome } from './hostile-repo.js';
import { handOver, isOneLineError, runCli, runNode, type CliRun } from './unprivileged.js';

interface IndexJson {
  readonly mode: string;
  readonly failed: readonly { readonly path: string; readonly reason: string }[];
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/** Queries whose answers must be identical on every backend, named for failure messages. */
const QUERIES: Readonly<Record<string, (reader: ReadSession) => Promise<unknown>>> = {
  'symlist all': (r) => listSymbols(r, null),
  'sym __proto__': (r) => findSymbol(r, '__proto__'),
  'sym constructor': (r) => findSymbol(r, 'constructor'),
  'sym hasOwnProperty': (r) => findSymbol(r, 'hasOwnProperty'),
  'sym toString': (r) => findSymbol(r, 'toString'),
  'sym SQL text': (r) => findSymbol(r, "'; DROP TABLE symbols;--"),
  'sym %': (r) => findSymbol(r, '%'),
  'sym a_c': (r) => findSymbol(r, 'a_c'),
  'symlist --prefix %': (r) => listSymbols(r, null, '%'),
  'symlist --prefix _': (r) => listSymbols(r, null, '_'),
  'symlist --prefix 100%_': (r) => listSymbols(r, null, '100%_'),
  'ctx LIKE metacharacters': (r) => buildContext(r, '100% done_ [brackets] \\ backslash', 10),
  'ctx a_c': (r) => buildContext(r, 'a_c', 10),
  'ctx SQL text': (r) => buildContext(r, "Robert'); DROP TABLE symbols;--", 10),
  'ctx 60,000-letter word': (r) => buildContext(r, 'w'.repeat(60_000), 10),
  'ctx 60,000 percent signs': (r) => buildContext(r, '%'.repeat(60_000), 10),
  'ctx NUL and control characters': (r) => buildContext(r, 'a\u0000b \u001b[31m red', 10),
  'ctx astral and case-folding letters': (r) => buildContext(r, '𝒳 İstanbul ǅ ß KELVIN\u212a', 10),
  'sym with a NUL': (r) => findSymbol(r, 'ok\u0000'),
  'symlist --prefix astral': (r) => listSymbols(r, null, '𝒳'),
  'calls tree': (r) => queryEdgeTree(r, { kind: 'calls', name: 'toString', direction: 'outgoing' }, 10),
  'calls incoming': (r) => queryEdges(r, { kind: 'calls', name: '__proto__', direction: 'incoming' }),
  audit: (r) => auditFindings(r),
};

const PROBE = `const fs = require('node:fs');
  for (const p of ['unreadable.py', 'locked']) {
    try { p === 'locked' ? fs.readdirSync(p) : fs.readFileSync(p); console.log('readable ' + p); }
    catch (e) { console.log(e.code + ' ' + p); }
  }`;

async function answers(backend: string, location: StoreLocation): Promise<Record<string, string>> {
  const reader = await (await loadBackend(backend)).openReader(location);
  try {
    const result: Record<string, string> = {};
    for (const [name, query] of Object.entries(QUERIES)) result[name] = JSON.stringify(await query(reader));
    return result;
  } finally {
    await reader.close();
  }
}

for (const git of [false, true]) {
  describe(`hostile repository (${git ? 'git work tree' : 'plain folder'})`, () => {
    let repo: HostileRepo;
    let out: string;
    const runs = new Map<string, CliRun>();
    const location = (backend: string): StoreLocation => ({
      repoRoot: repo.root,
      stateDir: join(out, backend, '.codira'),
    });
    const codira = (backend: string, ...args: string[]): CliRun =>
      runCli([...args, '--path', repo.root, '--output-dir', join(out, backend), '--backend', backend], {
        unprivileged: true,
      });
    const outcomeOf = (c: (typeof HOSTILE_CASES)[number]): Outcome => (git ? c.gitOutcome : undefined) ?? c.outcome;

    beforeAll(() => {
      repo = writeHostileRepo({ git });
      out = mkdtempSync(join(tmpdir(), 'codira-hostile-out-'));
      handOver(repo.root);
      handOver(out);
      for (const backend of TEST_BACKENDS) runs.set(backend, codira(backend, 'index', '--json'));
    });
    afterAll(() => {
      repo.dispose();
      rmSync(out, { recursive: true, force: true });
    });

    it('really runs the CLI as a user who cannot read the unreadable file and folder', () => {
      const probe = runNode(`process.chdir(${JSON.stringify(repo.root)}); ${PROBE}`, { unprivileged: true });
      expect(probe.stdout).toBe('EACCES unreadable.py\nEACCES locked\n');
    });

    for (const backend of TEST_BACKENDS) {
      describe(backend, () => {
        it('completes and commits: exit 0, no stack trace, every case as its table says', async () => {
          const run = runs.get(backend)!;
          expect(run.signal).toBeNull();
          expect(run.stderr).toBe('');
          expect(run.status).toBe(0);
          const report = JSON.parse(run.stdout) as IndexJson;
          expect(report.mode).toBe('full');
          const failedBy = new Map(report.failed.map((f) => [f.path, f.reason]));
          const skippedBy = new Map(report.skipped.map((f) => [f.path, f.reason]));
          const reader = await (await loadBackend(backend)).openReader(location(backend));
          const symbols = await reader.listSymbols({}).finally(() => reader.close());
          const indexedPaths = new Set(symbols.map((s) => s.path));
          for (const hostile of HOSTILE_CASES) {
            const outcome = outcomeOf(hostile);
            const label = `${hostile.name} (${JSON.stringify(hostile.path)})`;
            if (outcome.kind === 'indexed') {
              expect(failedBy.get(hostile.path), label).toBeUndefined();
              const found = symbols.find((s) => s.qualifiedName === outcome.symbol);
              expect(found, label).toMatchObject({ path: hostile.path, startLine: outcome.line });
            } else if (outcome.kind === 'failed') {
              expect(failedBy.get(hostile.path), label).toMatch(outcome.reason);
              expect(indexedPaths.has(hostile.path), label).toBe(false);
            } else if (outcome.kind === 'skipped') {
              expect(skippedBy.get(hostile.path), label).toMatch(outcome.reason);
              expect(failedBy.has(hostile.path), label).toBe(false);
              expect(indexedPaths.has(hostile.path), label).toBe(false);
            } else {
              expect(failedBy.has(hostile.path), label).toBe(false);
              expect(skippedBy.has(hostile.path), label).toBe(false);
              expect(indexedPaths.has(hostile.path), label).toBe(false);
            }
          }
          const expectedSkips = HOSTILE_CASES.filter((c) => outcomeOf(c).kind === 'skipped').map((c) => c.path);
          expect([...skippedBy.keys()].sort()).toEqual(expectedSkips.sort());
          // Nothing outside the table failed, and the link back into the repository did not index a file twice.
          const expectedFailures = HOSTILE_CASES.filter((c) => outcomeOf(c).kind === 'failed').map((c) => c.path);
          expect([...failedBy.keys()].sort()).toEqual(expectedFailures.sort());
          expect(symbols.filter((s) => s.qualifiedName.endsWith('.in_pkg')).map((s) => s.path)).toEqual(['pkg/mod.py']);
        });

        it('finds nothing to do on the next run (failures are not retried) and still reports the skipped paths', () => {
          const again = codira(backend, 'index', '--json');
          expect(again.status).toBe(0);
          const report = JSON.parse(again.stdout) as IndexJson;
          expect(report.mode).toBe('noop');
          expect(report.skipped).toEqual((JSON.parse(runs.get(backend)!.stdout) as IndexJson).skipped);
        });
      });
    }

    it('answers every query identically on every backend', async () => {
      const [first, ...others] = TEST_BACKENDS;
      const reference = await answers(first!, location(first!));
      for (const backend of others) expect(await answers(backend, location(backend))).toEqual(reference);
    });

    it('treats SQL and LIKE metacharacters in queries literally', async () => {
      const reader = await (await loadBackend(TEST_BACKENDS[0]!)).openReader(location(TEST_BACKENDS[0]!));
      try {
        expect((await findSymbol(reader, 'a_c')).symbols.map((s) => s.qualifiedName)).toEqual(['sql.a_c']);
        const paths = async (prefix: string): Promise<Set<string>> =>
          new Set((await listSymbols(reader, null, prefix)).symbols.map((s) => s.path));
        expect(await paths('100%_')).toEqual(new Set(['100%_done.py']));
        expect(await paths('_')).toEqual(new Set(['__proto__.py']));
        expect(await paths('%')).toEqual(new Set());
      } finally {
        await reader.close();
      }
    });

    if (!git) {
      it('prints one-line records and answers long query words through the CLI on every backend', () => {
        for (const backend of TEST_BACKENDS) {
          const symlist = codira(backend, 'symlist', '--prefix', 'new');
          expect(symlist.status).toBe(0);
          expect(symlist.stdout.split('\n').filter((line) => line.includes('new\\nline'))).toHaveLength(2);
          const long = codira(backend, 'ctx', 'w'.repeat(60_000), '--json');
          expect([long.status, long.stderr]).toEqual([0, '']);
          const bad = codira(backend, 'symlist', '--limit', 'abc');
          expect(bad.status).toBe(2);
          expect(isOneLineError(bad)).toBe(true);
          expect(bad.stderr).toBe("codira: --limit must be a non-negative integer, got 'abc'\n");
          // Larger than any exact integer: the SQL engines failed with "datatype mismatch" / internal errors.
          const huge = codira(backend, 'symlist', '--limit', '99999999999999999999');
          expect([huge.status, isOneLineError(huge)]).toEqual([2, true]);
        }
      });
    }
  });
}
