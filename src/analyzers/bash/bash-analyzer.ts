/**
 * The Bash analyzer: `.sh`, `.bash` and `.bats` scripts, shell start-up files, and the extension-less scripts of
 * bash-completion (`bash_completion`, files in a `completions/` folder). The analyzer contract sees only paths, so
 * other extension-less scripts (found by their `#!` line) are not claimed.
 *
 * @packageDocumentation
 */
import type { Analyzer } from '../../core/analyzer.js';
import type { FileAnalysis } from '../../core/model.js';
import { parseBash } from './bash-parser.js';
import { walkBash } from './bash-walker.js';

const EXTENSIONS = Object.freeze(['.sh', '.bash', '.bats']);
const FILE_NAMES = new Set([
  'bash_completion',
  '.bashrc',
  '.bash_profile',
  '.bash_aliases',
  '.bash_logout',
  '.profile',
]);

/** Analyzer for shell scripts. */
export const bashAnalyzer: Analyzer = Object.freeze({
  name: 'bash',
  version: '1',
  extensions: EXTENSIONS,
  claims(path: string): boolean {
    const lower = path.toLowerCase();
    if (EXTENSIONS.some((extension) => lower.endsWith(extension))) return true;
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    if (FILE_NAMES.has(base)) return true;
    // Completion scripts are named after the command they complete, without an extension.
    return !base.includes('.') && (path.startsWith('completions/') || path.includes('/completions/'));
  },
  analyze(path: string, source: string): FileAnalysis {
    return walkBash(parseBash(source), source, path);
  },
});
