/**
 * One sweep over the C tags of a file, in document order: symbols with their doc comments and signatures, call
 * sites and value uses attributed to the innermost enclosing function, then hints and the audit.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { FileAnalysis, SymbolKind, SymbolRecord } from '../../core/model.js';
import { EnclosingStack } from '../tree-sitter/enclosing-stack.js';
import { queryFor } from '../tree-sitter/grammar-loader.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { endLine } from '../tree-sitter/node-lines.js';
import { isNamePath } from '../tree-sitter/name-path.js';
import { collectTags, type Tag } from '../tree-sitter/query-tags.js';
import { signatureText } from '../tree-sitter/signature-text.js';
import { auditDocumentedFunctions, type AuditedFunction } from './c-audit.js';
import { cCallSites, cReferences, type RawCUse } from './c-calls.js';
import { functionDeclarator, hasStorageClass } from './c-declarators.js';
import { C_TAGS_QUERY, isHeader } from './c-definitions.js';
import { docComment } from './c-docs.js';
import { C_GRAMMAR } from './c-parser.js';

const KIND_OF_ROLE: Readonly<Record<string, SymbolKind>> = {
  'definition.struct': 'struct',
  'definition.union': 'union',
  'definition.enum': 'enum',
  'definition.type': 'type',
  'definition.macro': 'macro',
};

/**
 * Walk a parsed C file.
 *
 * @param tree - Its syntax tree.
 * @param source - File content.
 * @param path - Repository-relative path: the module name, and the qualifier of `static` functions.
 * @returns The file's analysis.
 */
export function walkC(tree: Parser.Tree, source: string, path: string): FileAnalysis {
  const root = tree.rootNode;
  const symbols: SymbolRecord[] = [moduleSymbol(path, root, null)];
  const functions: AuditedFunction[] = [];
  const defined = new Map<string, string>();
  const declared = new Set<string>();
  const calls: RawCUse[] = [];
  const values: RawCUse[] = [];
  /** Designated-initializer values (`.read = f`): operation tables naming functions defined elsewhere. */
  const initializers: RawCUse[] = [];
  const header = isHeader(path);
  const stack = new EnclosingStack<number>(0);
  const add = (tag: Tag, symbol: SymbolRecord): number => {
    symbols.push(symbol);
    stack.push(tag.end, symbols.length - 1);
    return symbols.length - 1;
  };
  for (const tag of collectTags(queryFor(C_GRAMMAR, C_TAGS_QUERY), root)) {
    const node = tag.node;
    stack.advance(tag.start);
    const line = node.startPosition.row + 1;
    switch (tag.role) {
      case 'definition.function': {
        const declarator = functionDeclarator(node);
        if (declarator === null || declarator.name.type !== 'identifier') break;
        const name = declarator.name.text;
        // A `static` function of a header is compiled into every file including it: it keeps its global name.
        const internal = hasStorageClass(node, 'static') && !header;
        const qualifiedName = internal ? `${path}::${name}` : name;
        defined.set(name, qualifiedName);
        const symbol = definition(node, name, qualifiedName, 'function', !internal, source, tag.parts['body']);
        add(tag, symbol);
        functions.push({ symbol, parameters: declarator.parameters, returnsValue: declarator.returnsValue });
        break;
      }
      case 'declaration.function':
        if (tag.parts['name']) declared.add(tag.parts['name'].text);
        break;
      case 'reference.call':
      case 'reference.value':
      case 'reference.initializer': {
        const target = tag.parts['callee'] ?? tag.parts['target'];
        if (target === undefined) break;
        const use = { ownerIndex: stack.current(), text: target.text.replace(/\s+/g, ''), line };
        if (tag.role === 'reference.call') {
          if (isNamePath(use.text)) calls.push(use);
        } else if (tag.role === 'reference.value') values.push(use);
        else if (!/^[A-Z0-9_]+$/.test(use.text)) initializers.push(use);
        break;
      }
      default: {
        const kind = KIND_OF_ROLE[tag.role];
        const name = tag.parts['name']?.text;
        if (kind === undefined || name === undefined) break;
        if (kind === 'macro') defined.set(name, name);
        add(tag, definition(node, name, name, kind, header, source, tag.parts['body']));
      }
    }
  }
  const names = { defined, declared };
  return {
    language: 'c',
    module: path,
    symbols,
    calls: cCallSites(calls, names),
    references: cReferences(values, initializers, names),
    findings: auditDocumentedFunctions('C', functions),
  };
}

function definition(
  node: Parser.SyntaxNode,
  name: string,
  qualifiedName: string,
  kind: SymbolKind,
  exported: boolean,
  source: string,
  body: Parser.SyntaxNode | undefined,
): SymbolRecord {
  return {
    qualifiedName,
    name,
    kind,
    startLine: node.startPosition.row + 1,
    endLine: endLine(node),
    signature: signatureText(source, node, body ?? null),
    docstring: docComment(node),
    exported,
  };
}
