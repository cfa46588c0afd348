/**
 * Analysis of one file, shared by the inline path and the worker threads: read, hash, reject binary or non-UTF-8
 * content, run the owning analyzer, embed its symbols. Every failure becomes a {@link FailedFile}.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzerFor, type Analyzer } from './analyzer.js';
import { embedSymbols } from './embeddings.js';
import type { AnalyzedFile, FailedFile, FileRecord } from './model.js';

/** One file to analyze. */
export interface AnalysisTask {
  readonly path: string;
  /** Modification time seen by the scanner, stored for the stat shortcut. */
  readonly mtimeMs: number;
}

/** The result of analyzing one file. */
export type AnalysisOutcome =
  { readonly kind: 'ok'; readonly analyzed: AnalyzedFile } | { readonly kind: 'failed'; readonly failure: FailedFile };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How far into a file to look for a NUL byte when deciding it is binary (what git does). */
const BINARY_PROBE = 8000;

/**
 * Hash file content the way the index stores it (the planner compares stored hashes with it).
 *
 * @param content - Raw file bytes.
 * @returns Hex SHA-1 digest.
 */
export function hashContent(content: Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}

/**
 * Analyze one file.
 *
 * @param root - Absolute repository root.
 * @param task - The file.
 * @param analyzers - The run's analyzers in priority order; the first claiming the path analyzes it.
 * @returns The analyzed file, or a failure with its reason.
 */
export function analyzeFile(root: string, task: AnalysisTask, analyzers: readonly Analyzer[]): AnalysisOutcome {
  const analyzer = analyzerFor(analyzers, task.path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(root, task.path));
  } catch (error) {
    const file: FileRecord = {
      path: task.path,
      hash: '',
      size: 0,
      mtimeMs: task.mtimeMs,
      analyzer: analyzer?.name ?? '',
    };
    return {
      kind: 'failed',
      failure: { file, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` },
    };
  }
  const file: FileRecord = {
    path: task.path,
    hash: hashContent(bytes),
    size: bytes.length,
    mtimeMs: task.mtimeMs,
    analyzer: analyzer?.name ?? '',
  };
  const fail = (reason: string): AnalysisOutcome => ({ kind: 'failed', failure: { file, reason } });
  if (!analyzer) return fail('no analyzer claims this file');
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return fail('binary file');
  let source: string;
  try {
    source = utf8.decode(bytes);
  } catch {
    return fail('not valid UTF-8');
  }
  try {
    const analysis = analyzer.analyze(task.path, source);
    return { kind: 'ok', analyzed: { file, analysis, embeddings: embedSymbols(analysis.symbols) } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(error instanceof Error && error.name === 'AnalysisError' ? message : `analyzer error: ${message}`);
  }
}
