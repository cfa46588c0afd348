/**
 * What the Bash analyzer reads from a tree, as a tags query (language support as data): function definitions,
 * commands (calls) with their arguments, and positional-parameter expansions (what a function takes).
 *
 * @packageDocumentation
 */

/** The Bash tags query; each pattern's dotted capture is the tag's role. */
export const BASH_TAGS_QUERY = `
(function_definition name: (word) @name body: (_) @body) @definition.function
(command name: (command_name (word) @callee)) @reference.call
(simple_expansion (variable_name) @variable) @expansion.variable
(expansion (variable_name) @variable) @expansion.variable
`;

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
