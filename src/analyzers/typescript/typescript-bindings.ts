/**
 * File-level bindings read in one pass over the top-level statements before the main walk: relative imports,
 * top-level callables (with the method names of top-level classes) and names exported through `export { … }`
 * lists. The walker resolves call and reference hints against them.
 *
 * @packageDocumentation
 */
import { posix } from 'node:path';
import type {
  Class,
  ClassElement,
  Declaration,
  ModuleExportName,
  Program,
  Statement,
  TSInterfaceDeclaration,
  TSTypeAliasDeclaration,
  VariableDeclaration,
  VariableDeclarator,
} from 'oxc-parser';
import { LIST_SEPARATOR } from '../../core/model.js';
import { NAMED_EXPORT_PREFIX, STAR_EXPORT_SLOT } from '../../core/module-exports.js';
import { resolveRelativeImport, typescriptModuleName } from './typescript-module.js';
import { aliasMembers, classMemberName, isFunctionValue } from './typescript-syntax.js';
import { isFunctionTypeAlias } from './typescript-types.js';

/** What an imported local name stands for. */
export interface ImportTarget {
  /** Module name of the imported file (path without extension). */
  readonly module: string;
  /** Exported name (`default` for a default import), or `null` for a namespace import. */
  readonly name: string | null;
}

/** A top-level callable declared in the file. */
export interface TopLevelCallable {
  readonly kind: 'function' | 'class';
  /** Method names of a class (including accessors and function-valued properties); empty for functions. */
  readonly methods: ReadonlySet<string>;
}

/** Everything the walker needs to resolve names declared outside the current function. */
export interface FileBindings {
  readonly imports: ReadonlyMap<string, ImportTarget>;
  readonly callables: ReadonlyMap<string, TopLevelCallable>;
  /** Local names exported by `export { a, b as c }`, `export default a` or `export = a`. */
  readonly exportedNames: ReadonlySet<string>;
  /**
   * Top-level classes and interfaces by name, with the type names they extend or implement as written (superclass
   * first): the walker follows them for inherited members.
   */
  readonly types: ReadonlyMap<string, readonly string[]>;
  /** Local names imported from other packages: they never resolve into the code base. */
  readonly packageImports: ReadonlySet<string>;
  /** Top-level variables that are not functions, by name: their declared or initialised type types `x.m()`. */
  readonly values: ReadonlyMap<string, VariableDeclarator>;
  /** Top-level type aliases of a function type: a property declared with one is called like a method. */
  readonly functionTypes: ReadonlySet<string>;
  /** The declarations behind {@link FileBindings.types}: a type inherits the declared fields of the ones it extends. */
  readonly typeDeclarations: ReadonlyMap<string, TypeDeclaration>;
  /** The file's export table: what it re-exports from other modules (rule 1c). */
  readonly reexports: ModuleReexports;
}

/** What a module re-exports (`docs/architecture/index-semantics.md`, rule 1c). */
export interface ModuleReexports {
  /** Modules of `export * from`, in source order, each followed by its folder index. */
  readonly star: string[];
  /** Exported name → the qualified names (or module names, for a namespace) it stands for. */
  readonly named: Map<string, string[]>;
}

/** A top-level class, interface or type alias declaration. */
export type TypeDeclaration = Class | TSInterfaceDeclaration | TSTypeAliasDeclaration;

/** Import extensions that name the same module as its source file (`./map.js` is `map.ts`). */
const NO_METHODS: ReadonlySet<string> = new Set();

/**
 * Collect the bindings of one file from its top-level statements.
 *
 * @param program - The parsed file.
 * @param path - Repository-relative path of the file.
 * @param text - The file text (type annotations are read from it).
 * @returns Imports, top-level callables and locally exported names.
 */
