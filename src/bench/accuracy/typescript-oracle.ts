/**
 * The TypeScript oracle: the compiler's own type checker over every call site inside a function body of a corpus.
 * For each call it reports which in-corpus definitions the checker resolves the callee to, following import
 * aliases and re-exports, class hierarchies and declared types — the ground truth codira's edges are scored
 * against.
 *
 * `typescript` is loaded lazily: only a campaign with accuracy measurements pays for it.
 *
 * @packageDocumentation
 */
import { join, relative, sep } from 'node:path';
import type * as TS from 'typescript';
import type TsApiValue from 'typescript';
import type { CallKind, OracleSite, OracleTarget } from './oracle-site.js';

/** The compiler API as the lazy import returns it. */
type TsApi = typeof TsApiValue;

/**
 * Run the type checker over a corpus and report every call site inside a function body.
 *
 * @param root - Corpus root (absolute).
 * @param paths - Repository-relative paths of the sources to load (the files codira indexed), sorted.
 * @returns One site per call, `new` and `super(...)` expression, in file and position order.
 */
export async function typescriptOracle(root: string, paths: readonly string[]): Promise<OracleSite[]> {
  const ts = (await import('typescript')).default;
  const files = paths.map((path) => join(root, path));
  if (files.length === 0) return [];
  const program = ts.createProgram(files, {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve,
    strict: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const inCorpus = new Set(files.map((f) => f.split(sep).join('/')));
  const rel = (file: string): string => relative(root, file).split(sep).join('/');
  const sites: OracleSite[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) continue;
    const visit = (node: TS.Node, inFunction: boolean): void => {
      if (inFunction && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
        sites.push(describeCall(ts, checker, node, source, inCorpus, rel));
      }
      const nested = inFunction || ts.isFunctionLike(node);
      ts.forEachChild(node, (child) => visit(child, nested));
    };
    visit(source, false);
  }
  return sites;
}

// One call as an oracle site: its text, kind and the in-corpus definitions the checker resolves it to.
function describeCall(
  ts: TsApi,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
  source: TS.SourceFile,
  inCorpus: ReadonlySet<string>,
  rel: (file: string) => string,
): OracleSite {
  const callee = skipOuter(ts, call.expression);
  const line = source.getLineAndCharacterOfPosition(call.getStart(source)).line + 1;
  const path = rel(source.fileName);
  const text = calleeText(ts, callee);
  let declarations: readonly TS.Declaration[] = [];
  let reachedThroughAlias: TS.Symbol | null = null;
  if (callee.kind === ts.SyntaxKind.SuperKeyword) {
    const parent = checker.getTypeAtLocation(callee).getSymbol();
    declarations = parent?.declarations ?? [];
  } else {
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = checker.getSymbolAtLocation(nameNode);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) {
      reachedThroughAlias = symbol;
      symbol = checker.getAliasedSymbol(symbol);
    }
    declarations = symbol?.declarations ?? [];
    if (ts.isNewExpression(call) && symbol !== undefined && !(symbol.flags & ts.SymbolFlags.Class)) {
      // `new X()` where X is a variable of a constructor type: the checker's signature names the class.
      const signature = checker.getResolvedSignature(call);
      const declared = signature?.getDeclaration();
      if (declared !== undefined && ts.isConstructorDeclaration(declared)) declarations = [declared.parent];
    }
  }
  const resolved = declarations.filter((d) => d.getSourceFile() !== undefined);
  const corpusDeclarations = resolved.filter((d) => inCorpus.has(d.getSourceFile().fileName));
  const targets = uniqueTargets(corpusDeclarations.flatMap((d) => targetOf(ts, d, rel)));
  const status = targets.length > 0 ? 'resolved' : resolved.length > 0 ? 'external' : 'unknown';
  const kind = classify(ts, checker, call, callee, corpusDeclarations, reachedThroughAlias);
  return { path, line, text, kind, status, targets };
}

function skipOuter(ts: TsApi, expr: TS.Expression): TS.Expression {
  let current = expr;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isExpressionWithTypeArguments(current)
  ) {
    current = current.expression;
  }
  return current;
}

// The callee as codira writes it: a dotted chain of names, `this` and `super`, or `null`. A member of a call result
// is written with `()` after each call, `new C()` for a construction and `(await …)` around an awaited value
// (`innerFrom().subscribe`), the way codira records such calls (`resultChainText` in typescript-calls.ts). An element
// access by a name inside the chain is written `[name]` (`this[$mobx].get_`, `computedChain` in typescript-calls.ts).
function calleeText(ts: TsApi, callee: TS.Expression): string | null {
  const parts: string[] = [];
  let current: TS.Expression = callee;
  while (
    ts.isPropertyAccessExpression(current) ||
    (parts.length > 0 && ts.isElementAccessExpression(current) && ts.isIdentifier(current.argumentExpression))
  ) {
    parts.push(
      ts.isPropertyAccessExpression(current)
        ? current.name.text
        : `[${(current.argumentExpression as TS.Identifier).text}]`,
    );
    current = skipOuter(ts, current.expression);
  }
  if (ts.isIdentifier(current)) parts.push(current.text);
  else if (current.kind === ts.SyntaxKind.ThisKeyword) parts.push('this');
  else if (current.kind === ts.SyntaxKind.SuperKeyword) parts.push('super');
  else if (parts.length === 0) return null;
  else {
    const base = resultText(ts, current);
    if (base === null) return null;
    parts.push(base);
  }
  return parts.reverse().join('.').replaceAll('.[', '[');
}

