/**
 * Gate files: the merge budgets as plain data. Each rule's kind is a module in `gates/` (see `gates/registry.ts`);
 * the checker (`gate-check.ts`) evaluates them against a run.
 *
 * @packageDocumentation
 */
import { resolveConfigFile } from './config-files.js';
import { BenchConfigError, ObjectReader, readJsonFile } from './config-reader.js';
import { COMMON_GATE_FIELDS } from './gates/gate-kind.js';
import { GATE_KIND_MODULES, gateKindNamed, type Gate } from './gates/registry.js';

export type { GateSeverity } from './gates/gate-kind.js';
export type { LatencyGate, LatencyStatistic } from './gates/latency-gate.js';
export type { RatioGate } from './gates/ratio-gate.js';
export type { RegressionGate } from './gates/regression-gate.js';
export type { Gate } from './gates/registry.js';
export type { SizeGate } from './gates/size-gate.js';
export type { GateSignificance } from './gates/time-gate.js';

/** Gate kinds, as registered. */
export const GATE_KINDS: readonly string[] = Object.freeze(GATE_KIND_MODULES.map((k) => k.kind));

/** A parsed gate file. */
export interface GateFile {
  /** Absolute path of the file. */
  readonly file: string;
  readonly description?: string;
  readonly gates: readonly Gate[];
}

function parseGate(file: string, at: string, value: unknown): Gate {
  const everyField = [...COMMON_GATE_FIELDS, ...GATE_KIND_MODULES.flatMap((k) => k.fields)];
  const kind = new ObjectReader(file, at, value, [...new Set(everyField)]).oneOf('kind', GATE_KINDS);
  const module = gateKindNamed(kind);
  const gate = new ObjectReader(file, at, value, [...COMMON_GATE_FIELDS, ...module.fields]);
  return module.parse(gate, {
    id: gate.string('id'),
    description: gate.optionalString('description'),
    severity: gate.optionalOneOf('severity', ['error', 'info'] as const) ?? 'error',
    repos: gate.optionalStringList('repos'),
  });
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
