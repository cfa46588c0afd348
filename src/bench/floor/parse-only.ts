/**
 * The `parse-only` floor of a campaign: `node dist/bench/floor/parse-only.js <root>` lists the files the analyzers
 * claim (the indexer's own scanner and size limit), reads each and runs only its analyzer's parser, on one thread,
 * then prints `{files, failed, bytes, parseMs}` as JSON. A full index that is not much slower than this is near what
 * parsing alone costs; issue 12's target is a full index ≤ 0.75 × this row (two cores against one).
 *
 * @packageDocumentation
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzerFor } from '../../core/analyzer.js';
import { ANALYZERS } from '../../analyzers/registry.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/indexer.js';
import { scanRepository } from '../../core/scanner.js';
import { decodeSource, readRegularFile } from '../../core/source-text.js';
import { FLOOR_PARSERS } from './floor-parsers.js';

/** What a parse-only pass did. */
export interface ParseOnlyReport {
  /** Files parsed. */
  readonly files: number;
  /** Files that could not be read or decoded, or whose parser threw (a syntax error: still parsed). */
  readonly failed: number;
  /** Bytes read. */
  readonly bytes: number;
  /** Time of the read-and-parse loop in milliseconds (the scan excluded). */
  readonly parseMs: number;
}

/**
 * Parse every file the analyzers claim under a root, one after the other.
 *
 * @param root - Repository root.
 * @returns Counts and the loop's time.
 */
export async function parseOnly(root: string): Promise<ParseOnlyReport> {
  const claims = (path: string): boolean => analyzerFor(ANALYZERS, path) !== undefined;
  const scanned = await scanRepository(root, claims);
  const started = performance.now();
  let files = 0;
  let failed = 0;
  let bytes = 0;
  for (const file of scanned) {
    if (file.size > DEFAULT_MAX_FILE_BYTES) continue; // not indexed either (the default size limit)
    const read = readRegularFile(join(root, file.path));
    const decoded = 'bytes' in read ? decodeSource(read.bytes) : read;
    if (!('text' in decoded)) {
      failed++;
      continue;
    }
    files++;
    bytes += 'bytes' in read ? read.bytes.length : 0;
    const parse = FLOOR_PARSERS[analyzerFor(ANALYZERS, file.path)!.name];
    try {
      parse?.(file.path, decoded.text);
    } catch {
      failed++;
    }
  }
  return { files, failed, bytes, parseMs: performance.now() - started };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = process.argv[2];
  if (root === undefined) {
    process.stderr.write('usage: node parse-only.js <repository root>\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(await parseOnly(resolve(root)))}\n`);
  }
}
