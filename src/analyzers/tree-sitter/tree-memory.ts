/**
 * Bounding the native memory of syntax trees. A `tree-sitter` tree lives in native memory that V8 does not see (the
 * binding reports none of it), and it is freed only when the garbage collector finalizes its small JS wrapper. An
 * analysis thread allocates little JS heap per file, so V8 rarely collects, and the trees of every file analyzed so
 * far pile up: measured ~100 bytes of tree per source byte, i.e. a 1.5 MB file leaves ~160 MB behind, and an analysis
 * process of a 1,500-file corpus grew past 1.4 GB. Here the parses account their source size, and once the trees
 * parsed since the last collection may hold more than {@link TREE_BUDGET_SOURCE_CHARS} worth, the next parse first
 * runs a full collection: the earlier trees are unreachable by then, and the binding frees them as soon as the event
 * loop turns (it defers finalizers), which an analysis thread does between files. At most that budget plus the
 * current file's tree is alive, whatever the size of the repository.
 *
 * @packageDocumentation
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Source characters parsed between two collections. At ~100 bytes of tree per character this keeps ~50 MB of
 * finished trees alive at most; a full collection of an analysis thread's small heap takes a few milliseconds, and a
 * run collects about once per half megabyte of source.
 */
export const TREE_BUDGET_SOURCE_CHARS = 512 * 1024;

let parsedSinceCollection = 0;
let collector: (() => void) | undefined;
let collections = 0;

/**
 * The garbage collector entry point. `gc` exists only with `--expose-gc`; the flag can be set at run time, and it
 * takes effect for contexts created afterwards, so a fresh context hands out the function. Collection is isolate-wide,
 * so that function collects this thread's whole heap.
 *
 * @returns A function that runs a full collection.
 */
function fullCollection(): () => void {
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

/**
 * Account a parse that is about to start, collecting first when the trees parsed since the last collection exceed
 * the budget.
 *
 * @param sourceChars - Length of the source about to be parsed.
 */
export function beforeParse(sourceChars: number): void {
  if (parsedSinceCollection >= TREE_BUDGET_SOURCE_CHARS) {
    fullCollection()();
    collections++;
    parsedSinceCollection = 0;
  }
  parsedSinceCollection += sourceChars;
}

/**
 * Collections run by {@link beforeParse} in this thread so far (tests check the budget is honoured).
 *
 * @returns The count.
 */
export function treeCollections(): number {
  return collections;
}
