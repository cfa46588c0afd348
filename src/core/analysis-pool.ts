/**
 * Parallel, isolated analysis. Files go to analysis processes in small chunks (so a slow file does not idle the
 * others) and outcomes are yielded strictly in task order, so the result is the same whatever the scheduling.
 *
 * Each process analyzes one file at a time and answers per file, so when a process dies the pool knows the file it
 * was on: a crash (e.g. a native parser's segmentation fault) fails that file with `parser crashed`, a file over the
 * time budget is killed and fails with `timeout`, one over the heap budget fails with `too large`; the process is
 * replaced and the rest of the run goes on. Every run is isolated, however small: a one-file run uses one process,
 * usually started early by the caller (analysis-spawn.ts) so its start-up overlaps the run's other work.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deserialize } from 'node:v8';
import { analyzeFile, hashContent, type AnalysisOutcome, type AnalysisTask, type FileContent } from './analyze-file.js';
import {
  HAZARD_BYTES,
  OUT_OF_MEMORY_EXIT,
  SMALL_RUN_FILES,
  type WorkerRequest,
  type WorkerSetup,
} from './analysis-protocol.js';
import {
  startHost,
  type AnalysisHost,
  type HostKind,
  type Isolation,
  compiled,
  DEFAULT_LIMITS,
  type AnalysisLimits,
  type PrestartedAnalysis,
} from './analysis-spawn.js';
import { analyzerFor, analyzerInventory, loadAnalyzers, type AnalyzerSet } from './analyzer.js';
import { addParallelPhase, traceEvent } from './phases.js';
import { readRegularFile } from './source-text.js';

export { DEFAULT_LIMITS, type AnalysisLimits } from './analysis-spawn.js';

/** Files per message: small enough to balance load, large enough to amortise messaging. */
const CHUNK = 8;

/** Consecutive processes that may die before loading the analyzers before the run gives up. */
const START_FAILURES = 3;

/**
 * How far analysis may run ahead of the consumer, in source bytes: outcomes come back in task order, so while one
 * process is on a slow file the others' outcomes wait in this process's memory (measured on a SymPy-sized run: a
 * heap of 140–180 MB of waiting outcomes, about 7 bytes per source byte). Beyond the window the other processes wait
 * for the slow file instead, which bounds that memory by the window rather than by the repository.
 */
export const LOOKAHEAD_BYTES = 8 * 1024 * 1024;

/**
 * A file this large goes to a fresh analysis host, as the first file it analyzes: the file starts a chunk, and the
 * host that chunk would have gone to is replaced first (unless it has been given nothing yet). A host keeps native
 * memory its parsers freed (the allocator does not hand it back to the system), so a large file's syntax tree (~100
 * bytes per source byte) and its analysis came on top of what the files before it left: SymPy's 1.5 MB file takes
 * ~220 MiB on its own (a fresh process holds ~63 MiB, and peaked at 280–293 MiB with it), but on four copies of SymPy
 * it came on processes that had grown with the run and peaked at up to 353 MiB (issue 12, session 21). Each
 * replacement costs a process start and the warm-up of its compiled code (0.3–0.4 s of CPU measured on SymPy × 4),
 * so the bound is high: one file of SymPy (the 1.5 MB one), four of its four copies.
 */
export const FRESH_HOST_FILE_BYTES = 1024 * 1024;

/**
 * Source bytes an analysis host is given before the pool replaces it with a fresh one (when files remain), so what it
 * keeps grows with a bounded share of the work, not with the repository: SymPy's ~31 MB over two processes never
 * reaches it; on four copies a process that analyzed the large file, and then went on near its peak, is replaced
 * after its share instead of creeping up (290 → 333 MiB in one traced base run). 64 MiB, not the 24 first measured:
 * on SymPy × 4 the large-file rule already replaces a host per copy, and 24 MiB started 6–7 hosts more than base for
 * the same peaks (286–301 MiB either way) at ~5 % more CPU (issue 12, session 22, `evidence/s22-mem/share64.jsonl`).
 */
export const HOST_SOURCE_BYTES = 64 * 1024 * 1024;

/** Extra time a new process gets to load its analyzers before its first file's budget starts. */
const START_BUDGET_MS = 30_000;

/** Below this many files a run has one analysis host; from here on, one process per core (at most eight). */
const FILES_PER_PROCESS = SMALL_RUN_FILES;

