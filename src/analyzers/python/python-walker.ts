/**
 * The single pass over a Python syntax tree: one tree cursor, an explicit stack instead of recursion (deeply nested
 * expressions cannot overflow), node kinds compared as cached numbers. It opens and closes scopes, hands `def` and
 * `class` nodes to python-definitions.ts (symbols) and import statements to python-imports.ts (bindings), and
 * collects raw call sites and value uses; python-calls.ts resolves those afterwards, once every definition is known.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import type { SymbolRecord } from '../../core/model.js';
import {
  blockStart,
  decoratorName,
  defineLambda,
  defineSymbol,
  type DefinitionFacts,
  type OpenedDefinition,
} from './python-definitions.js';
import { fieldAt } from './python-cursor.js';
import { bindImport } from './python-imports.js';
import { packageSegments } from './python-module.js';
import { enclosingClassScope, type Scope } from './python-scope.js';

/** A name used in a scope: a callee or a callable used as a value, before resolution. */
export interface RawUse {
  readonly scope: Scope;
  /** Dotted name without whitespace. */
  readonly text: string;
  readonly line: number;
}

/** Everything the walk collects from one file. */
export interface WalkResult {
  /** Symbols in source order, the module first. */
  readonly symbols: SymbolRecord[];
  /** One entry per class and function, in symbol order. */
  readonly definitions: DefinitionFacts[];
  readonly calls: RawUse[];
  readonly values: RawUse[];
  /** Whether the module has at least one statement (comments do not count). */
  readonly hasStatements: boolean;
}

// Node kinds the walk distinguishes, cached per grammar type id.
const OTHER = 0;
const FUNCTION = 1;
const CLASS = 2;
const BLOCK = 3;
const LAMBDA = 4;
const CALL = 5;
const IDENTIFIER = 6;
const ATTRIBUTE = 7;
const IMPORT = 8;
const IMPORT_FROM = 9;
const OPAQUE = 10;
const RETURN = 11;
const YIELD = 12;
const NONE = 13;
const ARGUMENTS = 14;
const KEYWORD_ARGUMENT = 15;
const ASSIGNMENT = 16;
const COLLECTION = 17;
const PAIR = 18;
const COMMENT = 19;
const STRING = 20;
const DECORATED = 21;
const DECORATOR = 22;
/** Flag on a cached kind: nodes of this type have nothing inside worth visiting (tokens, names, numbers). */
const LEAF = 64;

const KIND_OF_TYPE: Readonly<Record<string, number>> = {
  function_definition: FUNCTION,
  class_definition: CLASS,
  block: BLOCK,
  lambda: LAMBDA,
  call: CALL,
  attribute: ATTRIBUTE,
  import_statement: IMPORT,
  import_from_statement: IMPORT_FROM,
  future_import_statement: OPAQUE,
  return_statement: RETURN,
  yield: YIELD,
  argument_list: ARGUMENTS,
  keyword_argument: KEYWORD_ARGUMENT,
  assignment: ASSIGNMENT,
  list: COLLECTION,
  tuple: COLLECTION,
  set: COLLECTION,
  expression_list: COLLECTION,
  pair: PAIR,
  comment: COMMENT | LEAF,
  string: STRING,
  decorated_definition: DECORATED,
  decorator: DECORATOR,
  identifier: IDENTIFIER | LEAF,
  integer: LEAF,
  float: LEAF,
  true: LEAF,
  false: LEAF,
  none: NONE | LEAF,
  ellipsis: LEAF,
  string_start: LEAF,
  string_end: LEAF,
  escape_sequence: LEAF,
  line_continuation: LEAF,
};

/** Kind per type id; ids are per grammar, and one grammar serves every file of the process. */
const kindById: number[] = [];

/** An identifier or attribute chain such as `np . linalg.norm`, possibly spread over lines inside brackets. */
const DOTTED = /^[\p{ID_Start}_][\p{ID_Continue}]*(?:\s*\.\s*[\p{ID_Start}_][\p{ID_Continue}]*)*$/u;

/** `super().name` as a callee (whitespace allowed around the dot). */
const SUPER_CALL = /^super\(\s*\)\s*\.\s*([\p{ID_Start}_][\p{ID_Continue}]*)$/u;

/**
 * An assignment's target (a name, `a, b`, or `self.attr`), optionally annotated, and the dotted callee when the value
 * is a call (`x = nx.Graph(…)`): group 1 the target, group 3 the callee.
 */
