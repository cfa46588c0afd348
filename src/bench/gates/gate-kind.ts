/**
 * The interface every gate kind implements: its fields, how it is read from a gate file and how it judges a run.
 * A new kind is one file implementing {@link GateKind} plus one line in `registry.ts`.
 *
 * @packageDocumentation
 */
import type { ObjectReader } from '../config-reader.js';
import type { RunResult } from '../result.js';
import type { GateFinding } from './finding.js';

/** What a gate's failure means: `error` fails the check (exit 1); `info` is reported as a warning only. */
export type GateSeverity = 'error' | 'info';

/** Fields every gate has. */
export interface GateBase {
  /** Unique name shown in the verdict table. */
  readonly id: string;
  readonly kind: string;
  readonly description?: string;
  readonly severity: GateSeverity;
  /** Only these repository labels (default: every repository of the run). */
  readonly repos?: readonly string[];
}

/** Fields of {@link GateBase} read by the gate file parser before the kind's own. */
export const COMMON_GATE_FIELDS: readonly string[] = Object.freeze(['id', 'kind', 'description', 'severity', 'repos']);

/** One gate kind. */
export interface GateKind<G extends GateBase> {
  /** `"kind"` in gate files. */
  readonly kind: G['kind'];
  /** Its own fields (besides {@link COMMON_GATE_FIELDS}). */
  readonly fields: readonly string[];
  /**
   * Read the kind's own fields.
   *
   * @param reader - The rule, restricted to the common and own fields.
   * @param base - The common fields, already read.
   * @returns The gate.
   */
  parse(reader: ObjectReader, base: Omit<GateBase, 'kind'>): G;
  /**
   * Judge a run.
   *
   * @param run - The run.
   * @param gate - A gate of this kind.
   * @returns Its findings.
   */
  check(run: RunResult, gate: G): GateFinding[];
}