export function collectBindings(program: Program, path: string, text: string): FileBindings {
  const fromDir = posix.dirname(path);
  const imports = new Map<string, ImportTarget>();
  const callables = new Map<string, TopLevelCallable>();
  const exportedNames = new Set<string>();
  const types = new Map<string, readonly string[]>();
  const packageImports = new Set<string>();
  const values = new Map<string, VariableDeclarator>();
  const functionTypes = new Set<string>();
  const typeDeclarations = new Map<string, TypeDeclaration>();
  const reexports: ModuleReexports = { star: [], named: new Map() };
  const localExports: [string, string][] = [];
  for (const statement of program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if (declaration) addType(declaration as Statement, types, typeDeclarations);
    if (declaration?.type === 'VariableDeclaration') addValues(declaration, values);
    if (declaration?.type === 'TSTypeAliasDeclaration' && isFunctionTypeAlias(text, declaration.id.end)) {
      functionTypes.add(declaration.id.name);
    }
    switch (statement.type) {
      case 'ImportDeclaration': {
        const module = resolveRelativeImport(fromDir, statement.source.value);
        if (module === null) {
          for (const spec of statement.specifiers) packageImports.add(spec.local.name);
          break;
        }
        for (const spec of statement.specifiers) {
          const name =
            spec.type === 'ImportSpecifier'
              ? exportName(spec.imported)
              : spec.type === 'ImportDefaultSpecifier'
                ? 'default'
                : null;
          imports.set(spec.local.name, { module, name });
        }
        break;
      }
      case 'ExportNamedDeclaration':
        if (statement.declaration) addCallables(statement.declaration, callables);
        else if (statement.source === null) {
          for (const spec of statement.specifiers) {
            exportedNames.add(exportName(spec.local));
            localExports.push([exportName(spec.local), exportName(spec.exported)]);
          }
        } else {
          const module = resolveRelativeImport(fromDir, statement.source.value);
          if (module === null) break;
          for (const spec of statement.specifiers) {
            const local = exportName(spec.local);
            if (local !== 'default') reexports.named.set(exportName(spec.exported), memberOf(module, local));
          }
        }
        break;
      case 'ExportAllDeclaration': {
        const module = resolveRelativeImport(fromDir, statement.source.value);
        if (module === null) break;
        if (statement.exported === null) reexports.star.push(module, `${module}/index`);
        else reexports.named.set(exportName(statement.exported), [module, `${module}/index`]);
        break;
      }
      case 'ExportDefaultDeclaration':
        if (statement.declaration.type === 'Identifier') exportedNames.add(statement.declaration.name);
        else addCallables(statement.declaration as Declaration, callables);
        break;
      case 'TSExportAssignment':
        if (statement.expression.type === 'Identifier') exportedNames.add(statement.expression.name);
        break;
      default:
        addCallables(statement, callables);
    }
  }
  // `import { a } from './x'; export { a as b }`: the name stands for what it imports; a local exported under
  // another name (`export { a as b }`) for the local.
  for (const [local, exported] of localExports) {
    const target = imports.get(local);
    if (target !== undefined) {
      if (target.name === null) reexports.named.set(exported, [target.module, `${target.module}/index`]);
      else if (target.name !== 'default') reexports.named.set(exported, memberOf(target.module, target.name));
    } else if (local !== exported) {
      reexports.named.set(exported, [`${typescriptModuleName(path)}.${local}`]);
    }
  }
  return {
    imports,
    callables,
    exportedNames,
    types,
    packageImports,
    values,
    functionTypes,
    typeDeclarations,
    reexports,
  };
}

/**
 * The qualified names a module's member can have: in the module itself, then in its folder index.
 *
 * @param module - The module name as imported.
 * @param name - The member's name.
 * @returns Both candidates.
 */
function memberOf(module: string, name: string): string[] {
  return [`${module}.${name}`, `${module}/index.${name}`];
}

/**
 * The export table of a module as slot types of its module symbol (`;*=M1,M2;.b=Q1,Q2;`), or `undefined` when it
 * re-exports nothing.
 *
 * @param reexports - The module's re-exports.
 * @returns The slot types text.
 */
export function exportTableSlots(reexports: ModuleReexports): string | undefined {
  const entries: string[] = [];
  if (reexports.star.length > 0) entries.push(`${STAR_EXPORT_SLOT}=${reexports.star.join(LIST_SEPARATOR)}`);
  for (const [name, targets] of reexports.named) {
    entries.push(`${NAMED_EXPORT_PREFIX}${name}=${targets.join(LIST_SEPARATOR)}`);
  }
  return entries.length === 0 ? undefined : `;${entries.join(';')};`;
}

