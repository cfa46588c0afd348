/**
 * The campaign runner: materialise every corpus (fail fast), then per repository copy it to scratch, build each
 * variant's index, resolve query targets from that index, and measure every command with the variants interleaved
 * (A B A B …) so drift hits all of them alike. Artifacts are rewritten after each repository.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { STATE_DIR_NAME } from '../core/contracts.js';
import { UsageError } from '../core/errors.js';
import { createRunDir, formatRunId, writeArtifacts } from './artifacts.js';
import type { BaselineBuild } from './baseline.js';
import type { Campaign } from './campaign.js';
import type { CommandName } from './command-names.js';
import { COMMAND_PLANS, parseIndexReport, type CommandPlan } from './commands.js';
import { materializeCorpus, type CorpusSource } from './corpus.js';
import { captureEnvironment, type ComponentVersions } from './environment.js';
import type { Exporter } from './export/exporter.js';
import { EXPORTERS } from './export/exporters.js';
import type { ManifestRepository } from './manifest.js';
import type { Measurer, ProcessOutcome } from './measurer.js';
import type { Measurement, MicroResult, RepoResult, RunResult, SizeRecord, Targets, VariantInfo } from './result.js';
import { RUN_SCHEMA_VERSION } from './result.js';
import { isNonEmpty, summarize } from './stats.js';
import { appendEdit, folderFiles, snapshotCorpus } from './workspace.js';

/** What a campaign run needs; optional fields have defaults (see {@link runCampaign}). */
export interface RunnerOptions {
  readonly campaign: Campaign;
  readonly measurer: Measurer;
  /** Component versions of the current build, recorded in the environment. */
  readonly versions: ComponentVersions;
  /** Checkout root of the current build (for the commit and the `self` corpus). */
  readonly projectRoot: string;
  /** `bin/codira.js` of the current build. */
  readonly currentBin: string;
  /** Folder of run folders. */
  readonly artifactsRoot: string;
  /** Scratch parent folder; each run works in `<workRoot>/<run-id>/` and removes it at the end. */
  readonly workRoot: string;
  /** A built baseline measured on the control backend, or none. */
  readonly baseline?: BaselineBuild | null;
  /** Measured runs for every command (beats campaign and manifest). */
  readonly runs?: number;
  /** Warm-up runs for every command (beats campaign and manifest). */
  readonly warmups?: number;
  /** Only these repository labels. */
  readonly repos?: readonly string[];
  /** Corpus materialiser (default {@link materializeCorpus}). */
  readonly materialize?: (source: CorpusSource) => Promise<string>;
  readonly exporters?: readonly Exporter[];
  /** In-process micro-benchmarks, run when the campaign asks for them. */
  readonly micro?: () => Promise<MicroResult[]>;
  /** Progress lines (the CLI shows them on a TTY only). */
  readonly onProgress?: (message: string) => void;
  /** Keep the scratch copies and indexes after the run. */
  readonly keepWork?: boolean;
  /** Node executable for measured processes (default: this one). */
  readonly node?: string;
  /** Clock for the run id and timestamps. */
  readonly now?: () => Date;
}

/** A variant with the entry point that runs it. */
interface RunVariant extends VariantInfo {
  readonly bin: string;
}

/** Per-repository state shared by the measuring steps. */
interface RepoContext {
  readonly repo: ManifestRepository;
  readonly tree: string;
  readonly partialTree: string;
  readonly work: string;
  /** Why a variant cannot be measured on this repository (its first full index failed). */
  readonly broken: Map<string, string>;
  /** Why a variant cannot run `index-partial` (its partial-copy index failed). */
  readonly partialBroken: Map<string, string>;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}

function failureOf(outcome: ProcessOutcome): string | null {
  if (outcome.exitCode === 0) return null;
  const why = firstLine(outcome.stderr) || firstLine(outcome.stdout) || 'no output';
  return `exit ${outcome.exitCode}: ${why}`;
}

/** Runs one campaign; see {@link runCampaign}. */
class CampaignRun {
  private readonly options: RunnerOptions;
  private readonly variants: readonly RunVariant[];
  private readonly node: string;
  private readonly log: (message: string) => void;

  constructor(options: RunnerOptions) {
    this.options = options;
    this.node = options.node ?? process.execPath;
    this.log = options.onProgress ?? ((): void => undefined);
    const current = options.campaign.backends.map((backend): RunVariant => ({
      id: backend,
      backend,
      build: 'current',
      bin: options.currentBin,
    }));
    const base = options.baseline;
    const baseBackend = options.campaign.backends.includes('sqlite') ? 'sqlite' : options.campaign.backends[0]!;
    this.variants = base
      ? [...current, { id: `baseline-${baseBackend}`, backend: baseBackend, build: 'baseline', bin: base.bin }]
      : current;
  }

