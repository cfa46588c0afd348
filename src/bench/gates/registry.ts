/**
 * Every gate kind; register a new one here (one line) after writing its module.
 *
 * @packageDocumentation
 */
import { accuracyGateKind } from './accuracy-gate.js';
import { floorGateKind } from './floor-gate.js';
import type { GateKind } from './gate-kind.js';
import { latencyGateKind } from './latency-gate.js';
import { memoryGateKind } from './memory-gate.js';
import { ratioGateKind } from './ratio-gate.js';
import { regressionGateKind } from './regression-gate.js';
import { scalingGateKind } from './scaling-gate.js';
import { sizeGateKind } from './size-gate.js';

/** Registered kinds, in the order the documentation lists them. */
export const GATE_KIND_MODULES = Object.freeze([
  ratioGateKind,
  sizeGateKind,
  regressionGateKind,
  accuracyGateKind,
  latencyGateKind,
  floorGateKind,
  scalingGateKind,
  memoryGateKind,
] as const);

/** One rule of a gate file: the union of the registered kinds' gate types. */
export type Gate = GateOf<(typeof GATE_KIND_MODULES)[number]>;
type GateOf<K> = K extends GateKind<infer G> ? G : never;

/**
 * The module of a kind.
 *
 * @param kind - A registered kind name.
 * @returns Its module (typed loosely: the caller passes a gate of that kind).
 */
export function gateKindNamed(kind: string): GateKind<Gate> {
  const found = GATE_KIND_MODULES.find((k) => k.kind === kind);
  if (!found) throw new RangeError(`unknown gate kind '${kind}'`);
  return found as unknown as GateKind<Gate>;
}
