/**
 * Analysis of one file, shared by the inline path and the worker threads: read (never through a link, never blocking),
 * hash, decode (UTF-8, or UTF-16 with a byte-order mark; binary and invalid text rejected), run the owning analyzer,
 * embed its symbols. Every failure becomes a {@link FailedFile}.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import { analyzerFor, type Analyzer } from './analyzer.js';
import { embedSymbols } from './embeddings.js';
import type { AnalyzedFile, FailedFile, FileRecord } from './model.js';
import { decodeSource, readRegularFile } from './source-text.js';

/** One file to analyze. */
export interface AnalysisTask {
  readonly path: string;
  /** Modification time seen by the scanner, stored for the stat shortcut. */
  readonly mtimeMs: number;
  /** Size seen by the scanner, in bytes: bounds how far analysis runs ahead of the consumer (absent: counted as 0). */
  readonly bytes?: number;
  /**
   * The file as the indexing thread read it for its hazard check (`analysis-pool.ts`' `analysisPlan`), with its
   * {@link hashContent}: analysis uses these bytes instead of reading the file again, so an analysis thread needs no
   * hash function of its own (`node:crypto` is ~1–2 ms of CPU to load in a fresh thread; issue 12, session 23).
   */
  readonly content?: FileContent;
  /** The file's layout in the run's tree (`Analyzer.layout`); absent: `''`. */
  readonly layout?: string;
}

/** A file's bytes and their {@link hashContent}. */
export interface FileContent {
  readonly bytes: Uint8Array;
  readonly hash: string;
}

/** The result of analyzing one file. */
export type AnalysisOutcome =
  { readonly kind: 'ok'; readonly analyzed: AnalyzedFile } | { readonly kind: 'failed'; readonly failure: FailedFile };

/**
 * Hash file content the way the index stores it (the planner compares stored hashes with it).
 *
 * @param content - Raw file bytes.
 * @returns Hex SHA-1 digest.
 */
export function hashContent(content: Uint8Array): string {
  // Loaded on first use: an analysis thread given its files' content (AnalysisTask.content) never loads it.
  return process.getBuiltinModule('node:crypto').createHash('sha1').update(content).digest('hex');
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
  const read = task.content ?? readRegularFile(join(root, task.path));
  if ('reason' in read) {
    const file: FileRecord = {
      path: task.path,
      hash: '',
      size: 0,
      mtimeMs: task.mtimeMs,
      analyzer: analyzer?.name ?? '',
    };
    return { kind: 'failed', failure: { file, reason: read.reason } };
  }
  const { bytes } = read;
  const file: FileRecord = {
    path: task.path,
    hash: task.content?.hash ?? hashContent(bytes),
    size: bytes.length,
    mtimeMs: task.mtimeMs,
    analyzer: analyzer?.name ?? '',
  };
  const fail = (reason: string): AnalysisOutcome => ({ kind: 'failed', failure: { file, reason } });
  if (!analyzer) return fail('no analyzer claims this file');
  const decoded = decodeSource(bytes);
  if ('reason' in decoded) return fail(decoded.reason);
  const source = decoded.text;
  try {
    const analysis = analyzer.analyze(task.path, source, task.layout ?? '');
    return { kind: 'ok', analyzed: { file, analysis, embeddings: embedSymbols(analysis.symbols) } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A recursive step of a parser or walker ran out of stack: the file nests deeper than analysis can follow.
    if (error instanceof RangeError && /call stack/i.test(message)) return fail('too deep');
    return fail(error instanceof Error && error.name === 'AnalysisError' ? message : `analyzer error: ${message}`);
  }
}
