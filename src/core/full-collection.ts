/**
 * A full garbage collection on demand, for memory V8 does not see: native syntax trees are freed only when the
 * collector finalizes their small JS wrappers, and an analysis thread allocates too little JS heap for V8 to collect
 * on its own (see `src/analyzers/tree-sitter/tree-memory.ts`).
 *
 * @packageDocumentation
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | undefined;
let collections = 0;

/**
 * The garbage collector entry point. `gc` exists only with `--expose-gc`; the flag can be set at run time, and it
 * takes effect for contexts created afterwards, so a fresh context hands out the function. Collection is isolate-wide,
 * so that function collects this thread's whole heap.
 *
 * @returns The `gc` function.
 */
function gcFunction(): () => void {
  if (collector === undefined) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing !== undefined) collector = existing;
    else {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    }
  }
  return collector;
}

/** Run a full collection of this thread's heap. */
export function collectGarbage(): void {
  gcFunction()();
  collections++;
}

/**
 * Full collections {@link collectGarbage} ran in this thread so far: lets an accounting of garbage start over when
 * someone else collected.
 *
 * @returns The count.
 */
export function collectionsSoFar(): number {
  return collections;
}

/**
 * Run a full collection if this thread's JavaScript heap and array buffers together hold more than `bytes`.
 *
 * @param bytes - The bound.
 * @returns Whether it collected.
 */
export function collectAbove(bytes: number): boolean {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  if (heapUsed + arrayBuffers <= bytes) return false;
  collectGarbage();
  return true;
}
