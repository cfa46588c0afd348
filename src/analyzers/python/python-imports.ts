/**
 * The names `import` and `from … import` statements bind: `import a.b` binds the module `a`, `import a.b as c` the
 * module `a.b` as `c`, `from m import x as y` the name `m.x` as `y`, with relative modules resolved against the
 * importing file's package. Read with the walk's tree cursor (python-cursor.ts).
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { fieldAt, namedTypes, textAt, typeIdAt, typeNames } from './python-cursor.js';
import { resolveRelativeModule } from './python-module.js';
import { bind, type Scope } from './python-scope.js';

type Cursor = Parser.TreeCursor;

/** One imported name: `a.b`, or `a.b as c` (`alias` is absent only when the item is not aliased). */
interface ImportItem {
  readonly aliased: boolean;
  /** Dotted name without whitespace (`''` when missing). */
  readonly name: string;
  readonly alias: string | undefined;
}

/**
 * Bind the names an import statement introduces in a scope.
 *
 * @param scope - The innermost scope at the statement.
 * @param cursor - Cursor on an `import_statement` or `import_from_statement` node; it is left there.
 * @param fromImport - Whether it is `from … import`.
 * @param packagePath - Package segments of the importing file (for relative imports).
 * @param source - File content.
 */
export function bindImport(
  scope: Scope,
  cursor: Cursor,
  fromImport: boolean,
  packagePath: readonly string[],
  source: string,
): void {
  const items: ImportItem[] = [];
  let from: string | null = null;
  let moduleSeen = false;
  if (cursor.gotoFirstChild()) {
    do {
      const field = fieldAt(cursor);
      if (field === 'name') items.push(importItem(cursor, source));
      else if (field === 'module_name' && !moduleSeen) {
        moduleSeen = true;
        from = importedModule(cursor, packagePath, source);
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  if (!fromImport) {
    for (const item of items) {
      if (item.aliased) {
        const { alias, name: target } = item;
        if (alias && target) bind(scope, alias, { target, origin: 'import', isClass: false, isModule: true });
      } else {
        const head = item.name.split('.')[0];
        if (head) bind(scope, head, { target: head, origin: 'import', isClass: false, isModule: true });
      }
    }
    return;
  }
  if (from === null) return;
  for (const item of items) {
    const name = item.name;
    const local = item.aliased ? item.alias : name;
    if (name && local)
      bind(scope, local, { target: `${from}.${name}`, origin: 'import', isClass: false, isModule: false });
  }
}

/**
 * One item of an import list.
 *
 * @param cursor - Cursor on a `dotted_name` or `aliased_import`; it is left there.
 * @param source - File content.
 * @returns The item.
 */
function importItem(cursor: Cursor, source: string): ImportItem {
  if (typeNames[typeIdAt(cursor)] !== 'aliased_import') {
    return { aliased: false, name: dotted(textAt(cursor, source)), alias: undefined };
  }
  let name: string | undefined;
  let alias: string | undefined;
  if (cursor.gotoFirstChild()) {
    do {
      const field = fieldAt(cursor);
      if (field === 'name') name ??= dotted(textAt(cursor, source));
      else if (field === 'alias') alias ??= textAt(cursor, source);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return { aliased: true, name: name ?? '', alias };
}

/**
 * Absolute module of a `from` import.
 *
 * @param cursor - Cursor on the statement's `module_name` node; it is left there.
 * @param packagePath - Package segments of the importing file.
 * @param source - File content.
 * @returns The dotted module, or `null` when a relative import climbs above the top package.
 */
function importedModule(cursor: Cursor, packagePath: readonly string[], source: string): string | null {
  if (typeNames[typeIdAt(cursor)] !== 'relative_import') return dotted(textAt(cursor, source)) || null;
  let level = 0;
  let name = '';
  if (cursor.gotoFirstChild()) {
    do {
      const id = typeIdAt(cursor);
      if (!namedTypes[id]) continue;
      if (typeNames[id] === 'import_prefix') level = dotted(textAt(cursor, source)).length;
      else if (typeNames[id] === 'dotted_name') name = dotted(textAt(cursor, source));
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return resolveRelativeModule(packagePath, level, name);
}

/**
 * A dotted name without the whitespace Python allows around its dots.
 *
 * @param text - The name as written.
 * @returns The name.
 */
function dotted(text: string): string {
  return text.replace(/\s+/g, '');
}
