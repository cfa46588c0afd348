/**
 * Gate files: the merge budgets as plain data. The checker (`gate-check.ts`) evaluates them against a run.
 *
 * @packageDocumentation
 */
import type { CommandName } from './command-names.js';
import { resolveConfigFile } from './config-files.js';
import { BenchConfigError, ObjectReader, readJsonFile } from './config-reader.js';
import { checkCommandList } from './manifest.js';

/** Gate kinds. */
export const GATE_KINDS = Object.freeze(['ratio', 'size', 'regression'] as const);

/** What a gate's failure means: `error` fails the check (exit 1); `info` is reported as a warning only. */
export type GateSeverity = 'error' | 'info';

/**
 * When an over-budget time counts as a failure: `none` — always; `ci95` — only when it is over budget beyond the
 * noise of the run, i.e. the candidate's 95 % confidence interval lies wholly above the budget computed from the top
 * of the reference's interval (otherwise the verdict is `warn`). For comparing identical code against itself on a
 * shared machine, where a few samples of a multi-threaded process can differ by a third.
 */
export type GateSignificance = 'none' | 'ci95';

/** Which per-sample statistic a time gate compares. */
export type GateStatistic = 'mean' | 'median';

interface GateBase {
  /** Unique name shown in the verdict table. */
  readonly id: string;
  readonly description?: string;
  readonly severity: GateSeverity;
  /** Only these repository labels (default: every repository of the run). */
  readonly repos?: readonly string[];
}

/** Candidate time ≤ max(control × maxRatio, control + slackMs), per repository and command. */
export interface RatioGate extends GateBase {
  readonly kind: 'ratio';
  /** Variant measured against the budget, e.g. `duckdb`. */
  readonly candidate: string;
  /** Variant the budget is derived from, e.g. `sqlite`. */
  readonly control: string;
  readonly commands: readonly CommandName[];
  readonly maxRatio: number;
  /** Absolute slack in milliseconds; the more forgiving of ratio and slack applies. */
  readonly slackMs: number;
  readonly statistic: GateStatistic;
  /** When an over-budget time fails; default `none`. */
  readonly significance: GateSignificance;
}

/** Candidate index size ≤ control size × maxRatio, per repository; `stretchRatio` is reported as information. */
export interface SizeGate extends GateBase {
  readonly kind: 'size';
  readonly candidate: string;
  readonly control: string;
  readonly maxRatio: number;
  readonly stretchRatio?: number;
}

/** Current build ≤ max(baseline × maxRatio, baseline + slackMs) on one backend; skipped when the run has no baseline. */
export interface RegressionGate extends GateBase {
  readonly kind: 'regression';
  /** Backend compared between the current tree and the baseline build, e.g. `sqlite`. */
  readonly backend: string;
  readonly commands: readonly CommandName[];
  readonly maxRatio: number;
  /** Absolute slack in milliseconds. */
  readonly slackMs: number;
  readonly statistic: GateStatistic;
  /** When an over-budget time fails; default `none`. */
  readonly significance: GateSignificance;
}

/** One rule of a gate file. */
export type Gate = RatioGate | SizeGate | RegressionGate;

/** A parsed gate file. */
export interface GateFile {
  /** Absolute path of the file. */
  readonly file: string;
  readonly description?: string;
  readonly gates: readonly Gate[];
}

const COMMON = ['id', 'kind', 'description', 'severity', 'repos'];
const FIELDS: Readonly<Record<Gate['kind'], readonly string[]>> = {
  ratio: [...COMMON, 'candidate', 'control', 'commands', 'maxRatio', 'slackMs', 'statistic', 'significance'],
  size: [...COMMON, 'candidate', 'control', 'maxRatio', 'stretchRatio'],
  regression: [...COMMON, 'backend', 'commands', 'maxRatio', 'slackMs', 'statistic', 'significance'],
};

function parseGate(file: string, at: string, value: unknown): Gate {
  const probe = new ObjectReader(file, at, value, [...new Set(Object.values(FIELDS).flat())]);
  const kind = probe.oneOf('kind', GATE_KINDS);
  const gate = new ObjectReader(file, at, value, FIELDS[kind]);
  const base = {
    id: gate.string('id'),
    description: gate.optionalString('description'),
    severity: gate.optionalOneOf('severity', ['error', 'info'] as const) ?? 'error',
    repos: gate.optionalStringList('repos'),
  };
  if (kind === 'size') {
    return {
      ...base,
      kind,
      candidate: gate.string('candidate'),
      control: gate.string('control'),
      maxRatio: gate.number('maxRatio', 0),
      stretchRatio: gate.has('stretchRatio') ? gate.number('stretchRatio', 0) : undefined,
    };
  }
  const timing = {
    commands: checkCommandList(file, gate, 'commands', gate.stringList('commands')),
    maxRatio: gate.number('maxRatio', 0),
    slackMs: gate.optionalNumber('slackMs', 0) ?? 0,
    statistic: gate.optionalOneOf('statistic', ['mean', 'median'] as const) ?? 'mean',
    significance: gate.optionalOneOf('significance', ['none', 'ci95'] as const) ?? 'none',
  };
  if (kind === 'ratio') {
    return { ...base, ...timing, kind, candidate: gate.string('candidate'), control: gate.string('control') };
  }
  return { ...base, ...timing, kind, backend: gate.string('backend') };
}

/**
 * Validate a parsed gate file.
 *
 * @param value - Parsed JSON.
 * @param file - Absolute path it came from.
 * @returns The gate file.
 */
export function parseGateFile(value: unknown, file: string): GateFile {
  const top = new ObjectReader(file, '', value, ['description', 'gates']);
  const gates = top.array('gates').map((item, i) => parseGate(file, `gates[${i}]`, item));
  const ids = new Set<string>();
  gates.forEach((gate, i) => {
    if (ids.has(gate.id)) throw new BenchConfigError(file, `gates[${i}].id '${gate.id}' is used twice`);
    ids.add(gate.id);
  });
  return Object.freeze({ file, description: top.optionalString('description'), gates });
}

/**
 * Load a gate file by name (`short`) or path.
 *
 * @param nameOrPath - Name in `gates/` or a path.
 * @returns The gate file.
 */
export function loadGateFile(nameOrPath: string): GateFile {
  const file = resolveConfigFile('gates', nameOrPath);
  return parseGateFile(readJsonFile(file), file);
}
