/**
 * Bounding the native memory of syntax trees. A `tree-sitter` tree lives in native memory that V8 does not see (the
 * binding reports none of it), and it is freed only when the garbage collector finalizes its small JS wrapper. An
 * analysis thread allocates little JS heap per file, so V8 rarely collects, and the trees of every file analyzed so
 * far pile up: measured ~100 bytes of tree per source byte, i.e. a 1.5 MB file leaves ~160 MB behind, and an analysis
 * process kept every large file's tree. Small trees mostly die with their wrapper in the young generation; a large
 * file's walk allocates enough to promote the wrapper, and then only a full collection frees it. So the parses
 * account their source size, and the parse after a large one ({@link LARGE_TREE_SOURCE_CHARS}), or after
 * {@link TREE_BUDGET_SOURCE_CHARS} of smaller ones, first runs a full collection: the earlier trees are unreachable by
 * then, and the binding frees them as soon as the event loop turns (it defers finalizers), which an analysis thread
 * does between files. Collections are not free: forced full collections after every 512 Ki characters measured +20–50 %
 * analysis time on sympy's small files, hence the two thresholds.
 *
 * @packageDocumentation
 */
import { collectGarbage, collectionsSoFar } from '../../core/full-collection.js';

/** A parse at least this long (a tree of ~13 MB and more) is collected before the next parse. */
export const LARGE_TREE_SOURCE_CHARS = 128 * 1024;

/** Source characters of smaller parses between two collections: ~200 MB of trees at most. */
export const TREE_BUDGET_SOURCE_CHARS = 2 * 1024 * 1024;

let parsedSinceCollection = 0;
let lastParseChars = 0;
let collections = 0;
/** Collections in this thread (by anyone) when the accounting above was last brought up to date. */
let seen = 0;

/**
 * Account a parse that is about to start, collecting first after a large parse or when the parses since the last
 * collection exceed the budget.
 *
 * @param sourceChars - Length of the source about to be parsed.
 */
export function beforeParse(sourceChars: number): void {
  // A collection since the last parse (e.g. the analysis thread's around a large file) took the earlier trees too.
  if (collectionsSoFar() !== seen) {
    parsedSinceCollection = 0;
    lastParseChars = 0;
  }
  if (lastParseChars >= LARGE_TREE_SOURCE_CHARS || parsedSinceCollection >= TREE_BUDGET_SOURCE_CHARS) {
    collectGarbage();
    collections++;
    parsedSinceCollection = 0;
  }
  seen = collectionsSoFar();
  lastParseChars = sourceChars;
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
