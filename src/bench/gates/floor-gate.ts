/**
 * `floor` gates: a command's time against a floor row of the same repository measured in the same run — `node -e 0`
 * (`floor-node`) or the analyzers' parsers alone (`parse-only`) — e.g. "a warm no-op index ≤ 2 × a bare Node
 * process". The floor row is measured in rounds of its own, so the bootstrap resamples the two sides apart.
 *
 * @packageDocumentation
 */
import { FLOOR_COMMAND_NAMES, FLOOR_VARIANT, type FloorCommandName } from '../command-names.js';
import { reposOf, type GateFinding } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';
import { judgeTime, parseTimeFields, TIME_GATE_FIELDS, type TimeGateFields } from './time-gate.js';

/** Each variant's time ≤ max(floor × maxRatio, floor + slackMs), per repository and command. */
export interface FloorGate extends GateBase, TimeGateFields {
  readonly kind: 'floor';
  /** The floor row the budget derives from. */
  readonly floor: FloorCommandName;
  /** Only these variant ids (default: every variant of the current build). */
  readonly variants?: readonly string[];
}

/** The `floor` kind. */
export const floorGateKind: GateKind<FloorGate> = {
  kind: 'floor',
  fields: [...TIME_GATE_FIELDS, 'floor', 'variants'],
  parse: (reader, base) => ({
    ...base,
    ...parseTimeFields(reader),
    kind: 'floor',
    floor: reader.oneOf('floor', FLOOR_COMMAND_NAMES),
    variants: reader.optionalStringList('variants'),
  }),
  check: (run, gate) => {
    const variants = gate.variants ?? run.variants.filter((v) => v.build === 'current').map((v) => v.id);
    return reposOf(run, gate.repos).flatMap((repo) =>
      gate.commands.flatMap((command) =>
        variants.map((candidate): GateFinding =>
          judgeTime({
            gate,
            repo,
            command,
            candidate,
            reference: FLOOR_VARIANT,
            referenceCommand: gate.floor,
            paired: false,
            lenientReference: true,
          }),
        ),
      ),
    );
  },
};
