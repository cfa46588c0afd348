/**
 * The names `import` and `from … import` statements bind: `import a.b` binds the module `a`, `import a.b as c` the
 * module `a.b` as `c`, `from m import x as y` the name `m.x` as `y`, with relative modules resolved against the
 * importing file's package.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { resolveRelativeModule } from './python-module.js';
import { bind, type Scope } from './python-scope.js';

type Node = Parser.SyntaxNode;

/**
 * Bind the names an import statement introduces in a scope.
 *
 * @param scope - The innermost scope at the statement.
 * @param node - An `import_statement` or `import_from_statement` node.
 * @param fromImport - Whether it is `from … import`.
 * @param packagePath - Package segments of the importing file (for relative imports).
 */
export function bindImport(scope: Scope, node: Node, fromImport: boolean, packagePath: readonly string[]): void {
  if (!fromImport) {
    for (const item of node.childrenForFieldName('name')) {
      if (item.type === 'aliased_import') {
        const alias = item.childForFieldName('alias')?.text;
        const target = dotted(item.childForFieldName('name'));
        if (alias && target) bind(scope, alias, { target, origin: 'import', isClass: false, isModule: true });
      } else {
        const head = dotted(item).split('.')[0];
        if (head) bind(scope, head, { target: head, origin: 'import', isClass: false, isModule: true });
      }
    }
    return;
  }
  const from = importedModule(node.childForFieldName('module_name'), packagePath);
  if (from === null) return;
  for (const item of node.childrenForFieldName('name')) {
    const aliased = item.type === 'aliased_import';
    const name = dotted(aliased ? item.childForFieldName('name') : item);
    const local = aliased ? item.childForFieldName('alias')?.text : name;
    if (name && local)
      bind(scope, local, { target: `${from}.${name}`, origin: 'import', isClass: false, isModule: false });
  }
}

/**
 * Absolute module of a `from` import.
 *
 * @param moduleName - The statement's `module_name` node.
 * @param packagePath - Package segments of the importing file.
 * @returns The dotted module, or `null` when a relative import climbs above the top package.
 */
function importedModule(moduleName: Node | null, packagePath: readonly string[]): string | null {
  if (moduleName === null) return null;
  if (moduleName.type !== 'relative_import') return dotted(moduleName) || null;
  let level = 0;
  let name = '';
  for (let child = moduleName.firstNamedChild; child !== null; child = child.nextNamedSibling) {
    if (child.type === 'import_prefix') level = child.text.replace(/\s+/g, '').length;
    else if (child.type === 'dotted_name') name = dotted(child);
  }
  return resolveRelativeModule(packagePath, level, name);
}

/**
 * Text of a dotted name without the whitespace Python allows around its dots.
 *
 * @param node - A `dotted_name` or `identifier` node, or nothing.
 * @returns The name, `''` for nothing.
 */
function dotted(node: Node | null): string {
  return node === null ? '' : node.text.replace(/\s+/g, '');
}