const ASSIGNED =
  /^((?:self\s*\.\s*)?[\p{ID_Start}_][\p{ID_Continue}]*(?:\s*,\s*[\p{ID_Start}_][\p{ID_Continue}]*)*)\s*(:[^=\n]*)?=(?!=)\s*(?:([\p{ID_Start}_][\p{ID_Continue}]*(?:\.[\p{ID_Start}_][\p{ID_Continue}]*)*)\s*\()?/u;

/** A module-level `name = lambda …` (optionally annotated): group 1 the name. */
const NAMED_LAMBDA = /^([\p{ID_Start}_][\p{ID_Continue}]*)\s*(?::[^=\n]*)?=\s*lambda\b/u;

function kindAt(cursor: Parser.TreeCursor): number {
  const id = cursor.nodeTypeId;
  let kind = kindById[id];
  if (kind === undefined) {
    // Anonymous nodes are tokens: never any children.
    kind = cursor.nodeIsNamed ? (KIND_OF_TYPE[cursor.nodeType] ?? OTHER) : LEAF;
    kindById[id] = kind;
  }
  return kind;
}

/**
 * Walk a parsed file.
 *
 * @param tree - Syntax tree without errors.
 * @param source - File content.
 * @param path - Repository-relative path (for relative imports).
 * @param module - Dotted module name.
 * @returns Symbols, definitions, raw uses.
 */
export function walkPython(tree: Parser.Tree, source: string, path: string, module: string): WalkResult {
  return new PythonWalk(tree, source, path, module).run();
}

class PythonWalk {
  private readonly symbols: SymbolRecord[] = [];
  private readonly definitions: DefinitionFacts[] = [];
  private readonly calls: RawUse[] = [];
  private readonly values: RawUse[] = [];
  /** Open scopes, innermost last, with the cursor depth of the node that opened each and its definition. */
  private readonly scopes: Scope[] = [];
  private readonly scopeDepths: number[] = [];
  private readonly scopeFacts: (DefinitionFacts | null)[] = [];
  /** Kind of each node on the current path, by depth. */
  private readonly kinds: number[] = [];
  /** Decorators read so far of the `decorated_definition` at each depth. */
  private readonly decorators: string[][] = [];
  /** A definition whose body block has not been reached yet (its parameters belong to the enclosing scope). */
  private pending: OpenedDefinition | null = null;
  /** A module-level `name = lambda …` whose lambda the walk is about to reach: its name and the assignment. */
  private namedLambda: {
    readonly name: string;
    readonly depth: number;
    readonly start: number;
    readonly line: number;
  } | null = null;
  private readonly packagePath: readonly string[];

  constructor(
    private readonly tree: Parser.Tree,
    private readonly source: string,
    path: string,
    private readonly module: string,
  ) {
    this.packagePath = packageSegments(path, module);
  }

  run(): WalkResult {
    const cursor = this.tree.walk();
    const end = cursor.endPosition;
    const start = blockStart(cursor, this.source);
    const lastLine = Math.max(1, end.row + (end.column > 0 ? 1 : 0));
    const name = this.module.slice(this.module.lastIndexOf('.') + 1);
    this.symbols.push({
      qualifiedName: this.module,
      name,
      kind: 'module',
      startLine: 1,
      endLine: lastLine,
      signature: `module ${name}`,
      docstring: start.docstring,
      exported: this.module.split('.').every((segment) => !segment.startsWith('_')),
    });
    const moduleScope: Scope = {
      parent: null,
      kind: 'module',
      symbolIndex: 0,
      qualifiedName: this.module,
      parameters: null,
      bindings: null,
    };
    this.push(moduleScope, -1, null);
    this.walk(cursor);
    return {
      symbols: this.symbols,
      definitions: this.definitions,
      calls: this.calls,
      values: this.values,
      hasStatements: start.hasStatement,
    };
  }

  private walk(cursor: Parser.TreeCursor): void {
    const kinds = this.kinds;
    let depth = 0;
    let isFirstChild = true;
    for (;;) {
      const cached = kindAt(cursor);
      const kind = cached & ~LEAF;
      kinds[depth] = kind;
      const parentKind = depth > 0 ? (kinds[depth - 1] ?? OTHER) : OTHER;
      let descend = (cached & LEAF) === 0;
      switch (kind) {
        case FUNCTION:
        case CLASS:
          this.openDefinition(
            cursor,
            kind === CLASS,
            parentKind === DECORATED ? this.decorators[depth - 1] : undefined,
          );
          break;
        case DECORATED:
          this.decorators[depth] = [];
          break;
        case DECORATOR:
          if (parentKind === DECORATED) {
            this.decorators[depth - 1]!.push(decoratorName(this.source.slice(cursor.startIndex, cursor.endIndex)));
          }
          break;
        case BLOCK:
          if (this.pending !== null && (parentKind === FUNCTION || parentKind === CLASS)) {
            this.push(this.pending.scope, depth, this.pending.facts);
            this.pending = null;
          }
          break;
        case LAMBDA: {
          const named = this.namedLambda;
          if (named !== null && parentKind === ASSIGNMENT && named.depth === depth - 1) {
            // `name = lambda …` at module level is a function, as `const name = () => …` is in TypeScript.
            this.namedLambda = null;
            const scope = defineLambda(cursor, named, this.current(), this.symbols, this.source);
            this.push(scope, depth, null);
            break;
          }
          const outer = this.current();
          const lambda: Scope = { ...outer, parent: outer, kind: 'lambda', parameters: null, bindings: null };
          this.push(lambda, depth, null);
          break;
        }
        case IDENTIFIER:
        case ATTRIBUTE:
          if (this.use(cursor, kind, parentKind, depth, isFirstChild)) descend = false;
          break;
        case IMPORT:
        case IMPORT_FROM:
          bindImport(this.current(), cursor, kind === IMPORT_FROM, this.packagePath, this.source);
          descend = false;
          break;
        case ASSIGNMENT: {
          const scopeKind = this.current().kind;
          if (scopeKind === 'function') this.assignment(cursor.startIndex, cursor.endIndex);
          else if (scopeKind === 'module') this.moduleAssignment(cursor, depth);
          break;
        }
        case OPAQUE:
          descend = false;
          break;
        case STRING:
          descend = this.isFormatString(cursor.startIndex);
          break;
        case YIELD: {
          const facts = this.scopeFacts[this.scopeFacts.length - 1];
          if (facts && this.current().kind === 'function') facts.yields = true;
          break;
        }
        default:
          break;
      }
      if (parentKind === RETURN && !isFirstChild && kind !== NONE && kind !== COMMENT) {
        const facts = this.scopeFacts[this.scopeFacts.length - 1];
        if (facts && this.current().kind === 'function') facts.returnsValue = true;
      }
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        isFirstChild = true;
        continue;
      }
      for (;;) {
        this.leave(depth);
        if (cursor.gotoNextSibling()) {
          isFirstChild = false;
          break;
        }
        if (!cursor.gotoParent()) return;
        depth--;
      }
    }
  }

  /**
   * Record an identifier or attribute chain as a callee or a value use.
   *
   * @param cursor - Cursor on the node.
   * @param kind - `IDENTIFIER` or `ATTRIBUTE`.
   * @param parentKind - Kind of the parent node.
   * @param depth - Cursor depth of the node.
   * @param first - Whether the node is its parent's first child (the callee of a call).
   * @returns `true` when the node is a plain dotted name (nothing inside it to visit), recorded or not.
   */
  private use(cursor: Parser.TreeCursor, kind: number, parentKind: number, depth: number, first: boolean): boolean {
    const isCallee = parentKind === CALL && first;
    if (!isCallee && !this.isValuePosition(cursor, parentKind, depth)) {
      // Nothing inside a plain dotted chain is recorded: two native calls for its text instead of visiting its nodes.
      return kind === ATTRIBUTE && DOTTED.test(this.source.slice(cursor.startIndex, cursor.endIndex));
    }
    let text = this.source.slice(cursor.startIndex, cursor.endIndex);
    if (kind === ATTRIBUTE) {
      if (!DOTTED.test(text)) {
        const parent = isCallee ? SUPER_CALL.exec(text) : null;
        if (parent === null) return false;
        // `super().m(…)`: recorded as one callee; the inner `super()` is visited as its own call.
        this.calls.push({ scope: this.current(), text: `super().${parent[1]}`, line: cursor.startPosition.row + 1 });
        return false;
      }
      if (/\s/.test(text)) text = text.replace(/\s+/g, '');
    }
    const use: RawUse = { scope: this.current(), text, line: cursor.startPosition.row + 1 };
    (isCallee ? this.calls : this.values).push(use);
    return true;
  }

  /**
   * Whether a string literal has an `f` prefix (only f-strings hold expressions worth visiting).
   *
   * @param start - Source index of the literal.
   * @returns `true` for f-strings.
   */
  private isFormatString(start: number): boolean {
    const source = this.source;
    for (let i = start; i < source.length; i++) {
      const code = source.charCodeAt(i) | 0x20; // lower-case ASCII letters
      if (code === 0x66) return true; // f
      if (code < 0x61 || code > 0x7a) return false; // the quote
    }
    return false;
  }

  /**
   * Whether the node is a call argument, keyword value, assignment right side, collection element or returned value.
   *
   * @param cursor - Cursor on the node.
   * @param parentKind - Kind of the parent node.
   * @param depth - Cursor depth of the node.
   * @returns `true` in a value position.
   */
  private isValuePosition(cursor: Parser.TreeCursor, parentKind: number, depth: number): boolean {
    const kinds = this.kinds;
    switch (parentKind) {
      case COLLECTION:
      case PAIR:
      case RETURN:
        return true;
      case ARGUMENTS:
        return kinds[depth - 2] === CALL;
      case KEYWORD_ARGUMENT:
        return kinds[depth - 3] === CALL && fieldAt(cursor) === 'value';
      case ASSIGNMENT:
        return fieldAt(cursor) === 'right';
      default:
        return false;
    }
  }

  /**
   * Emit the symbol of a `def` or `class`; its scope opens when the walk reaches the body block (the parameters'
   * defaults and annotations belong to the enclosing scope).
   *
   * @param cursor - Cursor on the definition node (left there).
   * @param isClass - Whether it is a class.
   * @param decorators - Its decorators, when it is a decorated definition.
   */
  private openDefinition(cursor: Parser.TreeCursor, isClass: boolean, decorators: readonly string[] | undefined): void {
    const opened = defineSymbol(
      cursor,
      this.tree,
      isClass,
      decorators ?? [],
      this.current(),
      this.symbols,
      this.source,
    );
    this.definitions.push(opened.facts);
    this.pending = opened;
  }

  /**
   * Remember what an assignment in a function binds: a local name (with the class it constructs, `x = Foo(…)`), or
   * a `self.attr = Foo(…)` field of the enclosing class. Read from the source text: asking tree-sitter for the
   * node and its fields costs more than the whole walk of a typical assignment.
   *
   * @param start - Source index of the `assignment` node.
   * @param end - Its end.
   */
  private assignment(start: number, end: number): void {
    const text = this.source.slice(start, Math.min(end, start + 160));
    const match = ASSIGNED.exec(text);
    if (match === null) return;
    const type =
      match[3] !== undefined && /^_?[A-Z]/.test(match[3].slice(match[3].lastIndexOf('.') + 1)) ? match[3] : null;
    const scope = this.current();
    const target = match[1]!.replace(/\s+/g, '');
    if (target.startsWith('self.')) {
      if (type !== null) enclosingClassScope(scope)?.fields?.set(target.slice(5), type);
      return;
    }
    scope.locals ??= new Map();
    const names = target.split(',');
    for (const name of names) if (name.length > 0) scope.locals.set(name, names.length === 1 ? type : null);
  }

  /**
   * Note a module-level `name = lambda …`: the lambda the walk meets next as this assignment's right side becomes
   * the function symbol `module.name`.
   *
   * @param cursor - Cursor on the `assignment` node.
   * @param depth - Cursor depth of the node.
   */
  private moduleAssignment(cursor: Parser.TreeCursor, depth: number): void {
    const start = cursor.startIndex;
    const match = NAMED_LAMBDA.exec(this.source.slice(start, Math.min(cursor.endIndex, start + 160)));
    this.namedLambda = match === null ? null : { name: match[1]!, depth, start, line: cursor.startPosition.row + 1 };
  }

  private current(): Scope {
    return this.scopes[this.scopes.length - 1] as Scope;
  }

  private push(scope: Scope, depth: number, facts: DefinitionFacts | null): void {
    this.scopes.push(scope);
    this.scopeDepths.push(depth);
    this.scopeFacts.push(facts);
  }

  /**
   * Close the scopes opened by nodes at `depth` or deeper: the cursor is leaving them.
   *
   * @param depth - Depth of the node being left.
   */
  private leave(depth: number): void {
    const depths = this.scopeDepths;
    while ((depths[depths.length - 1] ?? -1) >= depth) {
      depths.pop();
      this.scopes.pop();
      this.scopeFacts.pop();
    }
  }
}