/** A file nested this deep (or of {@link HAZARD_BYTES} or more) is analyzed in a process even in a small run. */
const HAZARD_DEPTH = 200;

/** Which tasks analysis may start, given how many outcomes the consumer has taken (see {@link LOOKAHEAD_BYTES}). */
export class Lookahead {
  /** Outcomes of tasks before this index have been handed to the consumer. */
  consumed = 0;
  /** `before[i]`: source bytes of the tasks before task `i`. */
  private readonly before: Float64Array;

  /**
   * @param tasks - The run's tasks, in consumption order.
   * @param files - Tasks past the consumer that are always admitted (keeps every process busy).
   * @param bytes - Source bytes past the consumer admitted beyond that.
   */
  constructor(
    tasks: readonly AnalysisTask[],
    private readonly files: number,
    private readonly bytes: number,
  ) {
    this.before = new Float64Array(tasks.length + 1);
    tasks.forEach((task, i) => (this.before[i + 1] = this.before[i]! + (task.bytes ?? 0)));
  }

  /**
   * Whether task `index` may be given to a process now. The consumer's next task always may.
   *
   * @param index - Task index (not yet consumed).
   * @returns `true` when it is within the window.
   */
  admits(index: number): boolean {
    if (index <= this.consumed || index < this.consumed + this.files) return true;
    return this.before[index + 1]! - this.before[this.consumed]! <= this.bytes;
  }
}

/** Every byte that is not a bracket, as Latin-1 text (one character per byte). */
const NOT_BRACKETS = /[^()[\]{}]+/g;

/**
 * Whether some bracket of a file sits deeper than {@link HAZARD_DEPTH}: `(`, `[` and `{` open, `)`, `]` and `}` close
 * (a closer at depth 0 is ignored), whatever the kinds. The brackets are picked out by one native pass over the bytes
 * as Latin-1 text, so the loop visits brackets only: a byte-by-byte loop ran while the index run's optimizer hold
 * keeps it interpreted (~4 ms of CPU for a 68 KB file; issue 12, session 19).
 *
 * @param bytes - The file's bytes.
 * @returns `true` when the nesting goes deeper than the bound.
 */
export function nestsTooDeep(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const brackets = text.replace(NOT_BRACKETS, '');
  let depth = 0;
  for (let i = 0; i < brackets.length; i++) {
    const code = brackets.charCodeAt(i);
    if (code === 0x28 || code === 0x5b || code === 0x7b) {
      if (++depth > HAZARD_DEPTH) return true;
    } else if (depth > 0) depth--;
  }
  return false;
}

/**
 * Whether a file shows the known ways a parser dies: deep bracket nesting (a native stack overflow) or sheer size
 * (time and memory). Brackets inside strings count too; a false alarm only costs a process start.
 *
 * @param root - Absolute repository root.
 * @param task - The file.
 * @returns `true` when the file should be analyzed in a process, else the file's content as read (`undefined` when it
 *   could not be read: analysis reports it without parsing).
 */
export function looksHazardous(root: string, task: AnalysisTask): true | FileContent | undefined {
  const read = readRegularFile(join(root, task.path));
  if (!('bytes' in read)) return undefined;
  const bytes = read.bytes;
  if (bytes.length > HAZARD_BYTES || nestsTooDeep(bytes)) return true;
  return { bytes, hash: hashContent(bytes) };
}

/** How a run analyzes: how many hosts of which kind (0 = in the indexing process, without isolation). */
export interface AnalysisPlan {
  readonly workers: number;
  readonly host: HostKind;
  /**
   * The run's tasks as the hosts get them: for a thread, each with the content its hazard check read
   * (`AnalysisTask.content`), else the tasks as given.
   */
  readonly tasks: readonly AnalysisTask[];
}

/**
 * How a run analyzes. Every run is isolated. A small run (the common incremental case) has one host: a thread of this
 * process when every file looks ordinary and isolation is `auto` (a process start would cost more than the run's
 * analysis; measured in docs/process/issue-11-execution.md), else a process; a run of {@link FILES_PER_PROCESS} files
 * or more has one process per core, at most eight. A thread is handed the bytes and hashes the check read, so it
 * neither reads its files again nor loads a hash function.
 *
 * @param root - Absolute repository root.
 * @param tasks - Files to analyze.
 * @param requested - Explicit process count (`--workers` / `CODIRA_WORKERS`); 0 analyzes in this process, without
 *   isolation.
 * @param isolation - `auto` or `process` (`$CODIRA_ISOLATION`).
 * @returns The hosts to start and the tasks to give them.
 */