  private argv(variant: RunVariant, args: readonly string[], tree: string, out: string): [string, ...string[]] {
    return [
      this.node,
      variant.bin,
      ...args,
      '--path',
      tree,
      '--output-dir',
      out,
      '--backend',
      variant.backend,
      '--json',
    ];
  }

  private stateDir(ctx: RepoContext, variant: RunVariant, partial: boolean): string {
    return join(ctx.work, `${partial ? 'partial-' : ''}out-${variant.id}`);
  }

  private counts(command: CommandName, repo: ManifestRepository): { warmups: number; runs: number } {
    const { campaign } = this.options;
    const fromRepo = repo.overrides[command];
    const fromCampaign = campaign.overrides[command];
    return {
      warmups: this.options.warmups ?? fromRepo?.warmups ?? fromCampaign?.warmups ?? campaign.warmups,
      runs: this.options.runs ?? fromRepo?.runs ?? fromCampaign?.runs ?? campaign.runs,
    };
  }

  private async exec(variant: RunVariant, args: readonly string[], tree: string, out: string): Promise<ProcessOutcome> {
    try {
      return await this.options.measurer.run({ argv: this.argv(variant, args, tree, out), cwd: tree });
    } catch (error) {
      return { wallMs: 0, peakRssKb: null, exitCode: 127, stdout: '', stderr: (error as Error).message };
    }
  }

  /**
   * Build each variant's index once (unmeasured) and record its size.
   *
   * @param ctx - The repository being measured.
   * @returns Index sizes per variant and the file counts of the first successful index.
   */
  private async prime(ctx: RepoContext): Promise<{ sizes: SizeRecord[]; files: RepoResult['files'] }> {
    const sizes: SizeRecord[] = [];
    let files: RepoResult['files'] = null;
    for (const variant of this.variants) {
      this.log(`${ctx.repo.label}: first full index on ${variant.id}`);
      const out = this.stateDir(ctx, variant, false);
      const outcome = await this.exec(variant, ['index', '--full'], ctx.tree, out);
      const report = failureOf(outcome) ?? parseIndexReport(outcome.stdout);
      if (typeof report === 'string') {
        ctx.broken.set(variant.id, `first full index failed: ${report}`);
        continue;
      }
      files ??= { indexed: report.indexed, failed: report.failed };
      const stateFiles = await folderFiles(join(out, STATE_DIR_NAME));
      sizes.push({
        variant: variant.id,
        backend: variant.backend,
        reportedBytes: report.sizeBytes,
        stateDirBytes: stateFiles.reduce((sum, f) => sum + f.bytes, 0),
        files: stateFiles,
      });
    }
    return { sizes, files };
  }

  /**
   * Resolve sym/calls/ctx targets and the partial-change file from the control's own index.
   *
   * @param ctx - The repository being measured.
   * @returns The targets, recorded in the artifacts.
   */
  private async resolveTargets(ctx: RepoContext): Promise<Targets> {
    const { repo } = ctx;
    const resolver = this.variants.find((v) => !ctx.broken.has(v.id));
    const pinnedFile = repo.partialFile ?? null;
    if (!resolver) {
      return {
        symbol: repo.symbol ?? null,
        symbolSource: repo.symbol ? 'manifest' : 'none',
        ctxQuery: repo.ctx ?? 'how is the index built',
        partialFile: pinnedFile,
        resolvedBy: 'none',
      };
    }
    const query = repo.symbol ? ['sym', repo.symbol] : ['symlist', '--limit', '1'];
    const outcome = await this.exec(resolver, query, ctx.tree, this.stateDir(ctx, resolver, false));
    let first: { qualifiedName?: unknown; path?: unknown } | undefined;
    if (outcome.exitCode === 0) {
      try {
        first = (JSON.parse(outcome.stdout) as { symbols?: { qualifiedName?: unknown; path?: unknown }[] })
          .symbols?.[0];
      } catch {
        first = undefined;
      }
    }
    const found = typeof first?.qualifiedName === 'string' ? first.qualifiedName : null;
    const symbol = repo.symbol ?? found;
    const shortName = symbol?.split(/[./]/).pop() ?? null;
    return {
      symbol,
      symbolSource: repo.symbol ? 'manifest' : symbol ? 'symlist' : 'none',
      ctxQuery: repo.ctx ?? (shortName ? `how does ${shortName} work` : 'how is the index built'),
      partialFile: pinnedFile ?? (typeof first?.path === 'string' ? first.path : null),
      resolvedBy: resolver.id,
    };
  }

