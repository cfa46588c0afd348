/**
 * What each benchmark command runs and what its output must show. Index commands check their JSON report, so a
 * "warm" index that secretly rebuilt, or a "partial" one that re-indexed everything, is an error, not a fast sample.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ANALYZERS } from '../analyzers/registry.js';
import { analyzerFor } from '../core/analyzer.js';
import { editedParserSpec } from './floor/edited-parser.js';
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
   * repository (variant `floor`), not once per variant; or why the row cannot run on this repository.
   *
   * @param bin - `bin/codira.js` of the current build (its `dist/` holds the floor scripts).
   * @param tree - The repository copy.
   * @param site - The run's targets and indexes on this repository.
   */
  floor?(bin: string, tree: string, site: FloorSite): readonly string[] | { readonly skip: string };
}

/** What a floor row may need of the repository besides its tree. */
export interface FloorSite {
  /** Resolved targets (the partial-change file). */
  readonly targets: Targets;
  /**
   * The state folder (`<output dir>/.codira`) of the current build's index of the main tree on a backend.
   *
   * @param backend - A backend name.
   * @returns The folder, or why there is none (no such variant in the run, or its first full index failed).
   */
  index(backend: string): string | { readonly skip: string };
}

/**
 * A floor script of the build.
 *
 * @param bin - `bin/codira.js` of the build.
 * @param name - Script name under `dist/bench/floor/`.
 * @returns Its path.
 */
function floorScript(bin: string, name: string): string {
  return join(dirname(bin), '..', 'dist', 'bench', 'floor', name);
}

/**
 * A check that the floor script printed JSON with a positive number in `field`.
 *
 * @param row - The row's name, for the message.
 * @param field - The field.
 * @param what - What a missing value means.
 * @returns The check.
 */
function expectPositive(row: string, field: string, what: string): (stdout: string) => string | null {
  return (stdout) => {
    let value: unknown;
    try {
      value = (JSON.parse(stdout) as Record<string, unknown>)[field];
    } catch {
      value = undefined;
    }
    return typeof value === 'number' && value > 0 ? null : `${row} ${what}: ${stdout.slice(0, 120)}`;
  };
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
    check: expectPositive('parse-only', 'files', 'parsed no file'),
    floor: (bin, tree) => [floorScript(bin, 'parse-only.js'), tree],
  },
  'duckdb-open': {
    tree: 'main',
    args: () => [],
    check: expectPositive('duckdb-open', 'rows', 'read no inventory row'),
    floor: (bin, _tree, site) => {
      const stateDir = site.index('duckdb');
      return typeof stateDir === 'string' ? [floorScript(bin, 'duckdb-open.cjs'), stateDir] : stateDir;
    },
  },
  'parse-edited': {
    tree: 'main',
    args: (targets) => (targets.partialFile === null ? { skip: 'no file to edit' } : []),
    check: expectPositive('parse-edited', 'bytes', 'parsed nothing'),
    floor: (bin, tree, site) => {
      const file = site.targets.partialFile;
      if (file === null) return { skip: 'no file to edit' };
      if (!existsSync(join(tree, file))) return { skip: `partial-change file ${file} is not in the repository` };
      const analyzer = analyzerFor(ANALYZERS, file);
      const spec = analyzer && editedParserSpec(analyzer.name, file);
      if (spec === undefined) return { skip: `no parser for ${file}` };
      return [floorScript(bin, 'parse-edited.cjs'), JSON.stringify(spec), join(tree, file)];
    },
  },
});
