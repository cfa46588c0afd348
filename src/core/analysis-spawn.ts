/**
 * Analysis hosts — child processes, and threads of this process — and starting one early. A host needs time to start
 * (measured on this project's machine: a process about 110 ms to be ready, a thread about 40 ms) while a one-file
 * incremental run spends ~150 ms loading the CLI, scanning and opening its writer. So the launcher starts the host a
 * run is likely to need first ({@link prestartAnalysis}) and the run takes it when it has files to analyze: every run
 * is isolated, and the start-up overlaps work the run does anyway. A run with nothing to analyze discards it.
 *
 * Events a host raises before the pool attaches (its `ready` message, an early death) are kept and replayed, so a
 * host started early is handled exactly like one the pool started itself.
 *
 * @packageDocumentation
 */
import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import { OUT_OF_MEMORY_EXIT, type WorkerReply, type WorkerRequest, type WorkerSetup } from './analysis-protocol.js';
import { startAnalysisWorker } from './analysis-thread-start.js';

export { DEFAULT_LIMITS, type AnalysisLimits } from './analysis-protocol.js';

/** What the pool does with an analysis process's events. */
export interface ProcessEvents {
  message(reply: WorkerReply): void;
  /** Every message the process sent has been delivered by then ('close', not 'exit'). */
  close(code: number | null, signal: NodeJS.Signals | null): void;
  stderr(text: string): void;
  /** The process could not be started. */
  error(error: Error): void;
}

/**
 * How a run isolates analysis: `auto` analyzes a small run whose files all look ordinary on a thread of this process
 * (time and heap budgets, a 64 MiB stack, no protection from a native crash) and everything else in processes;
 * `process` uses processes for every run (`$CODIRA_ISOLATION`).
 */
export type Isolation = 'auto' | 'process';

/** The two kinds of analysis host. */
export type HostKind = 'thread' | 'process';

/** Where files are analyzed: an analysis process, or a thread of this process. */
export interface AnalysisHost {
  readonly setup: WorkerSetup;
  /** Whether it has ended. */
  readonly closed: boolean;
  /**
   * Call `callback` once the host has loaded its code (its first `ready`) or has ended.
   *
   * @param callback - Called once.
   */
  whenStarted(callback: () => void): void;
  attach(events: ProcessEvents): void;
  send(request: WorkerRequest): void;
  /** End it now, mid-file (a timeout, an abandoned run). */
  kill(): void;
  /** End it when idle. */
  release(): void;
  /** End one that never worked for a run. */
  discard(): void;
  /**
   * Set an idle host aside after a run, for a later run to {@link AnalysisHost.attach} to (a {@link ResidentAnalysis}):
   * its events are held again, and the next run hears its `ready` first, as from a new host.
   */
  park(): void;
}

/**
 * The compiled copy of a module. Under the test runner modules are TypeScript source, which Node 20 cannot load in
 * another process or thread, so the copy in `dist/` (built by `npm test`) is used; compiled modules map to themselves.
 *
 * @param url - URL of a module under `src/` (source) or `dist/` (compiled).
 * @returns URL of the module a process can import.
 */
export function compiled(url: string): URL {
  // The last `/src/` of the path is the project's: the checkout itself may live under a `src` folder.
  return new URL(url.replace(/\/src\/(?!.*\/src\/)(.+)\.ts$/, '/dist/$1.js'));
}

/** Whether this process (and so every analysis process, through `execArgv`) writes a CPU profile at exit. */
const PROFILING = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((arg) =>
  arg.startsWith('--cpu-prof'),
);

/**
 * Whether this process waits at its end for the analysis processes it released: under `--cpu-prof` (their profiles
 * must be on disk when the command ends) and under a measurement (`CODIRA_WAIT_FOR_ANALYSIS=1`, set by the benchmark
 * harness). A process that ends before its children is not their parent any more when they exit, so `wait4` — and
 * GNU time's peak RSS and CPU with it — never sees them: a full index's largest process is often an analysis process.
 */
const WAIT_FOR_EXIT = PROFILING || process.env['CODIRA_WAIT_FOR_ANALYSIS'] === '1';

/** The process entry beside this module, source or compiled like this module. */
const PROCESS_ENTRY = import.meta.url.replace(/analysis-spawn\.(ts|js)$/, 'analysis-process.$1');