  /**
   * Copy the tree for partial-change samples and index the copy on every variant (unmeasured).
   *
   * @param ctx - The repository being measured.
   * @param targets - Resolved targets (the partial-change file).
   * @returns Why `index-partial` cannot run here, or `null`.
   */
  private async preparePartial(ctx: RepoContext, targets: Targets): Promise<string | null> {
    if (targets.partialFile === null) return 'no file to edit';
    if (!existsSync(join(ctx.tree, targets.partialFile)))
      return `partial-change file ${targets.partialFile} is not in the repository`;
    await cp(ctx.tree, ctx.partialTree, { recursive: true, preserveTimestamps: true });
    for (const variant of this.variants) {
      if (ctx.broken.has(variant.id)) continue;
      this.log(`${ctx.repo.label}: indexing the partial-change copy on ${variant.id}`);
      const outcome = await this.exec(variant, ['index', '--full'], ctx.partialTree, this.stateDir(ctx, variant, true));
      const problem = failureOf(outcome);
      if (problem) ctx.partialBroken.set(variant.id, `indexing the partial-change copy failed: ${problem}`);
    }
    return null;
  }

  /**
   * Measure one command on every variant, interleaved round by round.
   *
   * @param ctx - The repository being measured.
   * @param command - The command.
   * @param targets - Resolved query targets.
   * @param partialSkip - Why `index-partial` cannot run here, or `null`.
   * @returns One measurement per variant, in variant order.
   */
  private async measureCommand(
    ctx: RepoContext,
    command: CommandName,
    targets: Targets,
    partialSkip: string | null,
  ): Promise<Measurement[]> {
    const plan: CommandPlan = COMMAND_PLANS[command];
    const { warmups, runs } = this.counts(command, ctx.repo);
    const base = (v: RunVariant): Omit<Measurement, 'state'> & { warmups: number; runs: number } => ({
      command,
      variant: v.id,
      backend: v.backend,
      build: v.build,
      warmups,
      runs,
    });
    const planned = plan.args(targets);
    const skip = ctx.repo.skip.includes(command)
      ? 'skipped by the manifest'
      : plan.tree === 'partial' && partialSkip
        ? partialSkip
        : 'skip' in planned
          ? planned.skip
          : null;
    if (skip !== null || 'skip' in planned) {
      return this.variants.map((v) => ({ ...base(v), state: 'skipped', reason: skip ?? 'not applicable' }));
    }
    const errors = new Map<string, string>();
    for (const v of this.variants) {
      const why = ctx.broken.get(v.id) ?? (plan.tree === 'partial' ? ctx.partialBroken.get(v.id) : undefined);
      if (why) errors.set(v.id, why);
    }
    const samples = new Map<string, number[]>(this.variants.map((v) => [v.id, []]));
    const rss = new Map<string, number[]>(this.variants.map((v) => [v.id, []]));
    const tree = plan.tree === 'partial' ? ctx.partialTree : ctx.tree;
    const total = warmups + runs;
    for (let round = 0; round < total; round++) {
      const active = this.variants.filter((v) => !errors.has(v.id));
      if (active.length === 0) break;
      if (plan.tree === 'partial') await appendEdit(join(ctx.partialTree, targets.partialFile!), round + 1);
      const phase = round < warmups ? `warm-up ${round + 1}/${warmups}` : `run ${round - warmups + 1}/${runs}`;
      this.log(`${ctx.repo.label}: ${command} ${phase}`);
      for (const v of active) {
        const outcome = await this.exec(v, planned, tree, this.stateDir(ctx, v, plan.tree === 'partial'));
        const problem = failureOf(outcome) ?? plan.check(outcome.stdout);
        if (problem) {
          errors.set(v.id, `${round < warmups ? 'warm-up' : 'run'} ${round + 1}: ${problem}`);
          continue;
        }
        if (round < warmups) continue;
        samples.get(v.id)!.push(outcome.wallMs);
        if (outcome.peakRssKb !== null) rss.get(v.id)!.push(outcome.peakRssKb);
      }
    }
    return this.variants.map((v): Measurement => {
      const ms = samples.get(v.id)!;
      const error = errors.get(v.id);
      if (error !== undefined || !isNonEmpty(ms)) {
        return { ...base(v), state: 'errored', error: error ?? 'no samples', samplesMs: ms };
      }
      return { ...base(v), state: 'completed', samplesMs: ms, peakRssKb: rss.get(v.id)!, stats: summarize(ms) };
    });
  }

