/**
 * The Rust sweep over the tags of a file in document order: modules, traits and `impl` blocks open containers that
 * qualify what they hold; calls and function values are collected with their context and hinted once every `use`
 * and item of the file is known.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { CallSite, CallableReference, FileAnalysis, SymbolKind, SymbolRecord } from '../../core/model.js';
import { EnclosingStack } from '../tree-sitter/enclosing-stack.js';
import { queryFor } from '../tree-sitter/grammar-loader.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { endLine } from '../tree-sitter/node-lines.js';
import { isNamePath } from '../tree-sitter/name-path.js';
import { collectTags } from '../tree-sitter/query-tags.js';
import { signatureText } from '../tree-sitter/signature-text.js';
import { auditRust, type AuditedItem } from './rust-audit.js';
import { bindUse, rustHint, type RustContext } from './rust-calls.js';
import { isPublic, RUST_TAGS_QUERY, rustModulePath, rustTypeName } from './rust-definitions.js';
import { rustDocComment, rustInnerDoc } from './rust-docs.js';
import { RUST_GRAMMAR } from './rust-parser.js';

/** An open container: what it qualifies and the symbol owning calls inside it. */
interface Container {
  readonly kind: 'module' | 'impl' | 'trait' | 'function' | 'item';
  readonly symbolIndex: number;
  /** Prefix of the qualified names of what it holds. */
  readonly path: string;
  readonly context: RustContext;
  /** Whether what it holds can be public (false inside private modules, functions and trait impls). */
  readonly exports: boolean;
}

/** A call or value before hinting. */
interface RawUse {
  readonly node: Parser.SyntaxNode;
  readonly container: Container;
  readonly line: number;
  readonly macro: boolean;
}

const KIND_OF_ROLE: Readonly<Record<string, SymbolKind>> = {
  'definition.module': 'module',
  'definition.function': 'function',
  'definition.struct': 'struct',
  'definition.enum': 'enum',
  'definition.union': 'union',
  'definition.trait': 'trait',
  'definition.type': 'type',
  'definition.macro': 'macro',
};

/**
 * Walk a parsed Rust file.
 *
 * @param tree - Its syntax tree.
 * @param source - File content.
 * @param path - Repository-relative path.
 * @returns The file's analysis.
 */
export function walkRust(tree: Parser.Tree, source: string, path: string): FileAnalysis {
  const root = tree.rootNode;
  const { crate, module } = rustModulePath(path);
  const symbols: SymbolRecord[] = [moduleSymbol(module, root, rustInnerDoc(root))];
  const items: AuditedItem[] = [];
  const bindings = new Map<string, string>();
  const local = new Map<string, string>();
  const calls: RawUse[] = [];
  const values: RawUse[] = [];
  const top: Container = {
    kind: 'module',
    symbolIndex: 0,
    path: module,
    context: { crate, module, selfPath: null },
    exports: true,
  };
  const stack = new EnclosingStack<Container>(top);
  for (const tag of collectTags(queryFor(RUST_GRAMMAR, RUST_TAGS_QUERY), root)) {
    const node = tag.node;
    stack.advance(tag.start);
    const outer = stack.current();
    const line = node.startPosition.row + 1;
    if (tag.role === 'scope.impl') {
      const typeName = tag.parts['type'] ? rustTypeName(tag.parts['type']) : null;
      if (typeName === null) continue;
      const selfPath = bindings.get(typeName) ?? local.get(typeName) ?? `${outer.context.module}::${typeName}`;
      const context = { ...outer.context, selfPath };
      const exports = outer.exports && tag.parts['trait'] === undefined;
      stack.push(tag.end, { kind: 'impl', symbolIndex: outer.symbolIndex, path: selfPath, context, exports });
    } else if (tag.role === 'import.use' && tag.parts['argument'] !== undefined) {
      bindUse(tag.parts['argument'], outer.context, bindings);
    } else if (tag.role.startsWith('reference.')) {
      let target = tag.parts['callee'] ?? tag.parts['target'];
      // `parse::<T>(…)` is a call of `parse`.
      if (target?.type === 'generic_function') target = target.childForFieldName('function') ?? target;
      if (target === undefined || !isNamePath(target.text.replace(/\s+/g, ''))) continue;
      const use = { node: target, container: outer, line, macro: tag.role === 'reference.macro' };
      (tag.role === 'reference.value' ? values : calls).push(use);
    } else {
      const kind = KIND_OF_ROLE[tag.role];
      const name = tag.parts['name']?.text;
      if (kind === undefined || name === undefined) continue;
      const inType = outer.kind === 'impl' || outer.kind === 'trait';
      const symbolKind: SymbolKind = kind === 'function' && inType ? 'method' : kind;
      // Exported macros live at the crate root, whatever module defines them.
      const qualifiedName = kind === 'macro' ? `${crate}::${name}` : `${outer.path}::${name}`;
      const exported =
        outer.exports && (outer.kind === 'trait' || isPublic(node) || (kind === 'macro' && exportsMacro(node)));
      const symbol: SymbolRecord = {
        qualifiedName,
        name,
        kind: symbolKind,
        startLine: line,
        endLine: endLine(node),
        signature: kind === 'macro' ? `macro_rules! ${name}` : signatureText(source, node, tag.parts['body'] ?? null),
        docstring:
          kind === 'module' ? (rustDocComment(node) ?? rustInnerDoc(tag.parts['body'] ?? node)) : rustDocComment(node),
        exported,
      };
      symbols.push(symbol);
      items.push({ symbol, returns: tag.parts['returns']?.text ?? null });
      if (outer.kind === 'module' && kind !== 'macro') local.set(name, qualifiedName);
      const container = containerOf(kind, symbols.length - 1, qualifiedName, outer, exported);
      if (container !== null) stack.push(tag.end, container);
    }
  }
  return {
    language: 'rust',
    module,
    symbols,
    calls: calls.map((use) => callSite(use, crate, bindings, local)),
    references: references(values, bindings, local, functionNames(symbols)),
    findings: auditRust(items),
  };
}

