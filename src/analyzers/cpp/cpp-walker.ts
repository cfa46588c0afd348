/**
 * The C++ sweep over the tags of a file in document order: namespaces and classes open containers that qualify what
 * they hold; calls and function values are collected with their scopes and hinted once every definition of the
 * file is known.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { CallSite, CallableReference, FileAnalysis, SymbolKind, SymbolRecord } from '../../core/model.js';
import { CALLABLE_KINDS } from '../../core/model.js';
import { type AuditedFunction } from '../c/c-audit.js';
import { functionDeclarator } from '../c/c-declarators.js';
import { docComment } from '../c/c-docs.js';
import { EnclosingStack } from '../tree-sitter/enclosing-stack.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { endLine } from '../tree-sitter/node-lines.js';
import { isNamePath } from '../tree-sitter/name-path.js';
import { collectTypedTags, type Tag } from '../tree-sitter/query-tags.js';
import { signatureText } from '../tree-sitter/signature-text.js';
import { auditCpp } from './cpp-audit.js';
import { cppHint, type CppContext } from './cpp-calls.js';
import { CPP_TAG_TYPES, cppTag, isPublicMember, plainName } from './cpp-definitions.js';

/** An open namespace, class or function. */
interface Container {
  readonly kind: 'file' | 'namespace' | 'class' | 'function';
  readonly symbolIndex: number;
  /** Prefix of the qualified names of what it holds (`''` at file level). */
  readonly path: string;
  /** `class`, `struct` or `union` for classes (their default member access). */
  readonly classKey: string;
  readonly context: CppContext;
  readonly exports: boolean;
}

interface RawUse {
  readonly node: Parser.SyntaxNode;
  readonly container: Container;
  readonly line: number;
}

const CLASS_KINDS: Readonly<Record<string, SymbolKind>> = {
  'definition.class': 'class',
  'definition.struct': 'struct',
  'definition.union': 'union',
};

/** Wrappers between a class member and the class body. */
const MEMBER_WRAPPERS = new Set(['template_declaration', 'field_declaration', 'declaration']);

/**
 * Walk a parsed C++ file.
 *
 * @param tree - Its syntax tree.
 * @param source - File content.
 * @param path - Repository-relative path: the module name.
 * @returns The file's analysis.
 */
export function walkCpp(tree: Parser.Tree, source: string, path: string): FileAnalysis {
  const root = tree.rootNode;
  const symbols: SymbolRecord[] = [moduleSymbol(path, root, null)];
  const functions: AuditedFunction[] = [];
  const calls: RawUse[] = [];
  const values: RawUse[] = [];
  const file: Container = {
    kind: 'file',
    symbolIndex: 0,
    path: '',
    classKey: '',
    context: { scopes: [''], selfPath: null },
    exports: true,
  };
  const stack = new EnclosingStack<Container>(file);
  for (const tag of collectTypedTags(root, CPP_TAG_TYPES, cppTag)) {
    const node = tag.node;
    stack.advance(tag.start);
    const outer = stack.current();
    const line = tag.row + 1;
    if (tag.role === 'reference.call' || tag.role === 'reference.value') {
      const target = tag.parts['callee'] ?? tag.parts['target'];
      if (target !== undefined && isNamePath(plainName(target.text))) {
        (tag.role === 'reference.call' ? calls : values).push({ node: target, container: outer, line });
      }
      continue;
    }
    const named = definitionName(tag, outer);
    if (named === null) continue;
    const { qualifiedName, kind, declarator } = named;
    const exported = outer.exports && (outer.kind !== 'class' || isPublicMember(memberAnchor(node), outer.classKey));
    const symbol: SymbolRecord = {
      qualifiedName,
      name: qualifiedName.split('::').pop() ?? qualifiedName,
      kind,
      startLine: line,
      endLine: endLine(node),
      signature: signatureText(
        source,
        memberAnchor(node).type === 'template_declaration' ? memberAnchor(node) : node,
        tag.parts['body'] ?? null,
      ),
      docstring: docComment(node),
      exported,
    };
    symbols.push(symbol);
    const index = symbols.length - 1;
    if (declarator !== null)
      functions.push({ symbol, parameters: declarator.parameters, returnsValue: declarator.returnsValue });
    const container = containerOf(kind, index, qualifiedName, outer, node, exported);
    if (container !== null) stack.push(tag.end, container);
  }
  const defined = new Set(symbols.filter((s) => CALLABLE_KINDS.includes(s.kind)).map((s) => s.qualifiedName));
  const hinted = (use: RawUse): string | null => cppHint(use.node, use.container.context, defined);
  return {
    language: 'cpp',
    module: path,
    symbols,
    calls: calls.map((use): CallSite => ({
      callerIndex: use.container.symbolIndex,
      calleeText: plainName(use.node.text),
      targetHint: hinted(use),
      line: use.line,
    })),
    references: references(values, hinted, defined),
    findings: auditCpp(functions),
  };
}

