/**
 * What the Bash analyzer reads from a tree, as a tags query (language support as data): function definitions,
 * commands (calls) with their arguments, and positional-parameter expansions (what a function takes).
 *
 * @packageDocumentation
 */

import type Parser from 'tree-sitter';
import { addFieldPairs, childMatches, fieldMatches, type AddTag } from '../tree-sitter/query-tags.js';

/**
 * The Bash tags query; each pattern's dotted capture is the tag's role. The analyzer collects these tags with
 * {@link bashTag} (the same patterns in code: compiling this query costs ~7 ms of CPU per process against the Bash
 * grammar); the query stays the patterns' statement and the tests' reference.
 */
export const BASH_TAGS_QUERY = `
(function_definition name: (word) @name body: (_) @body) @definition.function
(command name: (command_name (word) @callee)) @reference.call
(simple_expansion (variable_name) @variable) @expansion.variable
(expansion (variable_name) @variable) @expansion.variable
`;

/** The main node types of {@link BASH_TAGS_QUERY}'s patterns. */
export const BASH_TAG_TYPES: readonly string[] = ['function_definition', 'command', 'simple_expansion', 'expansion'];

const WORD: ReadonlySet<string> = new Set(['word']);
const COMMAND_NAME: ReadonlySet<string> = new Set(['command_name']);
const VARIABLE_NAME: ReadonlySet<string> = new Set(['variable_name']);

/**
 * The tags of one node of a type in {@link BASH_TAG_TYPES}, as {@link BASH_TAGS_QUERY}'s patterns match it.
 *
 * @param node - The node.
 * @param type - Its type.
 * @param add - Where tags go.
 */
export function bashTag(node: Parser.SyntaxNode, type: string, add: AddTag): void {
  if (type === 'function_definition') {
    addFieldPairs(node, 'definition.function', ['name', WORD, 'name'], ['body', null, 'body'], add);
  } else if (type === 'command') {
    for (const name of fieldMatches(node, 'name', COMMAND_NAME)) {
      for (const callee of childMatches(name, WORD)) add('reference.call', node, { callee });
    }
  } else {
    for (const variable of childMatches(node, VARIABLE_NAME)) add('expansion.variable', node, { variable });
  }
}

/** Builtins that steer the shell itself (flow, options, variables): never a function or program worth an edge. */
const SHELL_CONTROL = new Set(
  'return exit break continue shift set shopt unset export local declare typeset readonly true false : builtin'.split(
    ' ',
  ),
);

/**
 * Whether a command name is recorded as a call: a literal word that is not a shell-control builtin.
 *
 * @param name - The command name as written.
 * @returns `true` to record it.
 */
export function isCallable(name: string): boolean {
  return !SHELL_CONTROL.has(name) && /^[\w.:@+-][\w.:@+/-]*$/.test(name);
}

/**
 * Commands that register a function by name, and which argument names it: `complete -F f`, `trap f SIGNAL`.
 *
 * @param command - The command name.
 * @param words - Its literal arguments.
 * @returns The registered function names.
 */
export function registeredFunctions(command: string, words: readonly string[]): string[] {
  if (command === 'complete' || command === 'compgen') {
    const index = words.indexOf('-F');
    return index >= 0 && words[index + 1] !== undefined ? [words[index + 1] as string] : [];
  }
  if (command === 'trap' && words.length >= 2 && /^[A-Za-z_][\w:-]*$/.test(words[0] as string))
    return [words[0] as string];
  return [];
}
