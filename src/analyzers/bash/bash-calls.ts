/**
 * Call sites and function references of shell scripts. Functions are global, so a command's name is its own hint.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { CallableReference } from '../../core/model.js';
import { registeredFunctions } from './bash-definitions.js';

/**
 * Functions a command registers by name (`complete -F _git git`, `trap cleanup EXIT`) as callable references.
 *
 * @param command - The `command` node.
 * @param name - Its command name.
 * @param ownerIndex - The enclosing symbol.
 * @returns The references.
 */
export function commandReferences(command: Parser.SyntaxNode, name: string, ownerIndex: number): CallableReference[] {
  if (name !== 'complete' && name !== 'compgen' && name !== 'trap') return [];
  const words = command
    .childrenForFieldName('argument')
    .map((argument) => (argument.type === 'word' ? argument.text : ''));
  return registeredFunctions(name, words).map((target) => ({
    ownerIndex,
    targetText: target,
    targetHint: target,
    line: command.startPosition.row + 1,
  }));
}
