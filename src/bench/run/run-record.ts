/**
 * Runner step 4 — artifacts: the run record, started before the first repository and rewritten through the
 * exporters after every step, so a crash keeps what was measured before it.
 *
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import { writeArtifacts } from '../artifacts.js';
import type { Campaign } from '../campaign.js';
import type { Exporter } from '../export/exporter.js';
import { RUN_SCHEMA_VERSION, type BaselineInfo, type Environment, type RunResult } from '../result.js';
import type { RunVariant } from './variants.js';

/** The growing result of a run and where it is written. */
export class RunRecord {
  private current: RunResult;
  private readonly clock = performance.now();

  /**
   * @param dir - The run folder.
   * @param exporters - Formats written on every save.
   * @param head - Fixed facts of the run: id, start time, campaign, environment, variants, baseline.
   */
  constructor(
    readonly dir: string,
    private readonly exporters: readonly Exporter[],
    head: {
      runId: string;
      startedAt: Date;
      campaign: Campaign;
      environment: Environment;
      variants: readonly RunVariant[];
      baseline: BaselineInfo | null;
    },
  ) {
    const { campaign } = head;
    this.current = {
      schemaVersion: RUN_SCHEMA_VERSION,
      runId: head.runId,
      status: 'running',
      error: null,
      startedAt: head.startedAt.toISOString(),
      finishedAt: null,
      wallMs: 0,
      campaign: {
        name: campaign.name,
        manifest: campaign.manifest.name,
        backends: campaign.backends,
        commands: campaign.commands,
      },
      environment: head.environment,
      variants: head.variants.map(({ id, backend, build }) => ({ id, backend, build })),
      baseline: head.baseline,
      repositories: [],
      micro: [],
    };
  }

  /** The run so far. */
  get result(): RunResult {
    return this.current;
  }

  /**
   * Apply a change and rewrite every artifact.
   *
   * @param patch - Fields to replace.
   */
  async save(patch: Partial<RunResult>): Promise<void> {
    this.current = { ...this.current, ...patch, wallMs: performance.now() - this.clock };
    await writeArtifacts(this.dir, this.current, this.exporters);
  }
}
