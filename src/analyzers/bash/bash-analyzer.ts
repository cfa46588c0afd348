/**
 * The Bash analyzer: `.sh`, `.bash` and `.bats` scripts, shell start-up files, and the extension-less scripts of
 * bash-completion (`bash_completion`, files in a `completions/` folder). The analyzer contract sees only paths, so
 * other extension-less scripts (found by their `#!` line) are not claimed.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import { extensionAnalyzer } from '../tree-sitter/extension-analyzer.js';

const FILE_NAMES = new Set([
  'bash_completion',
  '.bashrc',
  '.bash_profile',
  '.bash_aliases',
  '.bash_logout',
  '.profile',
]);

/**
 * Extension-less shell files: start-up files, and completion scripts (named after the command they complete).
 *
 * @param path - Repository-relative path.
 * @returns `true` to claim it.
 */
function isExtensionlessScript(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (FILE_NAMES.has(base)) return true;
  return !base.includes('.') && (path.startsWith('completions/') || path.includes('/completions/'));
}

/** Analyzer for shell scripts. */
export const bashAnalyzer: Analyzer = extensionAnalyzer({
  name: 'bash',
  version: '1',
  extensions: ['.sh', '.bash', '.bats'],
  claimsAlso: isExtensionlessScript,
  analysis: async () => {
    const [{ parseBash }, { walkBash }] = await Promise.all([import('./bash-parser.js'), import('./bash-walker.js')]);
    return (path, source) => walkBash(parseBash(source), source, path);
  },
});
