/**
 * In-process micro-benchmarks with tinybench, for hot paths too small to see in a process timing: the embedder,
 * which runs for every symbol of every indexed file and for every `ctx` query.
 *
 * @packageDocumentation
 */
import { Bench } from 'tinybench';
import { embedQuery, embedSymbols } from '../core/embeddings.js';
import type { SymbolRecord } from '../core/model.js';
import type { MicroResult } from './result.js';

/**
 * Symbols shaped like real ones (names, signatures, docstrings of typical length).
 *
 * @param count - How many.
 * @returns The symbols.
 */
function sampleSymbols(count: number): SymbolRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    qualifiedName: `package.module_${i % 17}.ServiceClass${i % 5}.handle_request_${i}`,
    name: `handle_request_${i}`,
    kind: 'method',
    startLine: 10 + i,
    endLine: 30 + i,
    signature: `def handle_request_${i}(self, request: HttpRequest, timeout: float = 3.0) -> Response`,
    docstring:
      i % 3 === 0
        ? null
        : 'Send the request through the session adapter, retrying on connection errors.\n\nParameters\n----------\n' +
          'request : HttpRequest\n    The prepared request.',
    exported: i % 4 !== 0,
  }));
}

const QUERIES = ['how are schema migrations applied', 'retry failed http requests', 'parse command line options'];

/**
 * Run the micro-benchmarks.
 *
 * @param timeMs - Time budget per task in milliseconds.
 * @returns One typed result per task.
 */
export async function runMicroBenchmarks(timeMs: number = 300): Promise<MicroResult[]> {
  const symbols = sampleSymbols(256);
  const bench = new Bench({ name: 'embedder', time: timeMs, warmupTime: Math.min(100, timeMs) });
  bench.add('embedSymbols (256 symbols)', () => {
    embedSymbols(symbols);
  });
  bench.add('embedQuery', () => {
    for (const query of QUERIES) embedQuery(query);
  });
  await bench.run();
  return bench.tasks.map((task): MicroResult => {
    const result = task.result;
    if (result.state === 'completed') {
      return {
        state: 'completed',
        name: task.name,
        opsPerSecond: result.throughput.mean,
        meanMs: result.latency.mean,
        medianMs: result.latency.p50,
        rmePercent: result.latency.rme,
        samples: result.latency.samplesCount,
      };
    }
    const error = result.state === 'errored' ? result.error.message : `task ended in state ${result.state}`;
    return { state: 'errored', name: task.name, error };
  });
}
