/**
 * The accuracy measurement of one corpus: run each language's oracle over the corpus and score the graph codira
 * exported for it. The campaign runner calls {@link measureAccuracy} once per repository (when the campaign asks)
 * with the output of `codira graph --json` from its control index.
 *
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import { scoreGraph, type AccuracyScore, type GraphInput } from './accuracy-compare.js';
import type { OracleSite } from './oracle-site.js';
import { pythonOracle } from './python-oracle.js';
import { typescriptOracle } from './typescript-oracle.js';

/** Languages with an oracle. */
export type OracleLanguage = 'typescript' | 'python';

/** Python call sites drawn per corpus, and the seed of the draw (fixed so every run scores the same sites). */
export const PYTHON_SAMPLE = 300;
export const PYTHON_SEED = 10;

interface RecordBase {
  readonly language: OracleLanguage;
  /** Oracle and version, e.g. `typescript 5.9.3 type checker`. */
  readonly oracle: string;
  /** Sites drawn (Python), or `null` when every site in a function body was examined (TypeScript). */
  readonly sample: number | null;
  readonly seed: number | null;
}

/** One language's accuracy on one corpus. */
export type AccuracyRecord =
  | (RecordBase & {
      readonly state: 'completed';
      readonly score: AccuracyScore;
      /** Wall time of the oracle, in milliseconds. */
      readonly oracleMs: number;
    })
  | (Omit<RecordBase, 'language'> & {
      readonly state: 'errored';
      /** `null` when the graph export itself failed, before any language was known. */
      readonly language: OracleLanguage | null;
      readonly error: string;
    });

const SCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * The indexed files of each oracle language: the oracles read exactly what codira indexed.
 *
 * @param graph - Parsed graph output.
 * @returns Sorted repository-relative paths per language that has any, TypeScript first.
 */
export function filesByLanguage(graph: GraphInput): [OracleLanguage, string[]][] {
  const paths = [...new Set(graph.nodes.map((n) => n.path))].sort();
  const out: [OracleLanguage, string[]][] = [];
  const scripts = paths.filter((p) => SCRIPT.test(p));
  const python = paths.filter((p) => p.endsWith('.py'));
  if (scripts.length > 0) out.push(['typescript', scripts]);
  if (python.length > 0) out.push(['python', python]);
  return out;
}

/**
 * Measure a corpus's call-graph accuracy for every language it holds.
 *
 * @param root - The indexed tree (absolute).
 * @param graph - `codira graph --json` of its index.
 * @returns One record per language, errors kept as records so one failing oracle does not stop the campaign.
 */
export async function measureAccuracy(root: string, graph: GraphInput): Promise<AccuracyRecord[]> {
  const records: AccuracyRecord[] = [];
  for (const [language, files] of filesByLanguage(graph)) {
    const base: RecordBase =
      language === 'typescript'
        ? { language, oracle: `typescript ${await typescriptVersion()} type checker`, sample: null, seed: null }
        : { language, oracle: 'jedi 0.18.2 goto', sample: PYTHON_SAMPLE, seed: PYTHON_SEED };
    const started = performance.now();
    try {
      const sites: OracleSite[] =
        language === 'typescript'
          ? await typescriptOracle(root, files)
          : await pythonOracle(root, files, { sample: PYTHON_SAMPLE, seed: PYTHON_SEED });
      const oracleMs = performance.now() - started;
      records.push({ ...base, state: 'completed', score: scoreGraph(graph, sites), oracleMs });
    } catch (error) {
      records.push({ ...base, state: 'errored', error: (error as Error).message.split('\n')[0] ?? 'unknown error' });
    }
  }
  return records;
}

/**
 * The runner's entry: score a graph export, or record why there is none.
 *
 * @param root - The indexed tree (absolute).
 * @param graph - Stdout of `codira graph --json`, or why it failed.
 * @returns One record per language (one errored record when the export failed).
 */
export async function accuracyOfExport(
  root: string,
  graph: { readonly json: string } | { readonly error: string },
): Promise<AccuracyRecord[]> {
  if ('error' in graph) {
    return [{ state: 'errored', language: null, oracle: 'none', sample: null, seed: null, error: graph.error }];
  }
  return measureAccuracy(root, JSON.parse(graph.json) as GraphInput);
}

async function typescriptVersion(): Promise<string> {
  return (await import('typescript')).default.version;
}