export function analysisPlan(
  root: string,
  tasks: readonly AnalysisTask[],
  requested: number | undefined,
  isolation: Isolation,
): AnalysisPlan {
  if (requested !== undefined) {
    return { workers: Math.max(0, Math.min(requested, tasks.length)), host: 'process', tasks };
  }
  if (tasks.length === 0) return { workers: 0, host: 'process', tasks };
  if (tasks.length >= FILES_PER_PROCESS) {
    return { workers: Math.max(1, Math.min(availableParallelism(), 8)), host: 'process', tasks };
  }
  if (isolation !== 'auto') return { workers: 1, host: 'process', tasks };
  const read: AnalysisTask[] = [];
  for (const task of tasks) {
    const content = looksHazardous(root, task);
    if (content === true) return { workers: 1, host: 'process', tasks };
    read.push(content === undefined ? task : { ...task, content });
  }
  return { workers: 1, host: 'thread', tasks: read };
}

/**
 * The failure recorded for a file whose analysis process died. The file's hash and size are stored as for any
 * failure, so an unchanged file is not retried (and does not crash again) on the next run.
 *
 * @param root - Absolute repository root.
 * @param task - The file the process was on.
 * @param analyzers - The run's analyzers (to name the file's owner).
 * @param reason - `parser crashed`, `timeout` or `too large`.
 * @returns The failed outcome.
 */
function deathOutcome(root: string, task: AnalysisTask, analyzers: AnalyzerSet, reason: string): AnalysisOutcome {
  const read = readRegularFile(join(root, task.path));
  const bytes = 'bytes' in read ? read.bytes : null;
  return {
    kind: 'failed',
    failure: {
      file: {
        path: task.path,
        hash: bytes ? hashContent(bytes) : '',
        size: bytes ? bytes.length : 0,
        mtimeMs: task.mtimeMs,
        analyzer: analyzerFor(analyzers.all, task.path)?.name ?? '',
      },
      reason,
    },
  };
}

/** One analysis process and the task indices it was given, in the order it analyzes them. */
interface Slot {
  readonly process: AnalysisHost;
  /** `analyze worker N` for the phase recorder; a replacement process keeps the number. */
  readonly label: string;
  readonly assigned: number[];
  /** Source bytes handed to this host so far (see {@link HOST_SOURCE_BYTES}). */
  given: number;
  /** Replaced: it gets no more files and is released once its assigned files are done. */
  retired: boolean;
  ready: boolean;
  timedOut: boolean;
  timer: NodeJS.Timeout | null;
  stderr: string;
}

/**
 * Analyze files, yielding outcomes in task order.
 *
 * @param root - Absolute repository root.
 * @param tasks - Files to analyze, in the order outcomes must come back.
 * @param analyzers - The run's analyzers; analysis processes import the same list from `analyzers.module`.
 * @param workers - Analysis processes to use (0 = in this process, without isolation: for tests and debugging).
 * @param limits - Per-file time and memory budgets.
 * @param prestarted - A host started early for this run, used as the first one when its kind and setup match.
 * @param host - The kind of host to start.
 * @returns An async iterator of outcomes, one per task, in task order.
 */
