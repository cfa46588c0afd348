/**
 * A scripted {@link Measurer} for runner tests: records every process it is asked to run and answers like codira
 * would (index reports, a one-symbol symlist), with deterministic wall times per backend.
 */
import type { Measurer, ProcessOutcome, ProcessSpec } from '../../src/bench/measurer.js';

/** What the fake saw for one call. */
export interface FakeCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly backend: string;
  readonly bin: string;
  readonly path: string;
  readonly outputDir: string;
  /** The whole command line, Node first. */
  readonly argv: readonly string[];
}

function option(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : '';
}

/** Scripted measurer. */
export class FakeMeasurer implements Measurer {
  readonly peakRss = 'gnu-time' as const;
  readonly calls: FakeCall[] = [];
  /** Wall time per backend in ms. */
  readonly times: Record<string, number> = { sqlite: 100, duckdb: 120 };
  /**
   * Replaces parts of an answer (tests assign their own function, called with the {@link FakeCall}).
   *
   * @returns Fields to override, or `undefined` to keep the default answer.
   */
  override: (call: FakeCall) => Partial<ProcessOutcome> | undefined = () => undefined;

  /**
   * Record the call and answer like codira would.
   *
   * @param spec - The process the runner wants to run.
   * @returns A scripted outcome.
   */
  async run(spec: ProcessSpec): Promise<ProcessOutcome> {
    const argv = spec.argv;
    const optionStart = argv.indexOf('--path');
    const args = argv.slice(2, optionStart);
    const call: FakeCall = {
      command: args[0] ?? '',
      args,
      backend: option(argv, '--backend'),
      bin: argv[1]!,
      path: option(argv, '--path'),
      outputDir: option(argv, '--output-dir'),
      argv,
    };
    this.calls.push(call);
    const base: ProcessOutcome = {
      wallMs: (this.times[call.backend] ?? 50) + (call.bin.includes('baseline') ? 5 : 0),
      peakRssKb: 50_000,
      exitCode: 0,
      stdout: this.answer(call),
      stderr: '',
    };
    return { ...base, ...this.override(call) };
  }

  private answer(call: FakeCall): string {
    if (call.command === 'index') {
      const full = call.args.includes('--full');
      const partial = call.path.includes('partial-tree');
      const report = full
        ? { mode: 'full', indexed: 2, failed: [], sizeBytes: 4096 }
        : partial
          ? { mode: 'incremental', indexed: 1, failed: [], sizeBytes: 4096 }
          : { mode: 'noop', indexed: 0, failed: [], sizeBytes: null };
      return JSON.stringify({ ...report, backend: call.backend, reused: 0, deleted: 0, reason: '', elapsedMs: 1 });
    }
    if (call.command === 'symlist') {
      return JSON.stringify({
        limit: 1,
        symbols: [{ qualifiedName: 'pkg.core.run_all', path: 'pkg/core.py', fanIn: 3, fanOut: 1 }],
      });
    }
    return '{}';
  }
}
