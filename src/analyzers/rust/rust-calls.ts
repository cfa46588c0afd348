/**
 * Resolution hints of Rust calls and function values: `use` declarations bind names to paths; `crate::`, `self::`,
 * `super::` and `Self::` are made absolute; `self.method()` targets the method of the surrounding `impl`.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

type Node = Parser.SyntaxNode;

/** Prelude constructors and functions called by bare name: never an item of the crate. */
const PRELUDE = new Set(['Some', 'Ok', 'Err', 'Box', 'drop']);

/** Where a use sits: the module path and, inside an `impl` or `trait`, the type's path. */
export interface RustContext {
  readonly crate: string;
  readonly module: string;
  /** Path of `Self`, or `null` outside an impl or trait. */
  readonly selfPath: string | null;
}

/**
 * Record the names a `use` declaration binds.
 *
 * @param argument - The declaration's argument.
 * @param context - Where it sits.
 * @param bindings - Name to absolute path, filled in.
 */
export function bindUse(argument: Node, context: RustContext, bindings: Map<string, string>): void {
  // Nested `{…}` lists with an explicit stack (valid code nests them without limit); items pushed last-first are
  // bound in source order, so a later binding of a name wins as before.
  const stack: { node: Node; prefix: string }[] = [{ node: argument, prefix: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, prefix } = item;
    const join = (path: string): string => (prefix.length > 0 ? `${prefix}::${path}` : path);
    const pushAll = (items: readonly Node[], itemPrefix: string): void => {
      for (let k = items.length - 1; k >= 0; k--) stack.push({ node: items[k]!, prefix: itemPrefix });
    };
    switch (node.type) {
      case 'identifier':
      case 'scoped_identifier': {
        const path = absolutePath(join(node.text.replace(/\s+/g, '')), context);
        const name = path.slice(path.lastIndexOf('::') + 2);
        bindings.set(name === 'self' ? (prefix.split('::').pop() ?? name) : name, path.replace(/::self$/, ''));
        break;
      }
      case 'use_as_clause': {
        const path = node.childForFieldName('path');
        const alias = node.childForFieldName('alias')?.text;
        if (path !== null && alias !== undefined)
          bindings.set(alias, absolutePath(join(path.text.replace(/\s+/g, '')), context));
        break;
      }
      case 'scoped_use_list': {
        const path = node.childForFieldName('path')?.text.replace(/\s+/g, '');
        pushAll(node.childForFieldName('list')?.namedChildren ?? [], path === undefined ? prefix : join(path));
        break;
      }
      case 'use_list':
        pushAll(node.namedChildren, prefix);
        break;
      case 'self':
        if (prefix.length > 0) bindings.set(prefix.split('::').pop() as string, absolutePath(prefix, context));
        break;
      default:
        break;
    }
  }
}

/**
 * A path made absolute: `crate::` becomes the crate name, `self::` the module, each `super::` its parent, `Self::`
 * the surrounding type.
 *
 * @param path - A `::` path as written.
 * @param context - Where it is written.
 * @returns The absolute path.
 */
export function absolutePath(path: string, context: RustContext): string {
  const segments = path.split('::');
  const head = segments[0];
  if (head === 'crate') return [context.crate, ...segments.slice(1)].join('::');
  if (head === 'Self' && context.selfPath !== null) return [context.selfPath, ...segments.slice(1)].join('::');
  if (head === 'self' || head === 'super') {
    const module = context.module.split('::');
    let index = head === 'self' ? 1 : 0;
    while (segments[index] === 'super') {
      if (module.length > 1) module.pop();
      index++;
    }
    return [...module, ...segments.slice(index)].join('::');
  }
  return path;
}

/**
 * Hint for a callee or a function used as a value.
 *
 * @param callee - The expression.
 * @param context - Where it is written.
 * @param bindings - Names bound by `use`.
 * @param local - Names the file defines at module level, to their paths.
 * @returns The qualified name, or `null` when the target cannot be named (a method on an arbitrary value).
 */
export function rustHint(
  callee: Node,
  context: RustContext,
  bindings: ReadonlyMap<string, string>,
  local: ReadonlyMap<string, string>,
): string | null {
  let node = callee;
  if (node.type === 'generic_function') node = node.childForFieldName('function') ?? node;
  if (node.type === 'identifier' && PRELUDE.has(node.text) && !bindings.has(node.text) && !local.has(node.text)) {
    return null;
  }
  if (node.type === 'identifier')
    return bindings.get(node.text) ?? local.get(node.text) ?? `${context.module}::${node.text}`;
  if (node.type === 'scoped_identifier') {
    const text = node.text.replace(/\s+/g, '').replace(/::<.*?>(?=::|$)/g, '');
    const [head, ...rest] = text.split('::');
    const bound = head === undefined ? undefined : (bindings.get(head) ?? local.get(head));
    return bound !== undefined ? [bound, ...rest].join('::') : absolutePath(text, context);
  }
  if (
    node.type === 'field_expression' &&
    node.childForFieldName('value')?.type === 'self' &&
    context.selfPath !== null
  ) {
    return `${context.selfPath}::${node.childForFieldName('field')?.text ?? ''}`;
  }
  return null;
}