function containerOf(
  kind: SymbolKind,
  index: number,
  path: string,
  outer: Container,
  exported: boolean,
): Container | null {
  if (kind === 'module') {
    return {
      kind: 'module',
      symbolIndex: index,
      path,
      context: { ...outer.context, module: path, selfPath: null },
      exports: exported,
    };
  }
  if (kind === 'trait')
    return {
      kind: 'trait',
      symbolIndex: index,
      path,
      context: { ...outer.context, selfPath: path },
      exports: exported,
    };
  if (kind === 'function')
    return { kind: 'function', symbolIndex: index, path, context: outer.context, exports: false };
  return { kind: 'item', symbolIndex: index, path, context: outer.context, exports: false };
}

function exportsMacro(node: Parser.SyntaxNode): boolean {
  for (
    let sibling = node.previousNamedSibling;
    sibling?.type === 'attribute_item';
    sibling = sibling.previousNamedSibling
  ) {
    if (/^#\[\s*macro_export\b/.test(sibling.text)) return true;
  }
  return false;
}

function callSite(
  use: RawUse,
  crate: string,
  bindings: ReadonlyMap<string, string>,
  local: ReadonlyMap<string, string>,
): CallSite {
  const text = use.node.text.replace(/\s+/g, '');
  // A macro resolves to `crate::name` (where `#[macro_export]` puts it) unless a `use` names it.
  const hint = use.macro
    ? (bindings.get(text) ?? `${crate}::${text}`)
    : rustHint(use.node, use.container.context, bindings, local);
  return {
    callerIndex: use.container.symbolIndex,
    calleeText: use.macro ? `${text}!` : text,
    targetHint: hint,
    line: use.line,
  };
}

/**
 * Function values worth keeping: a plain name of a function the file defines, or a path whose last segment is a
 * function name (`Self::parse`, `str::len`; upper-case segments are types, variants and constants).
 *
 * @param values - Raw value uses.
 * @param bindings - Names bound by `use`.
 * @param local - Module-level items of the file.
 * @param functions - Qualified names of the file's functions and methods.
 * @returns The references in source order.
 */
function references(
  values: readonly RawUse[],
  bindings: ReadonlyMap<string, string>,
  local: ReadonlyMap<string, string>,
  functions: ReadonlySet<string>,
): CallableReference[] {
  const found: CallableReference[] = [];
  for (const use of values) {
    const hint = rustHint(use.node, use.container.context, bindings, local);
    if (hint === null) continue;
    const keep =
      use.node.type === 'identifier' ? functions.has(hint) : /^[a-z_]/.test(hint.slice(hint.lastIndexOf('::') + 2));
    if (keep)
      found.push({
        ownerIndex: use.container.symbolIndex,
        targetText: use.node.text,
        targetHint: hint,
        line: use.line,
      });
  }
  return found;
}

function functionNames(symbols: readonly SymbolRecord[]): Set<string> {
  return new Set(symbols.filter((s) => s.kind === 'function' || s.kind === 'method').map((s) => s.qualifiedName));
}
