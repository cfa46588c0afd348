/**
 * Starting analysis processes, and starting one early. An analysis process needs a few hundred milliseconds to boot
 * Node, start its thread and import the analyzers; a one-file incremental run spends about as long loading modules,
 * scanning and opening its writer. So the index command starts the process first ({@link prestartAnalysis}) and the
 * run takes it when it has files to analyze: every run is isolated, and the start-up overlaps work the run does
 * anyway. A run with nothing to analyze disposes of it.
 *
 * Events a process raises before the pool attaches (its `ready` message, an early death) are kept and replayed, so a
 * process started early is handled exactly like one the pool started itself.
 *
 * @packageDocumentation
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { OUT_OF_MEMORY_EXIT, type WorkerReply, type WorkerRequest, type WorkerSetup } from './analysis-protocol.js';

/** Per-file budgets of isolated analysis. */
export interface AnalysisLimits {
  /** Wall-clock milliseconds one file may take before its process is killed (reason `timeout`). */
  readonly fileTimeoutMs: number;
  /** Heap of one analysis process in MiB; a file that needs more fails with `too large`. */
  readonly memoryMb: number;
}

/** Budgets used unless the caller sets others: generous for real code, finite for generated or hostile files. */
export const DEFAULT_LIMITS: AnalysisLimits = Object.freeze({ fileTimeoutMs: 60_000, memoryMb: 2048 });

/** What the pool does with an analysis process's events. */
export interface ProcessEvents {
  message(reply: WorkerReply): void;
  /** Every message the process sent has been delivered by then ('close', not 'exit'). */
  close(code: number | null, signal: NodeJS.Signals | null): void;
  stderr(text: string): void;
  /** The process could not be started. */
  error(error: Error): void;
}

/** Where files are analyzed: an analysis process, or (experiment) a thread of this process. */
export interface AnalysisHost {
  readonly setup: WorkerSetup;
  /** Whether it has ended. */
  readonly closed: boolean;
  attach(events: ProcessEvents): void;
  send(request: WorkerRequest): void;
  /** End it now, mid-file (a timeout, an abandoned run). */
  kill(): void;
  /** End it when idle. */
  release(): void;
  /** End one that never worked for a run. */
  discard(): void;
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

/** The process entry beside this module, source or compiled like this module. */
const PROCESS_ENTRY = import.meta.url.replace(/analysis-spawn\.(ts|js)$/, 'analysis-process.$1');

/** One analysis process; its events are held until the pool attaches. */
export class AnalysisProcess implements AnalysisHost {
  readonly child: ChildProcess;
  private events: ProcessEvents | null = null;
  private readonly held: ((events: ProcessEvents) => void)[] = [];
  /** Whether the process has closed (held or delivered). */
  closed = false;

  /**
   * Fork the process.
   *
   * @param setup - Its analyzers, root and heap budget.
   */
  constructor(readonly setup: WorkerSetup) {
    const child = fork(compiled(PROCESS_ENTRY), [JSON.stringify(setup)], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr?.on('data', (data: Buffer) => this.raise((events) => events.stderr(data.toString())));
    child.on('message', (reply: WorkerReply) => this.raise((events) => events.message(reply)));
    child.on('close', (code, signal) => {
      this.closed = true;
      this.raise((events) => events.close(code, signal));
    });
    // Sending to a process that is dying raises an error too; its 'close' handles the consequences.
    child.on('error', (error) => {
      if (child.pid === undefined) this.raise((events) => events.error(error));
    });
  }

  send(request: WorkerRequest): void {
    this.child.send(request);
  }

  kill(): void {
    this.child.kill('SIGKILL');
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

  /**
   * End an idle process: it exits when its channel closes, so exit hooks run; one that does not is killed. This
   * process does not wait for that exit, except under `--cpu-prof`, whose profile of the analysis process must be on
   * disk when the command ends.
   */
  release(): void {
    if (!this.child.connected) {
      if (!this.closed) this.child.kill('SIGKILL');
      return;
    }
    this.child.disconnect();
    setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
    if (!PROFILING) this.detach();
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

  private raise(event: (events: ProcessEvents) => void): void {
    if (this.events) event(this.events);
    else this.held.push(event);
  }
}

/** The thread entry beside this module, source or compiled like this module. */
const THREAD_ENTRY = import.meta.url.replace(/analysis-spawn\.(ts|js)$/, 'analysis-worker.$1');

/** Native stack of an analysis thread in MiB (as in analysis-process.ts). */
const STACK_MB = 64;

/**
 * An analysis thread of this process (`CODIRA_ISOLATION=thread`, an experiment measured against processes): the same
 * budgets of time (terminate) and heap (resource limits), no protection from a native crash.
 */
export class AnalysisThread implements AnalysisHost {
  private readonly worker: Worker;
  private events: ProcessEvents | null = null;
  private readonly held: ((events: ProcessEvents) => void)[] = [];
  private outOfMemory = false;
  closed = false;

  /**
   * Start the thread.
   *
   * @param setup - Its analyzers and heap budget.
   */
  constructor(readonly setup: WorkerSetup) {
    const worker = new Worker(compiled(THREAD_ENTRY), {
      workerData: setup,
      resourceLimits: { stackSizeMb: STACK_MB, maxOldGenerationSizeMb: setup.memoryMb },
    });
    this.worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'outcome') worker.postMessage('sent');
      this.raise((events) => events.message(reply));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
      else this.raise((events) => events.stderr(`${error.message}\n`));
    });
    worker.on('exit', (code) => {
      this.closed = true;
      this.raise((events) => events.close(this.outOfMemory ? OUT_OF_MEMORY_EXIT : code, null));
    });
  }

