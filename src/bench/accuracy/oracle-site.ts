/**
 * What an oracle reports: one call site with the kind of call and the in-corpus definitions the compiler (or type
 * inference engine) says it reaches. Both oracles produce this shape; `accuracy-compare.ts` scores codira's graph
 * against it.
 *
 * @packageDocumentation
 */

/**
 * The call kinds accuracy is broken down by (issue 10's table):
 * `function` — a plain or directly imported function; `re-export` — a name reached through another module than the
 * one defining it (package `__init__`, `index.ts`, `export … from`); `this-method` — `this.m()` / `self.m()`;
 * `object-method` — a method on any other receiver (including static and namespace members that are methods);
 * `constructor` — `new C()` / `C()` of a class; `super` — `super(...)`, `super.m()`, `super().m()`;
 * `constant` — a non-function callable (a constant bound to a factory's result or a class).
 */
export const CALL_KINDS = Object.freeze([
  'function',
  're-export',
  'this-method',
  'object-method',
  'constructor',
  'super',
  'constant',
] as const);

/** One of {@link CALL_KINDS}. */
export type CallKind = (typeof CALL_KINDS)[number];

/** An in-corpus definition an oracle resolved a call to. */
export interface OracleTarget {
  /** Repository-relative path of the defining file. */
  readonly path: string;
  /** 1-based line of the definition's name. */
  readonly line: number;
  /** Short name of the definition (a constructor reports its class). */
  readonly name: string;
}

/** One call site as the oracle sees it. */
export interface OracleSite {
  /** Repository-relative path and 1-based line of the call. */
  readonly path: string;
  readonly line: number;
  /** The callee as codira writes it (`a.b.c`, `this.m`, `super.m`), or `null` when it is not a name chain. */
  readonly text: string | null;
  readonly kind: CallKind;
  /**
   * `resolved` — the oracle names at least one in-corpus definition (`targets`); `external` — it resolves outside
   * the corpus (standard library, dependencies, locals and parameters), so codira should not resolve it to a corpus
   * symbol; `unknown` — the oracle cannot tell (untyped receivers), so the site is not judged.
   */
  readonly status: 'resolved' | 'external' | 'unknown';
  readonly targets: readonly OracleTarget[];
}
