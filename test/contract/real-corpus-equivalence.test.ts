/**
 * Differential test on real corpora (a Debian Python package and an npm TypeScript package): every query command's
 * JSON is identical on every backend for the same repository state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { materializeCorpus, type CorpusSource } from '../../src/bench/corpus.js';
import type { ReadSession } from '../../src/core/contracts.js';
import { runIndex } from '../../src/core/indexer.js';
import { auditFindings } from '../../src/query/audit.js';
import { queryEdgeTree, queryEdges } from '../../src/query/calls.js';
import { buildContext } from '../../src/query/ctx.js';
import { searchEmbeddings } from '../../src/query/emb.js';
import { findSymbol, listSymbols } from '../../src/query/symbols.js';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';

interface Corpus {
  readonly label: string;
  readonly source: CorpusSource;
  readonly symbols: readonly string[];
  readonly questions: readonly string[];
}

const CORPORA: readonly Corpus[] = [
  {
    label: 'networkx',
    source: { kind: 'debian', package: 'python3-networkx', version: '2.8.8-1' },
    symbols: ['shortest_path', 'networkx.classes.graph.Graph.add_edge', 'dijkstra_path'],
    questions: ['shortest path between two nodes', 'minimum spanning tree of a weighted graph'],
  },
  {
    label: 'rxjs',
    source: { kind: 'npm', package: 'rxjs', version: '7.8.2', subdir: 'src' },
    symbols: ['map', 'internal/Observable.Observable.subscribe', 'mergeMap'],
    questions: ['retry a failed observable', 'combine the latest values of several observables'],
  },
];

/**
 * Every query command's result for a corpus, as the JSON the CLI would print.
 *
 * @param reader - Open read session.
 * @param corpus - The corpus and its known symbols and questions.
 * @returns All results as one JSON text.
 */
async function answers(reader: ReadSession, corpus: Corpus): Promise<string> {
  const out: Record<string, unknown> = {};
  out['symlist'] = await listSymbols(reader, 200);
  const top = (out['symlist'] as Awaited<ReturnType<typeof listSymbols>>).symbols.slice(0, 3);
  for (const name of [...corpus.symbols, ...top.map((s) => s.qualifiedName)]) {
    out[`sym ${name}`] = await findSymbol(reader, name);
    for (const kind of ['calls', 'refs'] as const) {
      for (const direction of ['outgoing', 'incoming'] as const) {
        out[`${kind} ${direction} ${name}`] = await queryEdges(reader, { kind, name, direction });
      }
    }
    out[`calls tree ${name}`] = await queryEdgeTree(reader, { kind: 'calls', name, direction: 'outgoing' }, 3);
  }
  for (const question of corpus.questions) {
    out[`ctx ${question}`] = await buildContext(reader, question, 10);
    out[`emb ${question}`] = await searchEmbeddings(reader, question, 10);
  }
  out['audit'] = await auditFindings(reader);
  return JSON.stringify(out, null, 1);
}

for (const corpus of CORPORA) {
  describe(`query equivalence across backends on ${corpus.label}`, () => {
    let root: string;
    let scratch: string;
    const results = new Map<string, string>();

    beforeAll(async () => {
      root = await materializeCorpus(corpus.source);
      scratch = mkdtempSync(join(tmpdir(), `codira-eq-${corpus.label}-`));
      for (const name of TEST_BACKENDS) {
        const backend = await loadBackend(name);
        const location = { repoRoot: root, stateDir: join(scratch, name, '.codira') };
        const report = await runIndex({ backend, location, analyzers: ANALYZER_SET, full: true });
        expect(report.failed).toEqual([]);
        const reader = await backend.openReader(location);
        try {
          results.set(name, await answers(reader, corpus));
        } finally {
          await reader.close();
        }
      }
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('finds the known symbols and edges (the comparison is not between empty results)', () => {
      const reference = JSON.parse(results.get(TEST_BACKENDS[0]!)!) as Record<
        string,
        { symbols?: unknown[]; edges?: unknown[] }
      >;
      for (const name of corpus.symbols) {
        expect(reference[`sym ${name}`]!.symbols!.length).toBeGreaterThan(0);
        expect(reference[`calls outgoing ${name}`]!.edges!.length).toBeGreaterThan(0);
      }
    });

    for (const name of TEST_BACKENDS.slice(1)) {
      it(`${name} answers exactly like ${TEST_BACKENDS[0]}`, () => {
        expect(results.get(name)).toBe(results.get(TEST_BACKENDS[0]!));
      });
    }
  });
}
