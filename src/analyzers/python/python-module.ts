/**
 * Dotted module names of Python files and resolution of relative imports against them.
 *
 * @packageDocumentation
 */

/**
 * The folder a Python file's module name starts from (its _module root_, the analyzer's layout): for a file in a
 * regular package (its folder holds an `__init__.py`), the folder above the top of its chain of `__init__.py`
 * folders — where Python's import system finds the package when that folder is on `sys.path` — with a trailing `/`;
 * `''` when that is the repository root, or when the file's folder holds no `__init__.py` (a script, a `tests/`
 * folder without one, a PEP 420 namespace folder: the module is named by its path, see {@link pythonModuleName}).
 *
 * @param path - Repository-relative path with `/` separators, e.g. `usr/lib/python3/dist-packages/django/db/utils.py`.
 * @param exists - Whether a repository-relative path is a candidate path of the tree.
 * @returns The module root, e.g. `usr/lib/python3/dist-packages/`.
 */
export function pythonModuleRoot(path: string, exists: (path: string) => boolean): string {
  let slash = path.lastIndexOf('/');
  if (slash <= 0 || !exists(`${path.slice(0, slash)}/__init__.py`)) return '';
  for (;;) {
    const up = path.lastIndexOf('/', slash - 1);
    if (up <= 0) return '';
    if (!exists(`${path.slice(0, up)}/__init__.py`)) return path.slice(0, up + 1);
    slash = up;
  }
}

/**
 * Dotted module name of a repository-relative Python path: the path below its module root ({@link pythonModuleRoot})
 * with `.py` stripped and `/` turned into `.`, and `pkg/__init__.py` named after its package. Without a root, a
 * leading `src.` is dropped.
 *
 * @param path - Repository-relative path with `/` separators, e.g. `networkx/classes/graph.py`.
 * @param root - The file's module root (`''`: the repository root).
 * @returns The module name, e.g. `networkx.classes.graph`.
 */
export function pythonModuleName(path: string, root = ''): string {
  const rooted = root !== '' && path.startsWith(root);
  const parts = (rooted ? path.slice(root.length) : path)
    .replace(/\.py$/i, '')
    .split('/')
    .filter((part) => part.length > 0);
  if (!rooted && parts.length > 1 && parts[0] === 'src') parts.shift();
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
