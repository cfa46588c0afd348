/**
 * The campaign runner: materialise every corpus (fail fast), then per repository copy it to scratch and run the
 * steps — variants (`run/variants.ts`), index priming and targets (`run/targets.ts`), the interleaved measurement
 * loop (`run/measure-loop.ts`), then the server commands against one `codira mcp` per variant
 * (`run/server-measure.ts`) — writing artifacts after each repository (`run/run-record.ts`).
 *
 * @packageDocumentation
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../core/errors.js';
import { createRunDir, formatRunId } from './artifacts.js';
import type { AccuracyRecord } from './accuracy/accuracy-measure.js';
import type { BaselineBuild } from './baseline.js';
import type { Campaign } from './campaign.js';
import { isServerCommand, type CommandName, type ProcessCommandName } from './command-names.js';
import { materializeCorpus, type CorpusSource } from './corpus.js';
import { captureEnvironment, type ComponentVersions } from './environment.js';
import type { Exporter } from './export/exporter.js';
import { EXPORTERS } from './export/exporters.js';
import type { ManifestRepository } from './manifest.js';
import type { Measurer } from './measurer.js';
import type { Measurement, MicroResult, RepoResult, RunResult, Targets } from './result.js';
import { exportGraph } from './run/accuracy-step.js';
import { VariantExecutor, type RepoContext } from './run/executor.js';
import { confirmAlerts, type ConfirmBudget, type ConfirmOptions } from './run/confirm.js';
import { measureCommand, measureCommandAcross } from './run/measure-loop.js';
import { profileRepo, type ProfiledRun } from './run/profile.js';
import { writeProfileReport } from './profile/profile-report.js';
import { RunRecord } from './run/run-record.js';
import { measureServerCommands } from './run/server-measure.js';
import { preparePartial, primeIndexes, resolveTargets, type StepDeps } from './run/targets.js';
import { campaignVariants, type RunVariant } from './run/variants.js';
import { snapshotCorpus } from './workspace.js';

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
  /** A built baseline, measured on every backend of the campaign, or none. */
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
  /**
   * Call-graph accuracy of one indexed tree from its `codira graph --json` output (or why the export failed), run
   * when the campaign asks for it.
   */
  readonly accuracy?: (
    tree: string,
    graph: { readonly json: string } | { readonly error: string },
  ) => Promise<AccuracyRecord[]>;
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
  /** Extra environment of a variant's processes (test-only fault injection); default none. */
  readonly variantEnv?: (variant: RunVariant) => Readonly<Record<string, string>> | undefined;
  /** After the timed rounds, one more run per command × variant under the CPU profiler (`profile.md`). */
  readonly profile?: boolean;
  /** Confirm on alert: re-measure cells that would fail these gates (default: no confirmation). */
  readonly confirm?: ConfirmOptions | null;
}

/**
 * Only the repositories named by `--repos`.
 *
 * @param campaign - The campaign.
 * @param wanted - Labels, or none for all.
 * @returns The selected manifest entries, in manifest order.
 */
function selectRepos(campaign: Campaign, wanted: readonly string[] | undefined): readonly ManifestRepository[] {
  const all = campaign.manifest.repositories;
  if (!wanted || wanted.length === 0) return all;
  const unknown = wanted.filter((label) => !all.some((r) => r.label === label));
  if (unknown.length > 0) {
    throw new UsageError(
      `--repos: unknown label${unknown.length > 1 ? 's' : ''} ${unknown.map((l) => `'${l}'`).join(', ')} ` +
        `(manifest ${campaign.manifest.name} has: ${all.map((r) => r.label).join(', ')})`,
    );
  }
  return all.filter((r) => wanted.includes(r.label));
}

/** A repository copied, indexed and targeted, before its commands are measured. */
interface PreparedRepo {
  readonly repo: ManifestRepository;
  readonly ctx: RepoContext;
  readonly sizes: RepoResult['sizes'];
  readonly files: RepoResult['files'];
  readonly targets: Targets;
  /** Why `index-partial` cannot run, or `null`. */
  readonly partialSkip: string | null;
  /** `performance.now()` when its preparation began. */
  readonly started: number;
}

