/**
 * Which callee texts are recorded: a name or a path of names (`f`, `pkg.F`, `self.parse`, `ops->read`,
 * `std::mem::swap`), like the dotted names the Python analyzer records. A callee computed by an expression
 * (`a.b().c`, `(*f)`, `table[i]`) names nothing an index could resolve.
 *
 * @packageDocumentation
 */

const NAME_PATH = /^[\p{L}_][\p{L}\p{N}_]*(?:(?:\.|::|->)~?[\p{L}_][\p{L}\p{N}_]*)*$/u;

/**
 * Whether a callee text is a name path.
 *
 * @param text - The callee as written, whitespace and template arguments removed.
 * @returns `true` for a name or a path of names.
 */
export function isNamePath(text: string): boolean {
  return NAME_PATH.test(text);
}
