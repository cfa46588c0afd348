/**
 * Runs one analyzer over every file it claims in a real corpus, for the per-language corpus tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analyzer } from '../../src/core/analyzer.js';
import type { FileAnalysis } from '../../src/core/model.js';
import { materializeCorpus, type CorpusSource } from '../../src/bench/corpus.js';

/** What an analyzer made of a corpus. */
export interface CorpusAnalysis {
  readonly root: string;
  /** Analyses by repository-relative path. */
  readonly analyses: ReadonlyMap<string, FileAnalysis>;
  /** `path: reason` of each file the analyzer rejected. */
  readonly failures: readonly string[];
  /** The analysis of one file; throws when it was not analyzed. */
  readonly of: (path: string) => FileAnalysis;
}

/**
 * Fetch (or reuse) a corpus and analyze every file the analyzer claims.
 *
 * @param source - The pinned corpus.
 * @param analyzer - The analyzer under test.
 * @returns The analyses and failures.
 */
export async function analyzeCorpus(source: CorpusSource, analyzer: Analyzer): Promise<CorpusAnalysis> {
  const root = await materializeCorpus(source);
  const analyses = new Map<string, FileAnalysis>();
  const failures: string[] = [];
  const paths = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => analyzer.claims(path))
    .sort();
  for (const path of paths) {
    try {
      analyses.set(path, analyzer.analyze(path, readFileSync(join(root, path), 'utf8')));
    } catch (error) {
      failures.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const of = (path: string): FileAnalysis => {
    const analysis = analyses.get(path);
    if (analysis === undefined) throw new Error(`not analyzed: ${path}`);
    return analysis;
  };
  return { root, analyses, failures, of };
}

/**
 * Every call of a file as `caller -> callee hint line`, for compact assertions.
 *
 * @param analysis - A file analysis.
 * @returns One line per call site.
 */
export function callLines(analysis: FileAnalysis): string[] {
  return analysis.calls.map(
    (call) =>
      `${analysis.symbols[call.callerIndex]?.qualifiedName} -> ${call.calleeText} ${call.targetHint} ${call.line}`,
  );
}

/**
 * Every callable reference of a file as `owner ~> target hint line`.
 *
 * @param analysis - A file analysis.
 * @returns One line per reference.
 */
export function referenceLines(analysis: FileAnalysis): string[] {
  return analysis.references.map(
    (ref) => `${analysis.symbols[ref.ownerIndex]?.qualifiedName} ~> ${ref.targetText} ${ref.targetHint} ${ref.line}`,
  );
}

/**
 * Every finding of a file as `rule symbol line`.
 *
 * @param analysis - A file analysis.
 * @returns One line per finding.
 */
export function findingLines(analysis: FileAnalysis): string[] {
  return analysis.findings.map((finding) => `${finding.rule} ${finding.symbol} ${finding.line}`);
}

/**
 * Check the structural invariants every analysis keeps: the module symbol first, line ranges inside the file,
 * caller and owner indexes pointing at symbols.
 *
 * @param analyses - Analyses by path.
 * @returns `path: problem` lines, empty when all hold.
 */
export function invariantViolations(analyses: ReadonlyMap<string, FileAnalysis>): string[] {
  const problems: string[] = [];
  for (const [path, analysis] of analyses) {
    const module = analysis.symbols[0];
    if (module?.kind !== 'module' || module.startLine !== 1) problems.push(`${path}: no module symbol first`);
    const last = module?.endLine ?? 0;
    for (const symbol of analysis.symbols) {
      if (!(symbol.startLine >= 1 && symbol.startLine <= symbol.endLine && symbol.endLine <= last)) {
        problems.push(`${path}: ${symbol.qualifiedName} lines ${symbol.startLine}-${symbol.endLine} outside 1-${last}`);
      }
    }
    for (const call of analysis.calls) {
      if (analysis.symbols[call.callerIndex] === undefined)
        problems.push(`${path}: call at ${call.line} without caller`);
    }
    for (const ref of analysis.references) {
      if (analysis.symbols[ref.ownerIndex] === undefined)
        problems.push(`${path}: reference at ${ref.line} without owner`);
    }
  }
  return problems;
}
