/**
 * Runner step — call-graph accuracy: export the graph of the first working current variant's index
 * (`codira graph --json`) for the accuracy measurement the campaign command plugs in.
 *
 * @packageDocumentation
 */
import { failureOf, type RepoContext } from './executor.js';
import type { StepDeps } from './targets.js';

/**
 * Export the whole graph of the repository's index.
 *
 * @param ctx - The repository being measured (its indexes primed).
 * @param deps - Variants, executor and progress.
 * @returns The JSON output, or why there is none.
 */
export async function exportGraph(
  ctx: RepoContext,
  deps: StepDeps,
): Promise<{ readonly json: string } | { readonly error: string }> {
  const variant = deps.variants.find((v) => v.build === 'current' && !ctx.broken.has(v.id));
  if (!variant) return { error: 'graph export: no working index of the current build' };
  deps.log(`${ctx.repo.label}: call-graph accuracy on ${variant.id}'s index`);
  const outcome = await deps.executor.exec(variant, ['graph'], ctx.tree, deps.executor.stateDir(ctx, variant, false));
  const problem = failureOf(outcome);
  return problem === null ? { json: outcome.stdout } : { error: `graph export: ${problem}` };
}