/** A host's events, held until the pool attaches and then replayed in order. */
abstract class HeldEvents {
  private events: ProcessEvents | null = null;
  private readonly held: ((events: ProcessEvents) => void)[] = [];
  /** The host's `ready` reply, heard again by a run that takes the host after another run ({@link park}). */
  private ready: WorkerReply | null = null;
  /** Whether the host has ended (the event held or delivered). */
  closed = false;
  /** Called once the host has loaded its code (its first `ready`) or has ended; `null` once called. */
  private startWatchers: (() => void)[] | null = [];

  /**
   * Call `callback` once the host has loaded its code — its first `ready` — or has ended without (at once if either
   * happened already).
   *
   * @param callback - Called once.
   */
  whenStarted(callback: () => void): void {
    if (this.startWatchers === null) callback();
    else this.startWatchers.push(callback);
  }

  /** The host is ready or has ended: call the start watchers. */
  protected started(): void {
    const watchers = this.startWatchers;
    this.startWatchers = null;
    watchers?.forEach((watcher) => watcher());
  }

  /**
   * Hand the events to the pool, first those that came before.
   *
   * @param events - The pool's handlers.
   */
  attach(events: ProcessEvents): void {
    this.events = events;
    for (const replay of this.held.splice(0)) replay(events);
  }

  /** Detach the run that used the host: events are held until the next run attaches, which hears `ready` first. */
  park(): void {
    this.events = null;
    const ready = this.ready;
    if (ready) this.held.unshift((events) => events.message(ready));
  }

  /**
   * Deliver a reply of the host, noting its `ready`.
   *
   * @param reply - The reply.
   */
  protected reply(reply: WorkerReply): void {
    if (reply.kind === 'ready') this.ready = reply;
    this.raise((events) => events.message(reply));
    if (reply.kind === 'ready') this.started();
  }

  /**
   * Deliver an event, or hold it until {@link HeldEvents.attach}.
   *
   * @param event - Calls one handler.
   */
  protected raise(event: (events: ProcessEvents) => void): void {
    if (this.events) event(this.events);
    else this.held.push(event);
  }
}

/** One analysis process. */
export class AnalysisProcess extends HeldEvents implements AnalysisHost {
  readonly child: ChildProcess;

  /**
   * Fork the process.
   *
   * @param setup - Its analyzers, root and heap budget.
   */
  constructor(readonly setup: WorkerSetup) {
    super();
    // `node:child_process` is loaded here, by the first process a run forks: a run analyzed in a thread never loads it
    // (with `net`, `dgram` and their modules, ~2 ms of CPU per one-file run; issue 12, session 23).
    const { fork } = process.getBuiltinModule('node:child_process');
    const child = fork(compiled(PROCESS_ENTRY), [JSON.stringify(setup)], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr?.on('data', (data: Buffer) => this.raise((events) => events.stderr(data.toString())));
    child.on('message', (reply: WorkerReply) => this.reply(reply));
    child.on('close', (code, signal) => {
      this.closed = true;
      this.started();
      this.raise((events) => events.close(code, signal));
    });
    // Sending to a process that is dying raises an error too; its 'close' handles the consequences.
    child.on('error', (error) => {
      if (child.pid === undefined) this.raise((events) => events.error(error));
    });
  }

  /**
   * Hand the process a chunk of files.
   *
   * @param request - The chunk.
   */
  send(request: WorkerRequest): void {
    this.child.send(request);
  }

  /** Kill the process mid-file (a timeout, an abandoned run). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /**
   * End an idle process: it exits when its channel closes, so exit hooks run; one that does not is killed. This
   * process does not wait for that exit, except when {@link WAIT_FOR_EXIT} says so.
   */
  release(): void {
    if (!this.child.connected) {
      if (!this.closed) this.child.kill('SIGKILL');
      return;
    }
    this.child.disconnect();
    setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
    if (!WAIT_FOR_EXIT) this.detach();
  }

  /** End a process that never worked for a run: killed at once, never waited for. */
  discard(): void {
    if (!this.closed) this.child.kill('SIGKILL');
    this.detach();
  }

  /** Stop holding this process's event loop open for the child. */
  private detach(): void {
    this.child.stderr?.destroy();
    this.child.unref();
  }
}

/** The thread entry beside this module, source or compiled like this module. */
const THREAD_ENTRY = import.meta.url.replace(/analysis-spawn\.(ts|js)$/, 'analysis-worker.$1');

/** Native stack of an analysis thread in MiB (as in analysis-process.ts). */
const STACK_MB = 64;

/**
 * An analysis thread of this process, for small runs of ordinary-looking files: the same budgets of time (terminated)
 * and heap (resource limits) and the same 64 MiB stack as an analysis process, and it starts in a third of the time,
 * but a native crash takes this process with it.
 */
export class AnalysisThread extends HeldEvents implements AnalysisHost {
  private readonly worker: Worker;
  private outOfMemory = false;

