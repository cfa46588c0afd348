/**
 * The early start of `codira index`'s analysis host. Every file is analyzed in isolation, and starting a host costs
 * a good part of what a one-file incremental run spends before it analyzes anything; so the launcher
 * (`bin/codira.js`) starts the host such a run needs (a thread, or a process under `$CODIRA_ISOLATION=process`)
 * before loading the CLI, and the run claims it (`claimPrestarted`, core/analysis-spawn.ts).
 *
 * @packageDocumentation
 */
import { UsageError } from '../core/errors.js';
import { DEFAULT_LIMITS } from '../core/analysis-protocol.js';
import type { HostKind, Isolation, PrestartedAnalysis, ResidentAnalysis } from '../core/analysis-spawn.js';
import { suspendTiering } from './optimizer-hold.js';

/** The analyzer registry's module, named without loading it (the analysis process imports it). */
export const ANALYZER_REGISTRY = import.meta.url.replace(/cli\/analysis-prestart\.(ts|js)$/, 'analyzers/registry.$1');

/**
 * Start the analysis host of an `index` run about to be parsed. The heap budget is read from `$CODIRA_FILE_MEMORY_MB`
 * as the run will read it; an invalid value is reported by the run, which then discards this host (its budget
 * differs from the run's), as does a run that needs another kind of host (a large run, a hazardous-looking file).
 *
 * @param kind - The host to start: by default a thread (a process under `$CODIRA_ISOLATION=process`); a process
 *   serves any run (see `PrestartedAnalysis.take`).
 * @param preload - Paths the run will likely analyze: the host loads their analyzers at once.
 * @returns The host, until a run claims it.
 */
export async function prestartIndexAnalysis(kind?: HostKind, preload?: readonly string[]): Promise<PrestartedAnalysis> {
  // Loaded here, not at the top: a run with nothing to analyze never needs the process and thread modules. A `--full`
  // run's host starts before the run's tiering takes the hold, and a full run keeps the hold for its scan (no
  // suspension, unlike `startIndexHost`).
  const { prestartAnalysis } = await import('../core/analysis-spawn.js');
  const isolated = process.env['CODIRA_ISOLATION'] === 'process' ? 'process' : 'thread';
  return prestartAnalysis(ANALYZER_REGISTRY, memoryFromEnv(), kind ?? isolated, preload);
}

/**
 * Start an index run's analysis host (`prestartAnalysis`), or take the one kept ready for it (`claimPrestarted`) when
 * `claim` says so. V8's flags are at their defaults while the process and thread modules load and, for a thread of
 * this process, until the thread has loaded its code: the run's tiering (`optimizer-hold.ts`) changes process-wide
 * flags, and under changed flags V8 rejects the code caches of Node's built-ins (here `node:child_process`,
 * `node:worker_threads` and the modules they load) and of the thread's bundle, so all of them compiled from source
 * (~30 ms of CPU per one-file run; issue 12, session 19).
 *
 * @param memoryMb - Heap budget of analysis in MiB.
 * @param kind - A thread of this process or a child process.
 * @param preload - Paths the run will likely analyze.
 * @param claim - Take a host started earlier for this run first, whatever its kind (the pool checks it fits).
 * @returns The host, until a run claims it.
 */
export async function startIndexHost(
  memoryMb: number,
  kind: HostKind,
  preload?: readonly string[],
  claim = false,
): Promise<PrestartedAnalysis> {
  const resume = suspendTiering();
  try {
    const spawn = await import('../core/analysis-spawn.js');
    const claimed = claim ? spawn.claimPrestarted() : null;
    if (claimed !== null || kind !== 'thread') {
      resume();
      return claimed ?? spawn.prestartAnalysis(ANALYZER_REGISTRY, memoryMb, kind, preload);
    }
    return spawn.prestartAnalysis(ANALYZER_REGISTRY, memoryMb, kind, preload, resume);
  } catch (error) {
    resume();
    throw error;
  }
}

/**
 * Start the analysis process a watching server lends to its index runs one after another (see `residentAnalysis`),
 * with the heap budget the runs will read from `$CODIRA_FILE_MEMORY_MB`.
 *
 * @returns The resident host.
 */
export async function residentIndexAnalysis(): Promise<ResidentAnalysis> {
  const { residentAnalysis } = await import('../core/analysis-spawn.js');
  return residentAnalysis(ANALYZER_REGISTRY, memoryFromEnv());
}

/**
 * The heap budget of analysis from `$CODIRA_FILE_MEMORY_MB` as a run reads it; an invalid value is reported by the
 * run, which then discards a host started with the default (its budget differs from the run's).
 *
 * @returns MiB.
 */
function memoryFromEnv(): number {
  const text = process.env['CODIRA_FILE_MEMORY_MB'] ?? '';
  return /^\d+$/.test(text) ? Number(text) : DEFAULT_LIMITS.memoryMb;
}

/**
 * The isolation `$CODIRA_ISOLATION` asks for.
 *
 * @returns `auto` (the default) or `process`.
 */
export function isolationFromEnv(): Isolation {
  const value = process.env['CODIRA_ISOLATION'] ?? '';
  if (value === '' || value === 'auto') return 'auto';
  if (value === 'process') return 'process';
  throw new UsageError(`$CODIRA_ISOLATION must be 'auto' or 'process', got '${value}'`);
}
