/**
 * The environment a run records: machine, runtime, commit and component versions.
 *
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import type { Environment } from './result.js';

/** Component versions the caller knows (the CLI reads them from the registries; bench never loads a backend). */
export interface ComponentVersions {
  readonly backends: readonly { readonly name: string; readonly version: string }[];
  readonly analyzers: readonly { readonly name: string; readonly version: string }[];
}

function git(args: readonly string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/**
 * The commit of a checkout and whether tracked files differ from it.
 *
 * @param root - Checkout root.
 * @returns Commit hash (or `null` outside git) and the dirty flag.
 */
export function gitState(root: string): { commit: string | null; dirty: boolean } {
  const commit = git(['rev-parse', 'HEAD'], root);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no'], root);
  return { commit, dirty: status !== null && status.length > 0 };
}

/**
 * Describe this machine and build.
 *
 * @param root - Checkout root of the current build.
 * @param versions - Backend and analyzer versions.
 * @param peakRss - How peak RSS is measured.
 * @param cpuTime - How CPU time is measured.
 * @returns The environment record.
 */
export function captureEnvironment(
  root: string,
  versions: ComponentVersions,
  peakRss: Environment['peakRss'],
  cpuTime: NonNullable<Environment['cpuTime']> = 'unavailable',
): Environment {
  const { commit, dirty } = gitState(root);
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    commit,
    dirty,
    backends: versions.backends,
    analyzers: versions.analyzers,
    peakRss,
    cpuTime,
  };
}
