/**
 * Runner step 2 — targets: build each variant's index once (unmeasured, recording its size), resolve the query
 * targets from the first working variant's own index, and prepare the partial-change copy.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { STATE_DIR_NAME } from '../../core/contracts.js';
import { parseIndexReport } from '../commands.js';
import type { RepoResult, SizeRecord, Targets } from '../result.js';
import { folderFiles } from '../workspace.js';
import { failureOf, type RepoContext, type VariantExecutor } from './executor.js';
import type { RunVariant } from './variants.js';

/** What the target steps need besides the repository. */
export interface StepDeps {
  readonly variants: readonly RunVariant[];
  readonly executor: VariantExecutor;
  readonly log: (message: string) => void;
}

/**
 * Build each variant's index once (unmeasured) and record its size; a failure marks the variant broken here.
 *
 * @param ctx - The repository being measured.
 * @param deps - Variants, executor and progress.
 * @returns Index sizes per variant and the file counts of the first successful index.
 */
export async function primeIndexes(
  ctx: RepoContext,
  deps: StepDeps,
): Promise<{ sizes: SizeRecord[]; files: RepoResult['files'] }> {
  const sizes: SizeRecord[] = [];
  let files: RepoResult['files'] = null;
  for (const variant of deps.variants) {
    deps.log(`${ctx.repo.label}: first full index on ${variant.id}`);
    const out = deps.executor.stateDir(ctx, variant, false);
    const outcome = await deps.executor.exec(variant, ['index', '--full'], ctx.tree, out);
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

type FirstSymbol = { qualifiedName?: unknown; path?: unknown } | undefined;

function firstSymbol(stdout: string): FirstSymbol {
  try {
    return (JSON.parse(stdout) as { symbols?: { qualifiedName?: unknown; path?: unknown }[] }).symbols?.[0];
  } catch {
    return undefined;
  }
}

/**
 * Resolve sym/calls/ctx targets and the partial-change file from the first working variant's own index.
 *
 * @param ctx - The repository being measured.
 * @param deps - Variants, executor and progress.
 * @returns The targets, recorded in the artifacts.
 */
export async function resolveTargets(ctx: RepoContext, deps: StepDeps): Promise<Targets> {
  const { repo } = ctx;
  const resolver = deps.variants.find((v) => !ctx.broken.has(v.id));
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
  const outcome = await deps.executor.exec(resolver, query, ctx.tree, deps.executor.stateDir(ctx, resolver, false));
  const first = outcome.exitCode === 0 ? firstSymbol(outcome.stdout) : undefined;
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
 * @param deps - Variants, executor and progress.
 * @returns Why `index-partial` cannot run here, or `null`.
 */
export async function preparePartial(ctx: RepoContext, targets: Targets, deps: StepDeps): Promise<string | null> {
  if (targets.partialFile === null) return 'no file to edit';
  if (!existsSync(join(ctx.tree, targets.partialFile)))
    return `partial-change file ${targets.partialFile} is not in the repository`;
  await cp(ctx.tree, ctx.partialTree, { recursive: true, preserveTimestamps: true });
  for (const variant of deps.variants) {
    if (ctx.broken.has(variant.id)) continue;
    deps.log(`${ctx.repo.label}: indexing the partial-change copy on ${variant.id}`);
    const out = deps.executor.stateDir(ctx, variant, true);
    const problem = failureOf(await deps.executor.exec(variant, ['index', '--full'], ctx.partialTree, out));
    if (problem) ctx.partialBroken.set(variant.id, `indexing the partial-change copy failed: ${problem}`);
  }
  return null;
}
