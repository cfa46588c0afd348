/**
 * The JSON walk: object members become `key` symbols named by JSON Pointer, each documented by its value's
 * `description`; the document's own description documents the module.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { FileAnalysis, SymbolRecord } from '../../core/model.js';
import { compareText } from '../../core/text.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { endLine } from '../tree-sitter/node-lines.js';
import { MAX_DEPTH, MAX_MEMBERS, pointerToken } from './json-definitions.js';
import { describedBy, stringValue } from './json-docs.js';

type Node = Parser.SyntaxNode;

/** Longest value shown in a member's signature. */
const MAX_PREVIEW = 60;

/**
 * Walk a parsed JSON document.
 *
 * @param tree - Its syntax tree.
 * @param path - Repository-relative path: the module name.
 * @returns The file's analysis (no calls, references or findings).
 */
export function walkJson(tree: Parser.Tree, path: string): FileAnalysis {
  const root = tree.rootNode;
  const top = root.namedChildren.find((child) => child.type !== 'comment') ?? null;
  const symbols: SymbolRecord[] = [moduleSymbol(path, root, describedBy(top))];
  // Object by object with an explicit stack (nesting depth is unbounded in data files).
  const pending: { object: Node; pointer: string; depth: number }[] = [];
  if (top?.type === 'object') pending.push({ object: top, pointer: '', depth: 1 });
  while (pending.length > 0 && symbols.length <= MAX_MEMBERS) {
    const { object, pointer, depth } = pending.pop() as (typeof pending)[number];
    const nested: typeof pending = [];
    for (const pair of object.namedChildren) {
      if (pair.type !== 'pair' || symbols.length > MAX_MEMBERS) continue;
      const key = stringValue(pair.childForFieldName('key'));
      const value = pair.childForFieldName('value');
      if (key === null) continue;
      const memberPointer = `${pointer}/${pointerToken(key)}`;
      symbols.push({
        qualifiedName: `${path}#${memberPointer}`,
        name: key,
        kind: 'key',
        startLine: pair.startPosition.row + 1,
        endLine: endLine(pair),
        signature: `${JSON.stringify(key)}: ${preview(value)}`,
        docstring: describedBy(value),
        exported: true,
      });
      if (value?.type === 'object' && depth < MAX_DEPTH)
        nested.push({ object: value, pointer: memberPointer, depth: depth + 1 });
    }
    // Reversed so the first member's children are visited first.
    for (let i = nested.length - 1; i >= 0; i--) pending.push(nested[i] as (typeof pending)[number]);
  }
  // Members were collected object by object; symbols are listed in source order (an outer key before its children).
  const members = symbols
    .slice(1)
    .sort((a, b) => a.startLine - b.startLine || compareText(a.qualifiedName, b.qualifiedName));
  return {
    language: 'json',
    module: path,
    symbols: [symbols[0] as SymbolRecord, ...members],
    calls: [],
    references: [],
    findings: [],
  };
}

function preview(value: Node | null): string {
  if (value === null) return '';
  if (value.type === 'object') return '{…}';
  if (value.type === 'array') return '[…]';
  const text = value.text.replace(/\s+/g, ' ');
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}