  attach(events: ProcessEvents): void {
    this.events = events;
    for (const replay of this.held.splice(0)) replay(events);
  }

  send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  kill(): void {
    void this.worker.terminate();
  }

  release(): void {
    void this.worker.terminate();
  }

  discard(): void {
    this.worker.unref();
    void this.worker.terminate();
  }

  private raise(event: (events: ProcessEvents) => void): void {
    if (this.events) event(this.events);
    else this.held.push(event);
  }
}

/** `CODIRA_ISOLATION=thread` selects threads instead of processes (an experiment; processes are the default). */
const USE_THREADS = process.env['CODIRA_ISOLATION'] === 'thread';

/**
 * Start an analysis host.
 *
 * @param setup - Its analyzers and heap budget.
 * @returns A process, or a thread under `CODIRA_ISOLATION=thread`.
 */
export function startHost(setup: WorkerSetup): AnalysisHost {
  return USE_THREADS ? new AnalysisThread(setup) : new AnalysisProcess(setup);
}

/** An analysis process started before its run, taken by the run or disposed of. */
export interface PrestartedAnalysis {
  /**
   * The process, when it was started with this setup and is still alive; taken at most once.
   *
   * @param setup - The run's setup.
   * @returns The process, or `null` (then it has been discarded).
   */
  take(setup: WorkerSetup): AnalysisHost | null;
  /** Discard the process unless it was taken. */
  dispose(): void;
}

/** The process {@link prestartAnalysis} started and no run has claimed yet. */
let waiting: PrestartedAnalysis | null = null;

/**
 * Start an analysis process now, for a run that will start soon; the run claims it with {@link claimPrestarted}.
 * A process started earlier and never claimed is released first.
 *
 * @param analyzerModule - URL of the module whose `ANALYZERS` export the run will use (source or compiled).
 * @param memoryMb - Heap budget of the analysis thread in MiB.
 * @returns The process, for the run to take (also kept for {@link claimPrestarted}).
 */
export function prestartAnalysis(analyzerModule: string, memoryMb: number): PrestartedAnalysis {
  waiting?.dispose();
  let process: AnalysisProcess | null = new AnalysisProcess({
    analyzerModule: compiled(analyzerModule).href,
    memoryMb,
  });
  const dispose = (): void => {
    process?.discard();
    process = null;
  };
  const prestarted: PrestartedAnalysis = {
    take(setup: WorkerSetup): AnalysisHost | null {
      const started = process;
      process = null;
      const same =
        started !== null &&
        !started.closed &&
        started.setup.analyzerModule === setup.analyzerModule &&
        started.setup.memoryMb === setup.memoryMb;
      if (same) return started;
      started?.discard();
      return null;
    },
    dispose,
  };
  waiting = prestarted;
  return prestarted;
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