/** Runs one campaign; see {@link runCampaign}. */
class CampaignRun {
  private readonly deps: StepDeps;
  private readonly confirmed: ConfirmBudget = { used: 0 };
  private readonly profiled: ProfiledRun[] = [];

  constructor(private readonly options: RunnerOptions) {
    this.deps = {
      variants: campaignVariants(options.campaign.backends, options.currentBin, options.baseline ?? null),
      executor: new VariantExecutor(options.measurer, options.node ?? process.execPath, options.variantEnv),
      log: options.onProgress ?? ((): void => undefined),
    };
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

  /**
   * Copy a repository to scratch, index it per variant, resolve its targets and make its partial-change copy.
   *
   * @param repo - The manifest entry.
   * @param root - Its materialised corpus.
   * @param scratch - The run's scratch folder.
   * @returns What measuring and finishing it need.
   */
  private async prepareRepo(repo: ManifestRepository, root: string, scratch: string): Promise<PreparedRepo> {
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
    this.deps.log(`${repo.label}: copying the corpus${repo.copies > 1 ? ` ${repo.copies} times` : ''} to ${ctx.tree}`);
    await snapshotCorpus(repo.source, root, ctx.tree, repo.copies);
    const { sizes, files } = await primeIndexes(ctx, this.deps);
    const targets = await resolveTargets(ctx, this.deps);
    const commands = this.options.campaign.commands;
    const partialSkip =
      commands.includes('index-partial') && !repo.skip.includes('index-partial')
        ? await preparePartial(ctx, targets, this.deps)
        : null;
    return { repo, ctx, sizes, files, targets, partialSkip, started };
  }

  private processCommands(): ProcessCommandName[] {
    return this.options.campaign.commands.filter((c): c is ProcessCommandName => !isServerCommand(c));
  }

  private async measureRepo(
    repo: ManifestRepository,
    root: string,
    scratch: string,
    run: RunResult,
    runDir: string,
  ): Promise<RepoResult> {
    const prepared = await this.prepareRepo(repo, root, scratch);
    const { ctx, targets, partialSkip } = prepared;
    const measurements: Measurement[] = [];
    for (const command of this.processCommands()) {
      const counts = this.counts(command, repo);
      measurements.push(...(await measureCommand(ctx, command, targets, partialSkip, counts, this.deps)));
    }
    return this.finishRepo(prepared, measurements, run, runDir);
  }

  /**
   * Every repository prepared first, then each process command measured round by round across them
   * (`Campaign.interleaveRepos`), then each finished in manifest order.
   *
   * @param repos - The selected repositories.
   * @param roots - Their materialised corpora.
   * @param scratch - The run's scratch folder.
   * @param record - Where each finished repository is saved.
   * @param runDir - The run's artifact folder.
   */
  private async measureAcross(
    repos: readonly ManifestRepository[],
    roots: readonly string[],
    scratch: string,
    record: RunRecord,
    runDir: string,
  ): Promise<void> {
    const prepared: PreparedRepo[] = [];
    for (const [i, repo] of repos.entries()) prepared.push(await this.prepareRepo(repo, roots[i]!, scratch));
    const measured = prepared.map((): Measurement[] => []);
    for (const command of this.processCommands()) {
      const sites = prepared.map((p) => ({ ...p, counts: this.counts(command, p.repo) }));
      const perRepo = await measureCommandAcross(sites, command, this.deps);
      perRepo.forEach((measurements, i) => measured[i]!.push(...measurements));
    }
    for (const [i, p] of prepared.entries()) {
      const finished = await this.finishRepo(p, measured[i]!, record.result, runDir);
      await record.save({ repositories: [...record.result.repositories, finished] });
    }
  }

  /**
   * Server commands, accuracy, confirmation and profile of a measured repository, then its scratch copy removed.
   *
   * @param prepared - The repository as {@link prepareRepo} left it.
   * @param measurements - Its process commands' measurements.
   * @param run - The run so far (confirmation judges gates on it).
   * @param runDir - The run's artifact folder.
   * @returns The repository's result.
   */
  private async finishRepo(
    prepared: PreparedRepo,
    measurements: Measurement[],
    run: RunResult,
    runDir: string,
  ): Promise<RepoResult> {
    const { repo, ctx, sizes, files, targets, started } = prepared;
    const commands = this.options.campaign.commands;
    const serverCommands = commands.filter(isServerCommand);
    if (serverCommands.length > 0) {
      const counts = (command: CommandName): { warmups: number; runs: number } => this.counts(command, repo);
      measurements.push(...(await measureServerCommands(ctx, serverCommands, targets, counts, this.deps)));
    }
    const measureAccuracy = this.options.accuracy;
    // A corpus copied N times is the same code: its accuracy is its 1 × entry's.
    const accuracy =
      this.options.campaign.accuracy && measureAccuracy && repo.copies === 1
        ? await measureAccuracy(ctx.tree, await exportGraph(ctx, this.deps))
        : undefined;
    let result: RepoResult = {
      label: repo.label,
      size: repo.size,
      source: repo.source,
      files,
      targets,
      sizes,
      measurements,
      ...(accuracy ? { accuracy } : {}),
      wallMs: 0,
    };
    const confirm = this.options.confirm;
    const edits = (command: CommandName): number => {
      const { warmups, runs } = this.counts(command, repo);
      return warmups + runs + (confirm?.maxRuns ?? 0);
    };
    if (confirm && confirm.runs > 0) {
      const repoCount = selectRepos(this.options.campaign, this.options.repos).length;
      result = await confirmAlerts(ctx, result, run, targets, edits, this.deps, confirm, this.confirmed, repoCount);
    }
    if (this.options.profile) {
      this.profiled.push(...(await profileRepo(ctx, result, runDir, edits, this.deps)));
      await writeProfileReport(runDir, this.profiled);
    }
    if (!this.options.keepWork) await rm(ctx.work, { recursive: true, force: true });
    return { ...result, wallMs: performance.now() - started };
  }

  async run(): Promise<{ result: RunResult; dir: string }> {
    const { campaign, measurer } = this.options;
    const now = this.options.now ?? ((): Date => new Date());
    const repos = selectRepos(campaign, this.options.repos);
    const materialize =
      this.options.materialize ?? ((source: CorpusSource): Promise<string> => materializeCorpus(source));
    const roots: string[] = [];
    for (const repo of repos) {
      this.deps.log(`${repo.label}: materialising the corpus`);
      roots.push(await materialize(repo.source)); // all before measuring: a missing source fails in seconds
    }
    const startedAt = now();
    const { runId, dir } = await createRunDir(this.options.artifactsRoot, formatRunId(startedAt, campaign.name));
    const scratch = join(this.options.workRoot, runId);
    await mkdir(scratch, { recursive: true });
    const baseline = this.options.baseline;
    const record = new RunRecord(dir, this.options.exporters ?? EXPORTERS, {
      runId,
      startedAt,
      campaign,
      environment: captureEnvironment(
        this.options.projectRoot,
        this.options.versions,
        measurer.peakRss,
        measurer.cpuTime,
      ),
      variants: this.deps.variants,
      baseline: baseline ? { ref: baseline.ref, commit: baseline.commit } : null,
    });
    await record.save({});
    try {
      if (campaign.interleaveRepos === true && repos.length > 1) {
        await this.measureAcross(repos, roots, scratch, record, dir);
      } else {
        for (const [i, repo] of repos.entries()) {
          const measured = await this.measureRepo(repo, roots[i]!, scratch, record.result, dir);
          await record.save({ repositories: [...record.result.repositories, measured] });
        }
      }
      if (campaign.micro && this.options.micro) {
        this.deps.log('micro-benchmarks');
        await record.save({ micro: await this.options.micro() });
      }
      await record.save({ status: 'completed', finishedAt: now().toISOString() });
    } catch (error) {
      await record.save({ status: 'failed', error: (error as Error).message, finishedAt: now().toISOString() });
      throw error;
    } finally {
      if (!this.options.keepWork) await rm(scratch, { recursive: true, force: true });
    }
    return { result: record.result, dir };
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
