/**
 * The Go sweep over the tags of a file: first the package, imports and declarations (a function may be used above
 * its declaration), then the call sites and method values in document order inside their enclosing function.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { CallSite, CallableReference, FileAnalysis, SymbolRecord } from '../../core/model.js';
import { EnclosingStack } from '../tree-sitter/enclosing-stack.js';
import { queryFor } from '../tree-sitter/grammar-loader.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { endLine } from '../tree-sitter/node-lines.js';
import { isNamePath } from '../tree-sitter/name-path.js';
import { collectTags, type Tag, type TagPart } from '../tree-sitter/query-tags.js';
import { signatureText } from '../tree-sitter/signature-text.js';
import { auditGo } from './go-audit.js';
import {
  goCallHint,
  goValueHint,
  importedName,
  selectorParts,
  type GoExpression,
  type GoNames,
  type GoScope,
} from './go-calls.js';
import {
  GO_TAGS_QUERY,
  goPackagePath,
  goReceiver,
  goTypedParameters,
  goTypeKind,
  isExportedName,
} from './go-definitions.js';
import { goDocComment } from './go-docs.js';
import { GO_GRAMMAR } from './go-parser.js';

/** The file's names while the declarations are read. */
interface MutableNames extends GoNames {
  readonly imports: Map<string, string>;
  readonly functions: Set<string>;
  readonly types: Set<string>;
  readonly methods: Set<string>;
}

/** A function or method symbol with the tag that opened it and the variables of known type inside it. */
interface Opened {
  readonly tag: Tag;
  readonly scope: GoScope;
}

/**
 * Walk a parsed Go file.
 *
 * @param tree - Its syntax tree.
 * @param source - File content.
 * @param path - Repository-relative path.
 * @returns The file's analysis.
 */
export function walkGo(tree: Parser.Tree, source: string, path: string): FileAnalysis {
  const root = tree.rootNode;
  const tags = collectTags(queryFor(GO_GRAMMAR, GO_TAGS_QUERY), root);
  const clause = tags.find((tag) => tag.role === 'package.clause');
  const packagePath = goPackagePath(path, clause?.parts['name']?.text ?? '');
  const symbols: SymbolRecord[] = [moduleSymbol(packagePath, root, clause ? goDocComment(clause.node) : null)];
  const names: MutableNames = {
    packagePath,
    imports: new Map<string, string>(),
    functions: new Set<string>(),
    types: new Set<string>(),
    methods: new Set<string>(),
  };
  const opened = new Map<Tag, Opened>();
  for (const tag of tags) {
    const symbol = declaration(tag, source, names);
    if (symbol === null) continue;
    symbols.push(symbol);
    const variables = goTypedParameters(tag.parts['parameters'], tag.parts['result']);
    const receiver = tag.parts['receiver'] ? goReceiver(tag.parts['receiver']) : null;
    if (receiver !== null && receiver.variable.length > 0) variables.set(receiver.variable, receiver.type);
    opened.set(tag, { tag, scope: { symbolIndex: symbols.length - 1, variables } });
  }
  const calls: CallSite[] = [];
  const references: CallableReference[] = [];
  const stack = new EnclosingStack<GoScope>({ symbolIndex: 0, variables: new Map() });
  for (const tag of tags) {
    stack.advance(tag.start);
    const open = opened.get(tag);
    if (open !== undefined) {
      if (tag.role !== 'definition.type') stack.push(tag.end, open.scope);
      continue;
    }
    const scope = stack.current();
    const line = tag.row + 1;
    if (tag.role === 'reference.call') {
      const callee = tag.part('callee');
      if (callee === undefined) continue;
      const expression = goExpression(callee, source);
      const text = expression.text.replace(/\s+/g, '');
      if (!isNamePath(text)) continue;
      calls.push({
        callerIndex: scope.symbolIndex,
        calleeText: text,
        targetHint: goCallHint(expression, scope, names),
        line,
      });
    } else if (tag.role === 'reference.value') {
      const target = tag.part('target');
      if (target === undefined) continue;
      const expression = goExpression(target, source);
      const hint = goValueHint(expression, scope, names);
      if (hint !== null)
        references.push({ ownerIndex: scope.symbolIndex, targetText: expression.text, targetHint: hint, line });
    }
  }
  return { language: 'go', module: packagePath, symbols, calls, references, findings: auditGo(path, symbols) };
}

/**
 * The symbol a declaration tag defines, registering its name in `names`; imports are registered too.
 *
 * @param tag - Any tag.
 * @param source - File content.
 * @param names - Names of the file, filled in.
 * @returns The symbol, or `null` for tags that define none.
 */
function declaration(tag: Tag, source: string, names: MutableNames): SymbolRecord | null {
  if (tag.role === 'import.spec') {
    const path = tag.parts['path']?.text.slice(1, -1) ?? '';
    const local = importedName(path, tag.parts['alias']?.text);
    if (local !== null) names.imports.set(local, path);
    return null;
  }
  if (!tag.role.startsWith('definition.')) return null;
  const name = tag.part('name')?.text(source);
  if (name === undefined) return null;
  const node = tag.node;
  const base = {
    name,
    startLine: tag.row + 1,
    endLine: endLine(node),
    docstring: goDocComment(node),
  };
  if (tag.role === 'definition.function') {
    names.functions.add(name);
    const signature = signatureText(source, node, tag.parts['body'] ?? null);
    return {
      ...base,
      qualifiedName: `${names.packagePath}.${name}`,
      kind: 'function',
      signature,
      exported: isExportedName(name),
    };
  }
  if (tag.role === 'definition.method') {
    const receiver = tag.parts['receiver'] ? goReceiver(tag.parts['receiver']) : null;
    if (receiver === null) return null;
    names.methods.add(`${receiver.type}.${name}`);
    return {
      ...base,
      qualifiedName: `${names.packagePath}.${receiver.type}.${name}`,
      kind: 'method',
      signature: signatureText(source, node, tag.parts['body'] ?? null),
      exported: isExportedName(name) && isExportedName(receiver.type),
    };
  }
  names.types.add(name);
  const firstLine = (source.slice(node.startIndex, node.endIndex).split('\n')[0] ?? '').replace(/\s*\{?\s*$/, '');
  return {
    ...base,
    qualifiedName: `${names.packagePath}.${name}`,
    kind: goTypeKind(tag.parts['type']),
    signature: `type ${firstLine.replace(/\s+/g, ' ')}`,
    exported: isExportedName(name),
  };
}

/**
 * A call's callee or a value's target as the hints read it.
 *
 * @param part - The tag's part.
 * @param source - File content.
 * @returns Its type and text, with the operand and field of a selector.
 */
function goExpression(part: TagPart, source: string): GoExpression {
  const type = part.type;
  const text = part.text(source);
  return { type, text, selector: type === 'selector_expression' ? selectorParts(text, () => part.node) : null };
}
