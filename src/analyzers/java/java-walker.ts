/**
 * The Java sweep over the tags of a file in document order: the package, imports, types (nested types qualify by
 * their outer types) and their members; calls, constructions and method references are collected with their
 * enclosing classes and hinted once every type of the file is known.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { CallSite, CallableReference, FileAnalysis, SymbolKind, SymbolRecord } from '../../core/model.js';
import { EnclosingStack } from '../tree-sitter/enclosing-stack.js';
import { queryFor } from '../tree-sitter/grammar-loader.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { endLine } from '../tree-sitter/node-lines.js';
import { collectTags, type Tag } from '../tree-sitter/query-tags.js';
import { signatureText } from '../tree-sitter/signature-text.js';
import { auditJava, type AuditedDeclaration } from './java-audit.js';
import { callHint, referenceHint, typePath, type JavaNames } from './java-calls.js';
import { JAVA_TAGS_QUERY, modifiersOf, parameterNames } from './java-definitions.js';
import { javadoc } from './java-docs.js';
import { JAVA_GRAMMAR } from './java-parser.js';

/** An open type or method. */
interface Container {
  readonly symbolIndex: number;
  /** Qualified names of the enclosing types, innermost first. */
  readonly classes: readonly string[];
  readonly isType: boolean;
  readonly isInterface: boolean;
  readonly exports: boolean;
}

interface RawUse {
  readonly tag: Tag;
  readonly container: Container;
  readonly line: number;
}

const TYPE_KINDS: Readonly<Record<string, SymbolKind>> = {
  'definition.class': 'class',
  'definition.interface': 'interface',
  'definition.enum': 'enum',
};

/**
 * Walk a parsed Java file.
 *
 * @param tree - Its syntax tree.
 * @param source - File content.
 * @param path - Repository-relative path (the module name when the file declares no package).
 * @returns The file's analysis.
 */
export function walkJava(tree: Parser.Tree, source: string, path: string): FileAnalysis {
  const root = tree.rootNode;
  const tags = collectTags(queryFor(JAVA_GRAMMAR, JAVA_TAGS_QUERY), root);
  const packageName =
    tags.find((tag) => tag.role === 'package.declaration')?.parts['name']?.text.replace(/\s+/g, '') ?? '';
  const prefix = packageName.length > 0 ? `${packageName}.` : '';
  const symbols: SymbolRecord[] = [moduleSymbol(packageName || path, root, null)];
  const declarations: AuditedDeclaration[] = [];
  const imports = new Map<string, string>();
  const types = new Map<string, string>();
  const methods = new Set<string>();
  const uses: RawUse[] = [];
  const top: Container = { symbolIndex: 0, classes: [], isType: false, isInterface: false, exports: true };
  const stack = new EnclosingStack<Container>(top);
  for (const tag of tags) {
    const node = tag.node;
    stack.advance(tag.start);
    const outer = stack.current();
    const line = node.startPosition.row + 1;
    if (tag.role === 'import.declaration') {
      const imported = tag.parts['path']?.text.replace(/\s+/g, '');
      if (imported !== undefined && !node.text.includes('*'))
        imports.set(imported.slice(imported.lastIndexOf('.') + 1), imported);
      continue;
    }
    if (tag.role.startsWith('reference.')) {
      uses.push({ tag, container: outer, line });
      continue;
    }
    const name = tag.parts['name']?.text;
    if (name === undefined || !tag.role.startsWith('definition.')) continue;
    const modifiers = modifiersOf(node);
    const exported = outer.exports && (modifiers.has('public') || (outer.isInterface && !modifiers.has('private')));
    const owner = outer.classes[0];
    const typeKind = TYPE_KINDS[tag.role];
    const qualifiedName =
      typeKind !== undefined
        ? owner !== undefined
          ? `${owner}.${name}`
          : `${prefix}${name}`
        : `${owner ?? packageName}.${name}`;
    const symbol: SymbolRecord = {
      qualifiedName,
      name,
      kind: typeKind ?? 'method',
      startLine: line,
      endLine: endLine(node),
      signature: signatureText(source, node, tag.parts['body'] ?? null),
      docstring: javadoc(node),
      exported,
    };
    symbols.push(symbol);
    const index = symbols.length - 1;
    if (typeKind !== undefined) {
      types.set(name, qualifiedName);
      const isInterface = typeKind === 'interface';
      stack.push(tag.end, {
        symbolIndex: index,
        classes: [qualifiedName, ...outer.classes],
        isType: true,
        isInterface,
        exports: exported,
      });
      declarations.push({ symbol, parameters: null, returnsValue: false, overrides: false });
    } else {
      methods.add(qualifiedName);
      stack.push(tag.end, { ...outer, symbolIndex: index, isType: false, isInterface: false, exports: false });
      const type = node.childForFieldName('type');
      declarations.push({
        symbol,
        parameters: parameterNames(tag.parts['parameters']),
        returnsValue: type !== null && type.type !== 'void_type',
        overrides: /@Override\b/.test(node.namedChildren.find((c) => c.type === 'modifiers')?.text ?? ''),
      });
    }
  }
  const names: JavaNames = { packageName, imports, types, methods };
  const calls: CallSite[] = [];
  const references: CallableReference[] = [];
  for (const { tag, container, line } of uses) {
    const owner = container.symbolIndex;
    if (tag.role === 'reference.call') {
      const object = tag.parts['object'];
      const method = tag.parts['name']?.text ?? '';
      const text = object === undefined ? method : `${object.text.replace(/\s+/g, '')}.${method}`;
      if (!/^[\w.]+$/.test(text)) continue;
      calls.push({
        callerIndex: owner,
        calleeText: text,
        targetHint: callHint(object, method, container.classes, names),
        line,
      });
    } else if (tag.role === 'reference.new' && tag.parts['type'] !== undefined) {
      const type = tag.parts['type'].text.replace(/\s+/g, '').replace(/<.*$/, '');
      calls.push({ callerIndex: owner, calleeText: `new ${type}`, targetHint: typePath(type, names), line });
    } else if (tag.role === 'reference.value') {
      const hint = referenceHint(tag.node, container.classes, names);
      if (hint !== null)
        references.push({ ownerIndex: owner, targetText: tag.node.text.replace(/\s+/g, ''), targetHint: hint, line });
    }
  }
  return {
    language: 'java',
    module: packageName || path,
    symbols,
    calls,
    references,
    findings: auditJava(declarations),
  };
}
