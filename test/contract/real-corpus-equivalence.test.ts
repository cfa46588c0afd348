/**
 * Differential test on real corpora (Python, TypeScript, C, C++, Go, Rust, Bash, JSON and Markdown code bases from
 * Debian and npm): every query command's JSON is identical on every backend for the same repository state.
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
  /** Known symbols with outgoing calls. */
  readonly symbols: readonly string[];
  readonly questions: readonly string[];
  /** Known symbols without calls (documentation sections, configuration keys). */
  readonly documents?: readonly string[];
  /** Paths the corpus really cannot index (not code of the language, compile-fail tests). */
  readonly failures?: readonly string[];
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
  {
    label: 'apfs (C)',
    source: { kind: 'debian', package: 'apfs-dkms', version: '0.3.0-1', subdir: 'usr/src/linux-apfs-rw-0.3.0-1' },
    symbols: ['apfs_logic_to_phys_bno', 'apfs_extent_from_query', 'extents.c::apfs_extent_read'],
    questions: ['physical block number of a file extent', 'create a snapshot of a volume'],
  },
  {
    label: 'nlohmann-json (C++)',
    source: { kind: 'debian', package: 'nlohmann-json3-dev', version: '3.11.2-2', subdir: 'usr/include/nlohmann' },
    symbols: ['dtoa_impl::compute_boundaries', 'dtoa_impl::grisu2_digit_gen', 'lexer::scan_string'],
    questions: ['parse a JSON number', 'format a floating point number as the shortest string'],
  },
  {
    label: 'cobra (Go)',
    source: {
      kind: 'debian',
      package: 'golang-github-spf13-cobra-dev',
      version: '1.6.1-1',
      subdir: 'usr/share/gocode/src',
    },
    symbols: ['github.com/spf13/cobra.Command.ExecuteC', 'Execute', 'github.com/spf13/cobra/doc.GenMan'],
    questions: ['parse command line flags before running a command', 'generate shell completion scripts'],
  },
  {
    label: 'serde_json (Rust)',
    source: {
      kind: 'debian',
      package: 'librust-serde-json-dev',
      version: '1.0.87-1',
      subdir: 'usr/share/cargo/registry',
    },
    symbols: ['serde_json::de::Deserializer::from_reader', 'serde_json::de::Deserializer::end', 'deserialize_number'],
    failures: ['serde_json-1.0.87/src/features_check/error.rs', 'serde_json-1.0.87/tests/ui/parse_expr.rs'],
    questions: ['deserialize a JSON string into a value', 'serialize a map with string keys'],
  },
  {
    label: 'cordova-android (Java)',
    source: { kind: 'npm', package: 'cordova-android', version: '12.0.1', subdir: 'framework/src' },
    symbols: ['org.apache.cordova.PluginManager.exec', 'org.apache.cordova.CordovaWebViewImpl.loadUrl'],
    questions: ['how does the web view load a URL', 'send a plugin result back to JavaScript'],
  },
  {
    label: 'bash-completion (Bash)',
    source: { kind: 'debian', package: 'bash-completion', version: '1:2.11-6', subdir: 'usr/share/bash-completion' },
    symbols: ['_make', '_filedir', 'have'],
    // A Python 2 script among the completions.
    failures: ['completions/btdownloadheadless.py'],
    questions: ['split a long option at the equals sign', 'complete host names from ssh config'],
  },
  {
    label: 'ajv schemas (JSON)',
    source: { kind: 'npm', package: 'ajv', version: '8.17.1', subdir: 'lib/refs' },
    symbols: [],
    documents: ['json-schema-draft-07.json#/definitions/schemaArray', 'properties'],
    questions: ['minimum number of items in an array'],
  },
  {
    label: 'npm docs (Markdown)',
    source: { kind: 'npm', package: 'npm', version: '10.9.2', subdir: 'docs/content' },
    symbols: [],
    documents: ['commands/npm-ci.md#description', 'Configuration'],
    questions: ['how does npm ci install from a lock file', 'publish a package to the registry'],
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
  for (const name of [...corpus.symbols, ...(corpus.documents ?? []), ...top.map((s) => s.qualifiedName)]) {
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
        expect(report.failed.map((failure) => failure.path)).toEqual(corpus.failures ?? []);
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
        expect(reference[`sym ${name}`]!.symbols!.length, name).toBeGreaterThan(0);
        expect(reference[`calls outgoing ${name}`]!.edges!.length, name).toBeGreaterThan(0);
      }
      for (const name of corpus.documents ?? [])
        expect(reference[`sym ${name}`]!.symbols!.length, name).toBeGreaterThan(0);
    });

    for (const name of TEST_BACKENDS.slice(1)) {
      it(`${name} answers exactly like ${TEST_BACKENDS[0]}`, () => {
        expect(results.get(name)).toBe(results.get(TEST_BACKENDS[0]!));
      });
    }
  });
}
