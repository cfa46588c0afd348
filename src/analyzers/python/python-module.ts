/**
 * Dotted module names of Python files and resolution of relative imports against them.
 *
 * @packageDocumentation
 */

/**
 * Dotted module name of a repository-relative Python path: `.py` stripped, `/` turned into `.`, a leading `src.`
 * dropped, and `pkg/__init__.py` named after its package.
 *
 * @param path - Repository-relative path with `/` separators, e.g. `networkx/classes/graph.py`.
 * @returns The module name, e.g. `networkx.classes.graph`.
 */
export function pythonModuleName(path: string): string {
  const parts = path
    .replace(/\.py$/i, '')
    .split('/')
    .filter((part) => part.length > 0);
  if (parts.length > 1 && parts[0] === 'src') parts.shift();
  if (parts.length > 1 && parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

/**
 * The package that relative imports of a file start from: the module itself for a package `__init__.py`, otherwise
 * the module's parent.
 *
 * @param path - Repository-relative path of the file.
 * @param module - Its module name from {@link pythonModuleName}.
 * @returns The package segments (empty for a top-level module).
 */
export function packageSegments(path: string, module: string): readonly string[] {
  const segments = module.length > 0 ? module.split('.') : [];
  const isPackageInit = /(^|\/)__init__\.py$/i.test(path);
  return isPackageInit ? segments : segments.slice(0, -1);
}

/**
 * Absolute module named by a relative import such as `from ..util import x`.
 *
 * @param pkg - Package segments of the importing file ({@link packageSegments}).
 * @param level - Number of leading dots (1 for `.`).
 * @param name - Dotted name after the dots, or `''` for `from . import x`.
 * @returns The absolute dotted module, or `null` when the dots climb above the top-level package.
 */
export function resolveRelativeModule(pkg: readonly string[], level: number, name: string): string | null {
  const keep = pkg.length - (level - 1);
  if (keep < 0) return null;
  const base = pkg.slice(0, keep);
  if (name.length > 0) base.push(name);
  return base.length > 0 ? base.join('.') : null;
}