  /**
   * Start the thread.
   *
   * @param setup - Its analyzers and heap budget.
   */
  constructor(readonly setup: WorkerSetup) {
    super();
    const worker = startAnalysisWorker(compiled(THREAD_ENTRY), setup, {
      stackSizeMb: STACK_MB,
      maxOldGenerationSizeMb: setup.memoryMb,
    });
    this.worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      worker.postMessage('sent');
      this.reply(reply);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
      else this.raise((events) => events.stderr(`${error.message}\n`));
    });
    worker.on('exit', (code) => {
      this.closed = true;
      this.started();
      this.raise((events) => events.close(this.outOfMemory ? OUT_OF_MEMORY_EXIT : code, null));
    });
  }

  /**
   * Hand the thread a chunk of files.
   *
   * @param request - The chunk.
   */
  send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  /** Terminate the thread mid-file (a timeout, an abandoned run). */
  kill(): void {
    void this.worker.terminate();
  }

  /** The thread ends on its own once told (so `--cpu-prof` writes its profile); one that does not is terminated. */
  release(): void {
    this.worker.postMessage('close');
    setTimeout(() => void this.worker.terminate(), 5000).unref();
    if (!PROFILING) this.worker.unref();
  }

  /** End a thread that never worked for a run: terminated at once, never waited for. */
  discard(): void {
    this.worker.unref();
    void this.worker.terminate();
  }
}

/**
 * Start an analysis host.
 *
 * @param setup - Its analyzers and heap budget.
 * @param kind - A thread of this process or a child process.
 * @returns The host.
 */
export function startHost(setup: WorkerSetup, kind: HostKind): AnalysisHost {
  return kind === 'thread' ? new AnalysisThread(setup) : new AnalysisProcess(setup);
}

/** An analysis host started before its run, taken by the run or discarded. */
export interface PrestartedAnalysis {
  /**
   * The host, when it fits the run (the kind it needs, or a process where a thread would do), was started with this
   * setup and is still alive; taken at most once.
   *
   * @param setup - The run's setup.
   * @param kind - The kind of host the run needs.
   * @returns The host, or `null` (then it has been discarded).
   */
  take(setup: WorkerSetup, kind: HostKind): AnalysisHost | null;
  /** Whether it still holds a live host: neither taken nor discarded, and the host has not ended. */
  readonly available: boolean;
  /** Discard the host unless it was taken. */
  dispose(): void;
  /**
   * Take back the host {@link PrestartedAnalysis.take} gave, idle and alive after its run, for the next run (a
   * {@link ResidentAnalysis}); absent or `false` when the host is to be released as usual.
   *
   * @param host - The host the run took.
   * @returns Whether it was taken back (then the run must not release it).
   */
  giveBack?(host: AnalysisHost): boolean;
}

/** The host {@link prestartAnalysis} started and no run has claimed yet. */
let waiting: PrestartedAnalysis | null = null;

/**
 * Start an analysis host now, for a run that will start soon; the run claims it with {@link claimPrestarted}. A host
 * started earlier and never claimed is discarded first.
 *
 * @param analyzerModule - URL of the module whose `ANALYZERS` export the run will use (source or compiled).
 * @param memoryMb - Heap budget of the analysis thread in MiB.
 * @param kind - The host a run is likely to need: a thread (a small run under `auto`) or a process.
 * @param preload - Paths the run will likely analyze, whose analyzers the host loads at once (`WorkerSetup.preload`).
 * @param started - Called once the host has loaded its code (its `ready`) or has ended (see
 *   {@link AnalysisHost.whenStarted}).
 * @returns The host, for the run to take (also kept for {@link claimPrestarted}).
 */