export async function* analyzeAll(
  root: string,
  tasks: readonly AnalysisTask[],
  analyzers: AnalyzerSet,
  workers: number,
  limits: AnalysisLimits = DEFAULT_LIMITS,
  prestarted?: PrestartedAnalysis,
  host: HostKind = 'process',
): AsyncGenerator<AnalysisOutcome> {
  if (workers === 0) {
    prestarted?.dispose();
    await loadAnalyzers(
      analyzers.all,
      tasks.map((task) => task.path),
    );
    for (const task of tasks) yield analyzeFile(root, task, analyzers.all);
    return;
  }
  const setup: WorkerSetup = { analyzerModule: compiled(analyzers.module).href, memoryMb: limits.memoryMb };
  const inventory = analyzerInventory(analyzers.all);
  // An outcome from a host stays in its serialized form (see WorkerReply) until the consumer takes it.
  const results: (AnalysisOutcome | Uint8Array | undefined)[] = new Array(tasks.length);
  // Task indices not yet given to a process; those of a dead process come back to the front.
  const queue: number[] = tasks.map((_, index) => index);
  let failure: Error | null = null;
  let startFailures = 0;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const slots = new Set<Slot>();
  let closed = false;
  // Every process may always have its own two chunks in flight; beyond that, the byte window decides.
  const lookahead = new Lookahead(tasks, 2 * CHUNK * workers, LOOKAHEAD_BYTES);
  const hostBytes = limits.hostSourceBytes ?? HOST_SOURCE_BYTES;
  // A host lent by a resident owner goes back to it at the end of the run: it is never replaced.
  const replaceable = (slot: Slot): boolean => slot.process !== early || prestarted?.giveBack === undefined;

  // The budget runs from the end of the previous file (or from the start of a process, plus time to load).
  const arm = (slot: Slot): void => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (slot.assigned.length === 0) return;
    slot.timer = setTimeout(
      () => {
        slot.timedOut = true;
        slot.process.kill();
      },
      limits.fileTimeoutMs + (slot.ready ? 0 : START_BUDGET_MS),
    );
  };
  // A retired host's last files are done: it ends, and its replacement already works.
  const releaseRetired = (slot: Slot): void => {
    if (!slot.retired || slot.assigned.length > 0 || !slots.has(slot)) return;
    slots.delete(slot);
    slot.process.release();
  };
  const dispatch = (slot: Slot): void => {
    // Two chunks in flight keep a process busy while the main thread handles its replies.
    while (!slot.retired && slot.assigned.length < 2 * CHUNK && queue.length > 0 && lookahead.admits(queue[0]!)) {
      const chunk = queue.splice(0, CHUNK);
      // Indices in a chunk must be consecutive for the request format; split where they are not.
      const run = chunk.findIndex((index, i) => i > 0 && index !== chunk[i - 1]! + 1);
      let taken = run < 0 ? chunk : chunk.slice(0, run);
      if (run >= 0) queue.unshift(...chunk.slice(run));
      // A large file starts a chunk, and a fresh host analyzes it first (see FRESH_HOST_FILE_BYTES).
      const large = taken.findIndex((index) => (tasks[index]!.bytes ?? 0) >= FRESH_HOST_FILE_BYTES);
      if (large > 0) {
        queue.unshift(...taken.slice(large));
        taken = taken.slice(0, large);
      } else if (large === 0 && slot.given > 0) {
        queue.unshift(...taken);
        if (!slot.ready && replaceable(slot)) return; // replaced once it has started (on its next outcome)
        if (replace(slot)) return; // the replacement has taken this chunk
        queue.splice(0, taken.length); // this host cannot be replaced: it takes the chunk after all
      }
      const wasIdle = slot.assigned.length === 0;
      slot.assigned.push(...taken);
      const request: WorkerRequest = { root, start: taken[0]!, tasks: taken.map((index) => tasks[index]!) };
      slot.process.send(request);
      if (wasIdle) arm(slot);
      for (const index of taken) slot.given += tasks[index]!.bytes ?? 0;
      if (slot.given >= hostBytes && queue.length > 0) replace(slot);
    }
  };
  // Retire a host and start its replacement, which boots while the old one finishes the files it holds. A host not
  // yet started is not replaced (a run of very large files would otherwise start several at once), nor one lent by a
  // resident owner.
  const replace = (slot: Slot): boolean => {
    if (!slot.ready || !replaceable(slot)) return false;
    slot.retired = true;
    traceEvent(`host retired ${slot.label}`);
    start(slot.label);
    releaseRetired(slot);
    return true;
  };
  const start = (label: string, process = startHost(setup, host)): void => {
    const slot: Slot = {
      process,
      label,
      assigned: [],
      given: 0,
      retired: false,
      ready: false,
      timedOut: false,
      timer: null,
      stderr: '',
    };
    slots.add(slot);
    process.attach({
      stderr: (text) => (slot.stderr = (slot.stderr + text).slice(-2000)),
      message: (reply) => {
        if (reply.kind === 'ready') {
          if (!isDeepStrictEqual(reply.inventory, inventory)) {
            failure = new Error(
              `the analyzers exported by ${setup.analyzerModule} are not the ones the index run was given`,
            );
            notify();
            return;
          }
          traceEvent(`host ready ${slot.label}`);
          slot.ready = true;
          startFailures = 0;
          arm(slot);
          return;
        }
        results[reply.index] = reply.payload;
        traceEvent(`outcome ${reply.index} busy ${Math.round(reply.busyMs)}`);
        addParallelPhase(slot.label, reply.busyMs);
        slot.assigned.splice(slot.assigned.indexOf(reply.index), 1);
        arm(slot);
        dispatch(slot);
        releaseRetired(slot);
        notify();
      },
      close: (code, signal) => {
        if (slot.timer) clearTimeout(slot.timer);
        slots.delete(slot);
        if (closed) return;
        if (!slot.ready) {
          // Died before analyzing anything: no file is to blame; its tasks go back to the queue.
          queue.unshift(...slot.assigned);
          if (++startFailures >= START_FAILURES) {
            failure = new Error(`analysis processes fail to start: ${slot.stderr.trim() || `exit ${code ?? signal}`}`);
          }
        } else {
          const [current, ...rest] = slot.assigned;
          if (current !== undefined) {
            const reason = slot.timedOut ? 'timeout' : code === OUT_OF_MEMORY_EXIT ? 'too large' : 'parser crashed';
            results[current] = deathOutcome(root, tasks[current]!, analyzers, reason);
          }
          queue.unshift(...rest);
        }
        // A retired host's replacement is already running.
        if (failure === null && queue.length > 0 && !slot.retired) start(label);
        notify();
      },
      error: (error) => {
        failure = error;
        notify();
      },
    });
    dispatch(slot);
  };
  const early = prestarted?.take(setup, host) ?? undefined;
  traceEvent(`analysis ${early ? 'takes a ready' : 'starts a'} ${host} host`);
  start('analyze worker 1', early);
  for (let i = 1; i < workers; i++) start(`analyze worker ${i + 1}`);
  try {
    for (let index = 0; index < tasks.length; index++) {
      while (results[index] === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const held = results[index]!;
      results[index] = undefined; // release memory as soon as the consumer has it
      const outcome = held instanceof Uint8Array ? (deserialize(held) as AnalysisOutcome) : held;
      lookahead.consumed = index + 1;
      for (const slot of slots) dispatch(slot); // the window moved
      yield outcome;
    }
  } finally {
    closed = true;
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      if (slot.assigned.length > 0)
        slot.process.kill(); // the run was abandoned mid-file
      else if (slot.process !== early || prestarted?.giveBack?.(early) !== true) slot.process.release();
    }
  }
}