// The text of a call result a member is read from: `f()`, `a.b()`, `new C()`, `(await f())`; `null` otherwise.
function resultText(ts: TsApi, expr: TS.Expression): string | null {
  if (ts.isCallExpression(expr)) {
    const inner = calleeOrResult(ts, skipOuter(ts, expr.expression));
    return inner === null ? null : `${inner}()`;
  }
  if (ts.isNewExpression(expr)) {
    const inner = calleeOrResult(ts, skipOuter(ts, expr.expression));
    return inner === null || inner.includes('(') ? null : `new ${inner}()`;
  }
  if (ts.isAwaitExpression(expr)) {
    const inner = resultText(ts, skipOuter(ts, expr.expression));
    return inner === null ? null : `(await ${inner})`;
  }
  return null;
}

// A name chain or a chain through call results (a call's callee, which may itself be a call result).
function calleeOrResult(ts: TsApi, expr: TS.Expression): string | null {
  return calleeText(ts, expr) ?? resultText(ts, expr);
}

// The definition a declaration stands for, when it is a kind of definition a call graph should have as a node:
// functions (any depth), classes, methods and method signatures, class and interface properties, and variables
// declared outside function bodies. Parameters, locals and object-literal members are not definitions of the code
// base's API, so a call to them has no in-corpus target.
function targetOf(ts: TsApi, declaration: TS.Declaration, rel: (file: string) => string): OracleTarget[] {
  let node: TS.Node = declaration;
  if (ts.isConstructorDeclaration(node)) node = node.parent;
  const named =
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isMethodSignature(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isPropertySignature(node) ||
    ts.isInterfaceDeclaration(node) ||
    (ts.isVariableDeclaration(node) && !insideFunction(ts, node));
  if (!named) return [];
  const name = (node as TS.NamedDeclaration).name;
  if (name === undefined || !(ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))) {
    return [];
  }
  const source = node.getSourceFile();
  const line = source.getLineAndCharacterOfPosition(name.getStart(source)).line + 1;
  return [{ path: rel(source.fileName), line, name: name.text }];
}

function insideFunction(ts: TsApi, node: TS.Node): boolean {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isFunctionLike(current)) return true;
    if (ts.isSourceFile(current) || ts.isModuleBlock(current)) return false;
  }
  return false;
}

function uniqueTargets(targets: readonly OracleTarget[]): OracleTarget[] {
  const seen = new Map<string, OracleTarget>();
  for (const t of targets) seen.set(`${t.path}:${t.line}:${t.name}`, t);
  return [...seen.values()];
}

// The call's kind, from its syntax and what it resolved to.
function classify(
  ts: TsApi,
  checker: TS.TypeChecker,
  call: TS.CallExpression | TS.NewExpression,
  callee: TS.Expression,
  declarations: readonly TS.Declaration[],
  alias: TS.Symbol | null,
): CallKind {
  if (callee.kind === ts.SyntaxKind.SuperKeyword) return 'super';
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.SuperKeyword) return 'super';
  const first = declarations[0];
  const definesClass = first !== undefined && (ts.isClassDeclaration(first) || ts.isConstructorDeclaration(first));
  if (ts.isNewExpression(call) || definesClass) return 'constructor';
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return 'this-method';
  }
  if (first !== undefined && ts.isVariableDeclaration(first)) return 'constant';
  if (alias !== null && first !== undefined && reExported(ts, checker, alias, first)) return 're-export';
  const isMember =
    first !== undefined &&
    (ts.isMethodDeclaration(first) ||
      ts.isMethodSignature(first) ||
      ts.isPropertyDeclaration(first) ||
      ts.isPropertySignature(first));
  if (ts.isPropertyAccessExpression(callee) && (isMember || first === undefined)) return 'object-method';
  return 'function';
}

// Whether an imported name is defined in another module than the one its import names.
function reExported(ts: TsApi, checker: TS.TypeChecker, alias: TS.Symbol, target: TS.Declaration): boolean {
  const declaration = alias.declarations?.[0];
  if (declaration === undefined) return false;
  let statement: TS.Node | undefined = declaration;
  while (statement !== undefined && !ts.isImportDeclaration(statement)) statement = statement.parent;
  if (statement === undefined || !ts.isImportDeclaration(statement)) return false;
  const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
  const file = module?.valueDeclaration?.getSourceFile().fileName;
  return file !== undefined && file !== target.getSourceFile().fileName;
}