  private async measureRepo(repo: ManifestRepository, root: string, scratch: string): Promise<RepoResult> {
    const started = performance.now();
    const work = join(scratch, repo.label);
    await rm(work, { recursive: true, force: true });
    const ctx: RepoContext = {
      repo,
      work,
      tree: join(work, 'tree'),
      partialTree: join(work, 'partial-tree'),
      broken: new Map(),
      partialBroken: new Map(),
    };
    this.log(`${repo.label}: copying the corpus to ${ctx.tree}`);
    await snapshotCorpus(repo.source, root, ctx.tree);
    const { sizes, files } = await this.prime(ctx);
    const targets = await this.resolveTargets(ctx);
    const commands = this.options.campaign.commands;
    const partialSkip =
      commands.includes('index-partial') && !repo.skip.includes('index-partial')
        ? await this.preparePartial(ctx, targets)
        : null;
    const measurements: Measurement[] = [];
    for (const command of commands)
      measurements.push(...(await this.measureCommand(ctx, command, targets, partialSkip)));
    if (!this.options.keepWork) await rm(work, { recursive: true, force: true });
    return {
      label: repo.label,
      size: repo.size,
      source: repo.source,
      files,
      targets,
      sizes,
      measurements,
      wallMs: performance.now() - started,
    };
  }

  private selectRepos(): readonly ManifestRepository[] {
    const all = this.options.campaign.manifest.repositories;
    const wanted = this.options.repos;
    if (!wanted || wanted.length === 0) return all;
    const unknown = wanted.filter((label) => !all.some((r) => r.label === label));
    if (unknown.length > 0) {
      throw new UsageError(
        `--repos: unknown label${unknown.length > 1 ? 's' : ''} ${unknown.map((l) => `'${l}'`).join(', ')} ` +
          `(manifest ${this.options.campaign.manifest.name} has: ${all.map((r) => r.label).join(', ')})`,
      );
    }
    return all.filter((r) => wanted.includes(r.label));
  }

  async run(): Promise<{ result: RunResult; dir: string }> {
    const { campaign, measurer } = this.options;
    const now = this.options.now ?? ((): Date => new Date());
    const exporters = this.options.exporters ?? EXPORTERS;
    const repos = this.selectRepos();
    const materialize =
      this.options.materialize ?? ((source: CorpusSource): Promise<string> => materializeCorpus(source));
    const roots: string[] = [];
    for (const repo of repos) {
      this.log(`${repo.label}: materialising the corpus`);
      roots.push(await materialize(repo.source)); // all before measuring: a missing source fails in seconds
    }
    const startedAt = now();
    const clock = performance.now();
    const { runId, dir } = await createRunDir(this.options.artifactsRoot, formatRunId(startedAt, campaign.name));
    const scratch = join(this.options.workRoot, runId);
    await mkdir(scratch, { recursive: true });
    let result: RunResult = {
      schemaVersion: RUN_SCHEMA_VERSION,
      runId,
      status: 'running',
      error: null,
      startedAt: startedAt.toISOString(),
      finishedAt: null,
      wallMs: 0,
      campaign: {
        name: campaign.name,
        manifest: campaign.manifest.name,
        backends: campaign.backends,
        commands: campaign.commands,
      },
      environment: captureEnvironment(this.options.projectRoot, this.options.versions, measurer.peakRss),
      variants: this.variants.map(({ id, backend, build }) => ({ id, backend, build })),
      baseline: this.options.baseline ? { ref: this.options.baseline.ref, commit: this.options.baseline.commit } : null,
      repositories: [],
      micro: [],
    };
    const save = async (patch: Partial<RunResult>): Promise<void> => {
      result = { ...result, ...patch, wallMs: performance.now() - clock };
      await writeArtifacts(dir, result, exporters);
    };
    await save({});
    try {
      for (const [i, repo] of repos.entries()) {
        const measured = await this.measureRepo(repo, roots[i]!, scratch);
        await save({ repositories: [...result.repositories, measured] });
      }
      if (campaign.micro && this.options.micro) {
        this.log('micro-benchmarks');
        await save({ micro: await this.options.micro() });
      }
      await save({ status: 'completed', finishedAt: now().toISOString() });
    } catch (error) {
      await save({ status: 'failed', error: (error as Error).message, finishedAt: now().toISOString() });
      throw error;
    } finally {
      if (!this.options.keepWork) await rm(scratch, { recursive: true, force: true });
    }
    return { result, dir };
  }
}

/**
 * Run a campaign and write its artifacts.
 *
 * @param options - Campaign, measurer and folders; see {@link RunnerOptions}.
 * @returns The final run result and its artifact folder.
 */
export function runCampaign(options: RunnerOptions): Promise<{ result: RunResult; dir: string }> {
  return new CampaignRun(options).run();
}