/**
 * The qualified name and kind a definition tag declares.
 *
 * @param tag - A definition tag.
 * @param outer - The enclosing container.
 * @returns Name, kind and (for functions) the declarator, or `null` when the tag names nothing readable.
 */
function definitionName(
  tag: Tag,
  outer: Container,
): { qualifiedName: string; kind: SymbolKind; declarator: ReturnType<typeof functionDeclarator> } | null {
  const join = (name: string): string => (outer.path.length > 0 ? `${outer.path}::${name}` : name);
  if (tag.role === 'definition.function') {
    const declarator = functionDeclarator(tag.node);
    if (declarator === null) return null;
    const name = declaredName(declarator.name);
    if (name === null) return null;
    const member = outer.kind === 'class' || name.includes('::');
    return { qualifiedName: join(name), kind: member ? 'method' : 'function', declarator };
  }
  const name = tag.parts['name'] ? plainName(tag.parts['name'].text) : '';
  if (name.length === 0) return null;
  if (tag.role === 'definition.macro') return { qualifiedName: name, kind: 'macro', declarator: null };
  const kind: SymbolKind | undefined =
    tag.role === 'definition.namespace'
      ? 'namespace'
      : tag.role === 'definition.enum'
        ? 'enum'
        : tag.role === 'definition.type'
          ? 'type'
          : CLASS_KINDS[tag.role];
  return kind === undefined ? null : { qualifiedName: join(name), kind, declarator: null };
}

/** Declarator name nodes that spell a function's name; anything else is the grammar's guess around a macro. */
const NAME_TYPES = new Set([
  'identifier',
  'field_identifier',
  'qualified_identifier',
  'destructor_name',
  'operator_name',
  'template_function',
  'operator_cast',
]);

/**
 * The name a function declarator declares.
 *
 * @param node - The declarator's name node.
 * @returns The plain name, the last identifier of an unexpected node (e.g. `MACRO static T parse` read as one
 *   name), or `null` when none.
 */
function declaredName(node: Parser.SyntaxNode): string | null {
  if (NAME_TYPES.has(node.type) && !node.hasError) return plainName(node.text).replace(/^::/, '');
  return /([A-Za-z_]\w*)\s*$/.exec(node.text)?.[1] ?? null;
}

function containerOf(
  kind: SymbolKind,
  index: number,
  path: string,
  outer: Container,
  node: Parser.SyntaxNode,
  exported: boolean,
): Container | null {
  const scopes = [path, ...outer.context.scopes];
  if (kind === 'namespace')
    return {
      kind: 'namespace',
      symbolIndex: index,
      path,
      classKey: '',
      context: { scopes, selfPath: null },
      exports: exported,
    };
  if (kind === 'class' || kind === 'struct' || kind === 'union') {
    const classKey = kind;
    return {
      kind: 'class',
      symbolIndex: index,
      path,
      classKey,
      context: { scopes, selfPath: path },
      exports: exported,
    };
  }
  if (kind === 'function' || kind === 'method') {
    // An out-of-line member (`void C::m() {}`) sees the members of C.
    const owner =
      path.includes('::') && (kind === 'method' || node.type === 'function_definition')
        ? path.slice(0, path.lastIndexOf('::'))
        : null;
    const context = {
      scopes: owner !== null && owner !== outer.path ? [owner, ...outer.context.scopes] : outer.context.scopes,
      selfPath: kind === 'method' ? owner : null,
    };
    return { kind: 'function', symbolIndex: index, path, classKey: '', context, exports: false };
  }
  return null;
}

function memberAnchor(node: Parser.SyntaxNode): Parser.SyntaxNode {
  let anchor = node;
  while (anchor.parent !== null && MEMBER_WRAPPERS.has(anchor.parent.type)) anchor = anchor.parent;
  return anchor;
}

/**
 * Function values naming a callable the file defines (a plain variable passed as an argument is far more common
 * than a function, and the file is all the analyzer sees).
 *
 * @param values - Raw value uses.
 * @param hinted - The hint of a use.
 * @param defined - Qualified names of the file's callable definitions.
 * @returns The references in source order.
 */
function references(
  values: readonly RawUse[],
  hinted: (use: RawUse) => string | null,
  defined: ReadonlySet<string>,
): CallableReference[] {
  const found: CallableReference[] = [];
  for (const use of values) {
    const hint = hinted(use);
    if (hint !== null && defined.has(hint)) {
      found.push({
        ownerIndex: use.container.symbolIndex,
        targetText: use.node.text.replace(/\s+/g, ''),
        targetHint: hint,
        line: use.line,
      });
    }
  }
  return found;
}
