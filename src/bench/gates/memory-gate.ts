/**
 * `memory` gates: the peak resident set size of a command's processes (GNU time's maximum RSS, the largest process of
 * the tree), either under an absolute budget or against the same command and variant on a reference repository —
 * e.g. "a full index ≤ 400 MB on a SymPy-sized corpus, and no more than +10 % on that corpus copied four times".
 *
 * @packageDocumentation
 */
import type { CommandName } from '../command-names.js';
import { checkCommandList } from '../manifest.js';
import { findMeasurement, type Measurement, type RepoResult } from '../result.js';
import { reposOf, skipCell, type GateFinding } from './finding.js';
import type { GateBase, GateKind } from './gate-kind.js';

/** Each variant's peak RSS ≤ `maxMb`, or ≤ its peak on `reference` × `maxRatio`, per repository and command. */
export interface MemoryGate extends GateBase {
  readonly kind: 'memory';
  readonly commands: readonly CommandName[];
  /** Absolute budget in MiB (exclusive with `reference`). */
  readonly maxMb?: number;
  /** Label of the repository the budget derives from, with `maxRatio`. */
  readonly reference?: string;
  readonly maxRatio?: number;
  /** Only these variant ids (default: every variant of the current build). */
  readonly variants?: readonly string[];
}

const MIB = 1024 * 1024;

/** The `memory` kind. */
export const memoryGateKind: GateKind<MemoryGate> = {
  kind: 'memory',
  fields: ['commands', 'maxMb', 'reference', 'maxRatio', 'variants'],
  parse: (reader, base) => {
    const absolute = reader.has('maxMb');
    const relative = reader.has('reference') || reader.has('maxRatio');
    if (absolute === relative) throw reader.error('maxMb', 'give either maxMb or reference with maxRatio');
    return {
      ...base,
      kind: 'memory',
      commands: checkCommandList(reader.file, reader, 'commands', reader.stringList('commands')),
      ...(absolute
        ? { maxMb: reader.number('maxMb', 0) }
        : { reference: reader.string('reference'), maxRatio: reader.number('maxRatio', 0) }),
      variants: reader.optionalStringList('variants'),
    };
  },
  check: (run, gate) => {
    const variants = gate.variants ?? run.variants.filter((v) => v.build === 'current').map((v) => v.id);
    const referenceRepo = gate.reference ? run.repositories.find((r) => r.label === gate.reference) : undefined;
    const repos = reposOf(run, gate.repos).filter((r) => r.label !== gate.reference);
    return repos.flatMap((repo) =>
      gate.commands.flatMap((command) =>
        variants.map((variant) => judgeMemory(gate, repo, command, variant, referenceRepo)),
      ),
    );
  },
};

/**
 * Largest peak RSS of a completed measurement's samples.
 *
 * @param m - The measurement, if any.
 * @param what - How to name it in a reason.
 * @returns Bytes, or why there is no figure.
 */
function peakOf(m: Measurement | undefined, what: string): number | string {
  if (!m) return `${what} not measured in this run`;
  if (m.state !== 'completed') return `${what} ${m.state}`;
  if (m.peakRssKb.length === 0) return `${what}: peak RSS unavailable (GNU time not installed)`;
  return Math.max(...m.peakRssKb) * 1024;
}

function judgeMemory(
  gate: MemoryGate,
  repo: RepoResult,
  command: CommandName,
  variant: string,
  referenceRepo: RepoResult | undefined,
): GateFinding {
  const head = {
    gate: gate.id,
    kind: gate.kind,
    repo: repo.label,
    command: `${command} peak RSS`,
    unit: 'bytes' as const,
  };
  const skip = (note: string): GateFinding => skipCell(head, note);
  const measured = peakOf(findMeasurement(repo, command, variant), `${variant}`);
  if (typeof measured === 'string') return skip(measured);
  let reference: number | null = null;
  let budget: number;
  let rule: string;
  if (gate.maxMb !== undefined) {
    budget = gate.maxMb * MIB;
    rule = `largest sample of ${variant}: ≤ ${gate.maxMb} MiB`;
  } else {
    if (!referenceRepo) return skip(`reference repository ${gate.reference} is not in this run`);
    const ref = peakOf(findMeasurement(referenceRepo, command, variant), `${referenceRepo.label} ${variant}`);
    if (typeof ref === 'string') return skip(ref);
    reference = ref;
    budget = ref * gate.maxRatio!;
    rule = `largest sample of ${variant} vs ${referenceRepo.label}: ≤ ×${gate.maxRatio}`;
  }
  const ok = measured <= budget;
  return {
    ...head,
    measured,
    reference,
    budget,
    ratio: reference !== null && reference > 0 ? measured / reference : null,
    verdict: ok ? 'pass' : gate.severity === 'error' ? 'fail' : 'warn',
    rule: ok || gate.severity === 'error' ? 'budget' : 'severity',
    note: ok || gate.severity === 'error' ? rule : `${rule}; informational`,
    variants: { candidate: variant, reference: variant },
  };
}
