/**
 * A scope in which V8's flags are at their defaults, for code that loads a bundle with a V8 code cache. V8 takes a
 * code cache only under the flags it was made with (the build's: V8's defaults), and an index run changes
 * process-wide flags for its tiering (`cli/optimizer-hold.ts`), so a cache loaded during a run was rejected and its
 * code compiled from source. The CLI registers how to suspend its tiering; without a registration (a library use, the
 * tests) the scope does nothing.
 *
 * @packageDocumentation
 */

/** Sets V8's flags to their defaults and returns what restores the caller's state, or `null` when none is set. */
let suspend: (() => () => void) | null = null;

/**
 * Register how to put V8's flags back to their defaults for a while.
 *
 * @param scope - Sets the defaults and returns the function that restores the previous state; `null` to clear.
 */
export function setDefaultFlagsScope(scope: (() => () => void) | null): void {
  suspend = scope;
}

/**
 * Run `load` with V8's flags at their defaults (when a scope is registered), then restore them.
 *
 * @param load - Loads code, e.g. a bundle with its code cache.
 * @returns What `load` returns.
 */
export function withDefaultFlags<T>(load: () => T): T {
  const resume = suspend?.();
  try {
    return load();
  } finally {
    resume?.();
  }
}