/**
 * {@link analyzeAll}, started now: the analysis processes boot (and analyze the first files) while the caller does
 * other work, such as preparing the write session. The caller must consume the iterator or call `return()`.
 *
 * @param root - Absolute repository root.
 * @param tasks - Files to analyze, in the order outcomes must come back.
 * @param analyzers - The run's analyzers.
 * @param workers - Analysis processes to use (0 = in this process, without isolation).
 * @param limits - Per-file time and memory budgets.
 * @param prestarted - A host started early for this run (see analysis-spawn.ts).
 * @param host - The kind of host to start.
 * @returns An async iterator of outcomes, one per task, in task order.
 */
export function startAnalysis(
  root: string,
  tasks: readonly AnalysisTask[],
  analyzers: AnalyzerSet,
  workers: number,
  limits: AnalysisLimits = DEFAULT_LIMITS,
  prestarted?: PrestartedAnalysis,
  host: HostKind = 'process',
): AsyncIterableIterator<AnalysisOutcome> {
  const generator = analyzeAll(root, tasks, analyzers, workers, limits, prestarted, host);
  let first: Promise<IteratorResult<AnalysisOutcome>> | null = generator.next();
  // Rejections surface when the caller asks for the first outcome; until then they must not count as unhandled.
  first.catch(() => {});
  return {
    next: () => {
      const pending = first;
      first = null;
      return pending ?? generator.next();
    },
    return: async (value?: unknown) => {
      // A generator busy inside its first step finishes that step before it can return: let it, then close it.
      if (first) await first.catch(() => {});
      first = null;
      return generator.return(value as undefined);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
