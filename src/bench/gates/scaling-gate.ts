/**
 * `scaling` gates: a command's time on a repository against the same command and variant on a reference repository
 * of the same run — e.g. a one-file incremental index on a corpus copied four times against the corpus itself, "the
 * time does not grow with the repository". The two repositories are measured one after the other, so their samples
 * are resampled apart (unpaired), like a floor row's.
 *
 * @packageDocumentation
 */
import { reposOf, skipCell, type GateFinding } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';
import { judgeTime, parseTimeFields, TIME_GATE_FIELDS, type TimeGateFields } from './time-gate.js';

/** Each variant's time on a repository ≤ max(its time on `reference` × maxRatio, + slackMs), per command. */
export interface ScalingGate extends GateBase, TimeGateFields {
  readonly kind: 'scaling';
  /** Label of the repository the budget derives from (e.g. the 1 × corpus). */
  readonly reference: string;
  /** Only these variant ids (default: every variant of the current build). */
  readonly variants?: readonly string[];
}

/** The `scaling` kind. */
export const scalingGateKind: GateKind<ScalingGate> = {
  kind: 'scaling',
  fields: [...TIME_GATE_FIELDS, 'reference', 'variants'],
  parse: (reader, base) => ({
    ...base,
    ...parseTimeFields(reader),
    kind: 'scaling',
    reference: reader.string('reference'),
    variants: reader.optionalStringList('variants'),
  }),
  check: (run, gate) => {
    const referenceRepo = run.repositories.find((r) => r.label === gate.reference);
    const variants = gate.variants ?? run.variants.filter((v) => v.build === 'current').map((v) => v.id);
    const repos = reposOf(run, gate.repos).filter((r) => r.label !== gate.reference);
    return repos.flatMap((repo) =>
      gate.commands.flatMap((command) =>
        variants.map((candidate): GateFinding => {
          if (referenceRepo) {
            return judgeTime({
              gate,
              repo,
              command,
              candidate,
              reference: candidate,
              referenceRepo,
              paired: false,
              lenientReference: true,
            });
          }
          const head = { gate: gate.id, kind: gate.kind, repo: repo.label, command, unit: 'ms' as const };
          return skipCell(
            { ...head, variants: { candidate, reference: candidate } },
            `reference repository ${gate.reference} is not in this run`,
          );
        }),
      ),
    );
  },
};