export function prestartAnalysis(
  analyzerModule: string,
  memoryMb: number,
  kind: HostKind,
  preload?: readonly string[],
  started?: () => void,
): PrestartedAnalysis {
  waiting?.dispose();
  const setup: WorkerSetup = {
    analyzerModule: compiled(analyzerModule).href,
    memoryMb,
    ...(preload ? { preload } : {}),
  };
  let process: AnalysisHost | null = startHost(setup, kind);
  if (started) process.whenStarted(started);
  const dispose = (): void => {
    process?.discard();
    process = null;
  };
  const prestarted: PrestartedAnalysis = {
    take(setup: WorkerSetup, wanted: HostKind): AnalysisHost | null {
      const host = process;
      process = null;
      // A process also serves a run that would use a thread: the same budgets, and a native crash stays in it.
      // A thread never serves a run that needs a process.
      const fits =
        host !== null &&
        !host.closed &&
        (wanted === kind || kind === 'process') &&
        host.setup.analyzerModule === setup.analyzerModule &&
        host.setup.memoryMb === setup.memoryMb;
      if (fits) return host;
      host?.discard();
      return null;
    },
    get available(): boolean {
      return process !== null && !process.closed;
    },
    dispose,
  };
  waiting = prestarted;
  return prestarted;
}

/**
 * Runs one {@link ResidentAnalysis} host serves before it is replaced: a process that analyzes many runs' files is no
 * different from one that analyzes a full index's hundreds in a row, but a fresh one now and then bounds what a leak in
 * a parser could pile up in it.
 */
export const RESIDENT_RUNS = 64;

/** An analysis process lent to one run after another (a watching server's), until it dies or has served its runs. */
export interface ResidentAnalysis extends PrestartedAnalysis {
  /** Make it the host the next run claims ({@link claimPrestarted}), while it is {@link PrestartedAnalysis.available}. */
  offer(): void;
  /** End it (the server stops). */
  end(): void;
}

/**
 * Start an analysis process that stays between runs: each run takes it ({@link PrestartedAnalysis.take}, as a
 * prestarted host, with the same budgets) and the pool gives it back idle after the run instead of releasing it, so the
 * next run finds its analyzers loaded and compiled (a fresh process analyzes its first large file at a fraction of
 * the speed of a warm one; issue 14's ledger, session 17). A host that died in a run (a crash, a timeout, the heap
 * budget) is not given back; the pool replaced it for that run as for any host. Disposing of it, as a run does with
 * a prestarted host it did not take, leaves it for the next run.
 *
 * @param analyzerModule - URL of the module whose `ANALYZERS` export the runs use (source or compiled).
 * @param memoryMb - Heap budget of its analysis thread in MiB.
 * @returns The resident host.
 */
export function residentAnalysis(analyzerModule: string, memoryMb: number): ResidentAnalysis {
  const setup: WorkerSetup = { analyzerModule: compiled(analyzerModule).href, memoryMb };
  let host: AnalysisHost | null = startHost(setup, 'process');
  let lent = false;
  let runs = 0;
  const resident: ResidentAnalysis = {
    take(wanted: WorkerSetup): AnalysisHost | null {
      const fits =
        host !== null &&
        !lent &&
        !host.closed &&
        host.setup.analyzerModule === wanted.analyzerModule &&
        host.setup.memoryMb === wanted.memoryMb;
      if (!fits) {
        resident.end();
        return null;
      }
      lent = true;
      runs++;
      return host;
    },
    giveBack(given: AnalysisHost): boolean {
      if (given !== host || !lent || given.closed || runs >= RESIDENT_RUNS) {
        if (given === host) host = null;
        return false;
      }
      given.park();
      lent = false;
      return true;
    },
    get available(): boolean {
      return host !== null && !lent && !host.closed;
    },
    dispose(): void {
      // A run that did not take it leaves it for the next; the owner ends it.
    },
    offer(): void {
      if (resident.available) {
        if (waiting !== resident) waiting?.dispose();
        waiting = resident;
      }
    },
    end(): void {
      if (host && !lent) host.discard();
      host = null;
    },
  };
  return resident;
}

/**
 * The process started by {@link prestartAnalysis} for this run, if any; a second claim gets nothing.
 *
 * @returns The prestarted process, or `null`.
 */
export function claimPrestarted(): PrestartedAnalysis | null {
  const claimed = waiting;
  waiting = null;
  return claimed;
}
