/**
 * The Bash sweep over the tags of a script in document order: functions, the commands inside them (calls) and the
 * functions commands register by name (references), positional parameters read (for the audit).
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { CallSite, CallableReference, FileAnalysis, SymbolRecord } from '../../core/model.js';
import { EnclosingStack } from '../tree-sitter/enclosing-stack.js';
import { moduleSymbol } from '../tree-sitter/module-symbol.js';
import { endLine } from '../tree-sitter/node-lines.js';
import { collectTypedTags } from '../tree-sitter/query-tags.js';
import { signatureText } from '../tree-sitter/signature-text.js';
import { auditBash, type AuditedFunction } from './bash-audit.js';
import { commandReferences } from './bash-calls.js';
import { BASH_TAG_TYPES, bashTag, isCallable } from './bash-definitions.js';
import { bashHeader } from './bash-docs.js';

/**
 * Walk a parsed script.
 *
 * @param tree - Its syntax tree.
 * @param source - File content.
 * @param path - Repository-relative path: the module name.
 * @returns The file's analysis.
 */
export function walkBash(tree: Parser.Tree, source: string, path: string): FileAnalysis {
  const root = tree.rootNode;
  const symbols: SymbolRecord[] = [moduleSymbol(path, root, null)];
  const functions: (AuditedFunction & { readsArguments: boolean })[] = [];
  const calls: CallSite[] = [];
  const references: CallableReference[] = [];
  const stack = new EnclosingStack<number>(0);
  for (const tag of collectTypedTags(root, BASH_TAG_TYPES, bashTag)) {
    const node = tag.node;
    stack.advance(tag.start);
    const owner = stack.current();
    if (tag.role === 'definition.function') {
      const name = tag.parts['name']?.text ?? '';
      symbols.push({
        qualifiedName: name,
        name,
        kind: 'function',
        startLine: node.startPosition.row + 1,
        endLine: endLine(node),
        signature: signatureText(source, node, tag.parts['body'] ?? null),
        docstring: bashHeader(node),
        exported: !name.startsWith('_'),
      });
      functions.push({ symbol: symbols[symbols.length - 1] as SymbolRecord, readsArguments: false });
      stack.push(tag.end, symbols.length - 1);
    } else if (tag.role === 'reference.call' && tag.parts['callee'] !== undefined) {
      const name = tag.parts['callee'].text;
      if (!isCallable(name)) continue;
      calls.push({ callerIndex: owner, calleeText: name, targetHint: name, line: node.startPosition.row + 1 });
      references.push(...commandReferences(node, name, owner));
    } else if (tag.role === 'expansion.variable' && /^(?:[1-9@*])$/.test(tag.parts['variable']?.text ?? '')) {
      const current = functions.find((f) => f.symbol === symbols[owner]);
      if (current !== undefined) current.readsArguments = true;
    }
  }
  return { language: 'bash', module: path, symbols, calls, references, findings: auditBash(functions) };
}