/**
 * Record the non-function declarators of a top-level variable declaration.
 *
 * @param node - The declaration.
 * @param into - Receives the declarators by name.
 */
function addValues(node: VariableDeclaration, into: Map<string, VariableDeclarator>): void {
  for (const declarator of node.declarations) {
    if (declarator.id.type === 'Identifier' && !isFunctionValue(declarator.init))
      into.set(declarator.id.name, declarator);
  }
}

/**
 * Record a class or interface declaration with the names of its heritage.
 *
 * @param node - A top-level statement or exported declaration.
 * @param into - Receives heritage names by type name.
 * @param declarations - Receives the declaration by type name.
 */
function addType(
  node: Statement,
  into: Map<string, readonly string[]>,
  declarations: Map<string, TypeDeclaration>,
): void {
  if (node.type === 'ClassDeclaration' && node.id) {
    into.set(node.id.name, classHeritage(node));
    declarations.set(node.id.name, node);
  } else if (node.type === 'TSInterfaceDeclaration') {
    declarations.set(node.id.name, node);
    into.set(
      node.id.name,
      node.extends.flatMap((h) => (h.expression.type === 'Identifier' ? [h.expression.name] : [])),
    );
  } else if (node.type === 'TSTypeAliasDeclaration') {
    // An object literal type is a type of its own; an alias of a union (or of one type) stands for the types it
    // names, which a member lookup follows like heritage (`PartialObserver<T> = NextObserver<T> | …`); an
    // intersection with object literal types declares their members and has its named parts as heritage.
    const type = node.typeAnnotation;
    if (aliasMembers(node) !== null) {
      into.set(node.id.name, []);
      declarations.set(node.id.name, node);
    }
    const members = type.type === 'TSUnionType' || type.type === 'TSIntersectionType' ? type.types : [type];
    const names = members.flatMap((m) =>
      m.type === 'TSTypeReference' && m.typeName.type === 'Identifier' ? [m.typeName.name] : [],
    );
    if (names.length > 0) into.set(node.id.name, names);
  }
}

/**
 * Names a class extends and implements, superclass first (plain identifiers only).
 *
 * @param cls - A class declaration or expression.
 * @returns The heritage names as written.
 */
export function classHeritage(cls: Class): string[] {
  const names: string[] = [];
  if (cls.superClass?.type === 'Identifier') names.push(cls.superClass.name);
  for (const implemented of cls.implements ?? []) {
    if (implemented.expression.type === 'Identifier') names.push(implemented.expression.name);
  }
  return names;
}

/**
 * Record function, class and function-valued variable declarations.
 *
 * @param node - A top-level statement or exported declaration.
 * @param into - Receives the callables by name.
 */
function addCallables(node: Statement | Declaration, into: Map<string, TopLevelCallable>): void {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
      if (node.id) into.set(node.id.name, { kind: 'function', methods: NO_METHODS });
      break;
    case 'ClassDeclaration':
      if (node.id) into.set(node.id.name, { kind: 'class', methods: classMethodNames(node.body.body) });
      break;
    case 'VariableDeclaration':
      for (const declarator of node.declarations) {
        if (declarator.id.type === 'Identifier' && isFunctionValue(declarator.init)) {
          into.set(declarator.id.name, { kind: 'function', methods: NO_METHODS });
        }
      }
      break;
    default:
      break;
  }
}

/**
 * Names of the callable members of a class body.
 *
 * @param members - The class body elements.
 * @returns Method, accessor and function-valued property names (`#x` for private names).
 */
export function classMethodNames(members: readonly ClassElement[]): ReadonlySet<string> {
  const names = new Set<string>();
  for (const member of members) {
    if (member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition') {
      const name = classMemberName(member);
      if (name !== null && member.kind !== 'constructor') names.add(name);
    } else if (member.type === 'PropertyDefinition' || member.type === 'AccessorProperty') {
      const name = classMemberName(member);
      if (name !== null && isFunctionValue(member.value)) names.add(name);
    }
  }
  return names;
}

/**
 * Text of an import or export name.
 *
 * @param name - An identifier or string literal (`a`, `"a-b"`).
 * @returns The name.
 */
function exportName(name: ModuleExportName): string {
  return name.type === 'Literal' ? String(name.value) : name.name;
}
