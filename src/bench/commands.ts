/**
 * What each benchmark command runs and what its output must show. Index commands check their JSON report, so a
 * "warm" index that secretly rebuilt, or a "partial" one that re-indexed everything, is an error, not a fast sample.
 *
 * @packageDocumentation
 */
import { dirname, join } from 'node:path';
import type { ProcessCommandName } from './command-names.js';
import type { Targets } from './result.js';

/** The fields of `codira index --json` the harness reads. */
export interface IndexReportView {
  readonly mode: string;
  readonly indexed: number;
  readonly failed: number;
  readonly sizeBytes: number | null;
}

/**
 * Read an `index --json` report.
 *
 * @param stdout - The process output.
 * @returns The fields the harness uses, or a problem description.
 */
export function parseIndexReport(stdout: string): IndexReportView | string {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return `index --json printed no JSON: ${stdout.slice(0, 120)}`;
  }
  const report = value as { mode?: unknown; indexed?: unknown; failed?: unknown; sizeBytes?: unknown };
  if (typeof report.mode !== 'string' || typeof report.indexed !== 'number') {
    return 'index --json report lacks mode/indexed';
  }
  return {
    mode: report.mode,
    indexed: report.indexed,
    failed: Array.isArray(report.failed) ? report.failed.length : 0,
    sizeBytes: typeof report.sizeBytes === 'number' ? report.sizeBytes : null,
  };
}

/** How to measure one command. */
export interface CommandPlan {
  /** `partial` commands run on a second copy whose files are edited before each round. */
  readonly tree: 'main' | 'partial';
  /**
   * The codira arguments (before the global options), or why the command cannot run on this repository.
   *
   * @param targets - Resolved query targets.
   */
  args(targets: Targets): readonly string[] | { readonly skip: string };
  /**
   * Check a successful run's output.
   *
   * @param stdout - The JSON output.
   * @returns A problem that makes the sample an error, or `null`.
   */
  check(stdout: string): string | null;
  /**
   * Floor rows only: the process is `node <these arguments>` instead of codira, run once per round for the whole
   * repository (variant `floor`), not once per variant.
   *
   * @param bin - `bin/codira.js` of the current build (its `dist/` holds the parse-only script).
   * @param tree - The repository copy.
   */
  floor?(bin: string, tree: string): readonly string[];
}

function expectIndex(what: string, ok: (report: IndexReportView) => boolean): (stdout: string) => string | null {
  return (stdout) => {
    const report = parseIndexReport(stdout);
    if (typeof report === 'string') return report;
    return ok(report) ? null : `${what} (got mode ${report.mode}, ${report.indexed} indexed)`;
  };
}

const noCheck = (): null => null;

function needsSymbol(build: (symbol: string) => readonly string[]): CommandPlan['args'] {
  return (targets) => (targets.symbol === null ? { skip: 'the index has no symbol to query' } : build(targets.symbol));
}

/** The plan of every command. */
export const COMMAND_PLANS: Readonly<Record<ProcessCommandName, CommandPlan>> = Object.freeze({
  'index-full': {
    tree: 'main',
    args: () => ['index', '--full'],
    check: expectIndex('index --full did not rebuild', (r) => r.mode === 'full'),
  },
  'index-warm': {
    tree: 'main',
    args: () => ['index'],
    check: expectIndex('index on an unchanged index was not a no-op', (r) => r.mode === 'noop' && r.indexed === 0),
  },
  'index-partial': {
    tree: 'partial',
    args: (targets) => (targets.partialFile === null ? { skip: 'no file to edit' } : ['index']),
    check: expectIndex(
      'index after a one-file edit did not re-index just that file',
      (r) => r.mode === 'incremental' && r.indexed === 1,
    ),
  },
  ctx: { tree: 'main', args: (targets) => ['ctx', targets.ctxQuery], check: noCheck },
  sym: { tree: 'main', args: needsSymbol((symbol) => ['sym', symbol]), check: noCheck },
  calls: { tree: 'main', args: needsSymbol((symbol) => ['calls', symbol]), check: noCheck },
  refs: { tree: 'main', args: needsSymbol((symbol) => ['refs', symbol, '--incoming']), check: noCheck },
  symlist: { tree: 'main', args: () => ['symlist'], check: noCheck },
  audit: { tree: 'main', args: () => ['audit'], check: noCheck },
  'floor-node': { tree: 'main', args: () => [], check: noCheck, floor: () => ['-e', '0'] },
  'parse-only': {
    tree: 'main',
    args: () => [],
    check: (stdout) => {
      let files: unknown;
      try {
        files = (JSON.parse(stdout) as { files?: unknown }).files;
      } catch {
        files = undefined;
      }
      return typeof files === 'number' && files > 0 ? null : `parse-only parsed no file: ${stdout.slice(0, 120)}`;
    },
    floor: (bin, tree) => [join(dirname(bin), '..', 'dist', 'bench', 'floor', 'parse-only.js'), tree],
  },
});
