/**
 * Receiver types without a type checker: the class or interface name a binding is declared with (`x: Foo`,
 * `x?: Foo<T> | undefined`, `private readonly x: Foo`) or constructed from (`x = new Foo()`), as written. The call
 * rules turn the name into candidates for `x.method()`.
 *
 * The parser runs with `astType: 'js'` (type annotations left out of the AST, much less to deserialise), so an
 * annotation is read from the source text right after the bound name.
 *
 * @packageDocumentation
 */
import type { ClassElement, Expression, ParamPattern, PropertyKey, VariableDeclarator } from 'oxc-parser';
import { unwrapExpression, type AnyFunction } from './typescript-syntax.js';

/** `: Name` or `: ns.Name` (a type of a namespace import), optional generics, optionally `| undefined` / `| null`, then the end of the annotation. */
const ANNOTATION =
  /^\s*[?!]?\s*:\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*(?:<[^;={}()]*?>)?\s*(?:\|\s*(?:undefined|null)\s*)*(?=[,)=;{}\n]|$)/;

/** `: Partial<Foo<T>>` and the like: utility types that keep the members of the type they wrap. */
const WRAPPED_ANNOTATION =
  /^\s*[?!]?\s*:\s*(?:Partial|Readonly|Required|NonNullable)\s*<\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*(?:<[^;={}()]*?>)?\s*>\s*(?:\|\s*(?:undefined|null)\s*)*(?=[,)=;{}\n]|$)/;

/** Parameter property modifiers right before a constructor parameter. */
const PARAMETER_PROPERTY = /(?:public|private|protected|readonly|override)\s+$/;

/**
 * The single class or interface name annotated after a bound name.
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the name.
 * @returns The type name as written, or `null` for no annotation or anything but a plain (nullable) type name.
 */
export function annotationAt(text: string, nameEnd: number): string | null {
  const slice = text.slice(nameEnd, nameEnd + 200);
  return WRAPPED_ANNOTATION.exec(slice)?.[1] ?? ANNOTATION.exec(slice)?.[1] ?? null;
}

/** `: A<T> | B | undefined`: a union of plain type names (generics allowed), then the end of the annotation. */
const UNION_ANNOTATION =
  /^\s*[?!]?\s*:\s*\|?\s*([A-Za-z_$][\w$]*\s*(?:<[^;={}()|]*?>)?(?:\s*\|\s*[A-Za-z_$][\w$]*\s*(?:<[^;={}()|]*?>)?)+)\s*(?=[,)=;{}\n]|$)/;

/**
 * The type names of an inline union annotated after a bound name (`x: A | B`, `x?: A<T> | B | null`).
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the name.
 * @returns Two or more type names as written (`undefined` and `null` left out), or `null` for anything else.
 */
export function unionAt(text: string, nameEnd: number): string[] | null {
  const match = UNION_ANNOTATION.exec(text.slice(nameEnd, nameEnd + 200));
  if (match === null) return null;
  const names = match[1]!
    .split('|')
    .map((member) => /^\s*([A-Za-z_$][\w$]*)/.exec(member)![1]!)
    .filter((name) => name !== 'undefined' && name !== 'null');
  return names.length >= 2 ? names : null;
}

/** `: A<T> & B`: an intersection of plain type names, then the end of the annotation. */
const INTERSECTION_ANNOTATION =
  /^\s*:\s*([A-Za-z_$][\w$]*\s*(?:<[^;={}()&|]*?>)?(?:\s*&\s*[A-Za-z_$][\w$]*\s*(?:<[^;={}()&|]*?>)?)+)\s*(?=[,)=;{}\n]|$)/;

/**
 * The type names a binding is declared with: one (`x: Foo`) or the members of an intersection (`x: A & B`).
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the name.
 * @returns The type names as written, or `null`.
 */
export function declaredTypeNames(text: string, nameEnd: number): string[] | null {
  const single = annotationAt(text, nameEnd);
  if (single !== null) return [single];
  const match = INTERSECTION_ANNOTATION.exec(text.slice(nameEnd, nameEnd + 200));
  return match === null ? null : match[1]!.split('&').map((member) => /^\s*([A-Za-z_$][\w$]*)/.exec(member)![1]!);
}

/**
 * `: Foo[]`, `: readonly Foo<T>[]`, `: Array<Foo<T>>`, `: ReadonlyArray<Foo>` or `: Set<Foo>` / `: ReadonlySet<Foo>`
 * (a set's `forEach` and `for … of` give its elements too), optionally `| undefined` / `| null`.
 */
const ARRAY_ANNOTATION =
  /^\s*[?!]?\s*:\s*(?:readonly\s+)?(?:(?:Readonly)?(?:Array|Set)\s*<\s*([A-Za-z_$][\w$]*)\s*(?:<[^;={}()[\]]*?>)?\s*>|([A-Za-z_$][\w$]*)\s*(?:<[^;={}()[\]]*?>)?\s*\[\s*\])\s*(?:\|\s*(?:undefined|null)\s*)*(?=[,)=;{}\n]|$)/;

/**
 * The element type of an array annotated after a bound name (`x: Foo[]`, `x: Array<Foo<T>>`).
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the name.
 * @returns The element's class or interface name as written, or `null` for anything but an array of one plain name.
 */
export function arrayElementAt(text: string, nameEnd: number): string | null {
  const match = ARRAY_ANNOTATION.exec(text.slice(nameEnd, nameEnd + 200));
  return match === null ? null : (match[1] ?? match[2] ?? null);
}

/**
 * The element type of each array-typed field of a class body (`observers: Array<Observer>`, `#items: Item[]`).
 *
 * @param text - The file text.
 * @param members - The class body.
 * @returns Element type names by field name (`#x` for private names).
 */
export function fieldElementTypes(text: string, members: readonly ClassElement[]): Map<string, string> {
  const elements = new Map<string, string>();
  for (const member of members) {
    if (member.type !== 'PropertyDefinition' || member.computed) continue;
    const key = member.key;
    const name = key.type === 'Identifier' ? key.name : key.type === 'PrivateIdentifier' ? `#${key.name}` : null;
    const element = name === null ? null : arrayElementAt(text, key.end);
    if (element !== null) elements.set(name!, element);
  }
  return elements;
}

/** `: Map<`, `: ReadonlyMap<`, `: WeakMap<`, optionally after `undefined |` / `null |`. */
const MAP_ANNOTATION = /^\s*[?!]?\s*:\s*(?:(?:undefined|null)\s*\|\s*)*(?:Readonly|Weak)?Map\s*(?=<)/;

/** `new Map<`. */
const NEW_MAP = /^\s*new\s+(?:Weak)?Map\s*(?=<)/;

/**
 * The value types of each map-typed field of a class body (`data_: Map<K, Box<V>>`,
 * `values_ = new Map<K, A | B>()`): the types `this.f.get(k)` returns.
 *
 * @param text - The file text.
 * @param members - The class body.
 * @returns Value type names (one, or a union's members) by field name (`#x` for private names).
 */
export function fieldMapValueTypes(text: string, members: readonly ClassElement[]): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const member of members) {
    if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
      // `constructor(public values_ = new Map<K, V>())`: a parameter property with a constructed default.
      for (const param of member.value.params) {
        if (param.type !== 'AssignmentPattern' || param.left.type !== 'Identifier') continue;
        if (!PARAMETER_PROPERTY.test(text.slice(param.start, param.left.start))) continue;
        const constructed = NEW_MAP.exec(text.slice(param.right.start, param.right.start + 20));
        const types = constructed === null ? null : mapValueNames(text, param.right.start + constructed[0].length);
        if (types !== null) values.set(param.left.name, types);
      }
    }
    if (member.type !== 'PropertyDefinition' || member.computed) continue;
    const name = propertyKeyName(false, member.key);
    if (name === null) continue;
    const annotated = MAP_ANNOTATION.exec(text.slice(member.key.end, member.key.end + 200));
    const from = member.value?.start ?? 0;
    const constructed = annotated === null && member.value ? NEW_MAP.exec(text.slice(from, from + 20)) : null;
    const open =
      annotated !== null
        ? member.key.end + annotated[0].length
        : constructed !== null
          ? member.value!.start + constructed[0].length
          : -1;
    const types = open < 0 ? null : mapValueNames(text, open);
    if (types !== null) values.set(name, types);
  }
  return values;
}

/**
 * The value type of a map's type arguments (`<K, V>` at `open`): one plain name or a union of them.
 *
 * @param text - The file text.
 * @param open - Offset of the `<`.
 * @returns The value type names (`undefined` / `null` left out), or `null` for anything else.
 */
function mapValueNames(text: string, open: number): string[] | null {
  const close = closingBracket(text, open, true);
  if (close < 0 || close - open > 300) return null;
  let depth = 0;
  let comma = -1;
  for (let i = open + 1; i < close && comma < 0; i++) {
    const c = text[i];
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if ((c === '>' && text[i - 1] !== '=') || c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) comma = i;
  }
  if (comma < 0) return null;
  const names: string[] = [];
  for (const member of text.slice(comma + 1, close).split('|')) {
    const name = /^\s*([A-Za-z_$][\w$]*)\s*(?:<[^|]*>)?\s*$/.exec(member)?.[1];
    if (name === undefined) return null;
    if (name !== 'undefined' && name !== 'null') names.push(name);
  }
  return names.length === 0 ? null : names;
}

/**
 * The class a value constructs (`new Foo(…)`).
 *
 * @param value - An initialiser or assigned value.
 * @returns The class name as written, or `null`.
 */
export function constructedTypeName(value: Expression | null | undefined): string | null {
  if (!value) return null;
  const expr = unwrapExpression(value);
  return expr.type === 'NewExpression' && expr.callee.type === 'Identifier' ? expr.callee.name : null;
}

/**
 * The name and type of a parameter declared with a type (or a default `new Foo()`).
 *
 * @param text - The file text.
 * @param param - A parameter.
 * @returns Name and type name, or `null` when the parameter is a pattern or untyped.
 */
export function parameterType(text: string, param: ParamPattern): { name: string; type: string } | null {
  const binding = param.type === 'TSParameterProperty' ? param.parameter : param;
  if (binding.type === 'Identifier') {
    const type = annotationAt(text, binding.start + binding.name.length);
    return type === null ? null : { name: binding.name, type };
  }
  if (binding.type === 'AssignmentPattern' && binding.left.type === 'Identifier') {
    const left = binding.left;
    const type = annotationAt(text, left.start + left.name.length) ?? constructedTypeName(binding.right);
    return type === null ? null : { name: left.name, type };
  }
  return null;
}

/**
 * The type of a variable declared with a type or initialised with `new Foo()`.
 *
 * @param text - The file text.
 * @param declarator - One declarator.
 * @returns Name and type name, or `null`.
 */
export function variableType(text: string, declarator: VariableDeclarator): { name: string; type: string } | null {
  const id = declarator.id;
  if (id.type !== 'Identifier') return null;
  const type = annotationAt(text, id.start + id.name.length) ?? constructedTypeName(declarator.init);
  return type === null ? null : { name: id.name, type };
}

/**
 * The name a field or property is looked up by: `x`, `#x` for a private name, `[k]` for a key computed from a name
 * (`[$mobx]: Admin`, read back by `this[$mobx].m()`).
 *
 * @param computed - Whether the key is computed.
 * @param key - The key.
 * @returns The name, or `null` for other keys.
 */
export function propertyKeyName(computed: boolean, key: PropertyKey): string | null {
  if (computed) return key.type === 'Identifier' ? `[${key.name}]` : null;
  if (key.type === 'Identifier') return key.name;
  return key.type === 'PrivateIdentifier' ? `#${key.name}` : null;
}

/**
 * Offset right after a property's key, past the `]` closing a computed key (where its annotation starts).
 *
 * @param text - The file text.
 * @param computed - Whether the key is computed.
 * @param key - The key.
 * @returns The offset.
 */
export function keyEnd(text: string, computed: boolean, key: { end: number }): number {
  return computed ? text.indexOf(']', key.end) + 1 : key.end;
}

/**
 * Declared or constructed type of each field of a class body: annotated properties (`x: Foo`, `#x: Foo`),
 * properties initialised with `new Foo()`, and constructor parameter properties (`constructor(private x: Foo)`).
 *
 * @param text - The file text.
 * @param members - The class body.
 * @returns Type names by field name (`#x` for private names, `[k]` for keys computed from a name).
 */
export function fieldTypes(text: string, members: readonly ClassElement[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const member of members) {
    if (member.type === 'PropertyDefinition') {
      const key = member.key;
      const name = propertyKeyName(member.computed, key);
      if (name === null) continue;
      const type = annotationAt(text, keyEnd(text, member.computed, key)) ?? constructedTypeName(member.value);
      if (type !== null) fields.set(name, type);
    } else if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
      for (const param of member.value.params) {
        // The modifiers precede a plain parameter but open a defaulted one (`public x: Foo = …`).
        const before =
          param.type === 'AssignmentPattern'
            ? text.slice(param.start, param.left.start)
            : text.slice(Math.max(0, param.start - 40), param.start);
        const isProperty = param.type === 'TSParameterProperty' || PARAMETER_PROPERTY.test(before);
        const typed = isProperty ? parameterType(text, param) : null;
        if (typed !== null) fields.set(typed.name, typed.type);
      }
    }
  }
  return fields;
}

/**
 * Offset of the bracket closing the one at `open`, counting `()`, `[]` and `{}` (and `<>` when `angles` is set, an
 * arrow's `=>` excepted); `-1` when the text ends first.
 *
 * @param text - The file text.
 * @param open - Offset of an opening bracket.
 * @param angles - Whether `<` and `>` nest too (inside parameter lists: `Map<K, V>` holds a comma).
 * @returns Offset of the closing bracket, or `-1`.
 */
function closingBracket(text: string, open: number, angles = false): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{' || (angles && c === '<')) depth++;
    else if (c === ')' || c === ']' || c === '}' || (angles && c === '>' && text[i - 1] !== '=')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Start of a function type annotation (`: (`, `?: (`, `: <T>(`) or alias (`= (`). */
const FUNCTION_TYPE_START = /^\s*[?!]?\s*[:=]\s*(?=[(<])/;

/**
 * The parameter types of a parameter annotated with a function type, e.g.
 * `init: (source: Observable<T>, sink: Subscriber<R>) => void` gives `['Observable', 'Subscriber']`. A `this`
 * parameter is no position; a position
 * whose type is not one plain (nullable) name holds `null`.
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the parameter's name.
 * @returns Type names by position, or `null` when the annotation is not a function type.
 */
export function callbackParameterTypes(text: string, nameEnd: number): (string | null)[] | null {
  const head = FUNCTION_TYPE_START.exec(text.slice(nameEnd, nameEnd + 200));
  if (head === null) return null;
  let open = nameEnd + head[0].length;
  // A generic function type (`<T = any>(…) => …`): its type parameters come first.
  if (text[open] === '<') {
    const angle = closingBracket(text, open, true);
    open = angle < 0 ? -1 : text.slice(0, open + 200).indexOf('(', angle);
  }
  if (open < 0 || text[open] !== '(') return null;
  const close = closingBracket(text, open);
  if (close < 0 || !/^\s*=>/.test(text.slice(close + 1, close + 12))) return null;
  const pieces: string[] = [];
  let from = open + 1;
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && text[i - 1] !== '=')) depth--;
    else if (c === ',' && depth === 0) {
      pieces.push(text.slice(from, i));
      from = i + 1;
    }
  }
  pieces.push(text.slice(from, close));
  const types: (string | null)[] = [];
  for (const piece of pieces) {
    const name = /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(piece);
    if (name === null) continue;
    if (name[1] === 'this') continue;
    types.push(annotationAt(piece, name[0].length));
  }
  return types;
}

/** One type name with optional generics, then the end of the annotation (a body, a default, a list, a line end). */
const GUARD_TYPE = String.raw`([A-Za-z_$][\w$]*)\s*(?:<[^;={}()]*?>)?(?=[ \t]*(?:[{;,)=\n]|$))`;

/** `: x is Foo<T>` right after a parameter list (a function declaration's type predicate). */
const RETURN_PREDICATE = new RegExp(String.raw`^\s*:\s*([A-Za-z_$][\w$]*)\s+is\s+${GUARD_TYPE}`);

/** `=> x is Foo<T>` after a function type's parameter list. */
const ARROW_PREDICATE = new RegExp(String.raw`^\s*=>\s*([A-Za-z_$][\w$]*)\s+is\s+${GUARD_TYPE}`);

/** The first parameter's name in a parameter list's text (a `this` parameter is skipped). */
const FIRST_PARAMETER = /^\s*(?:this\s*:[^,]*,\s*)?(?:\.\.\.)?([A-Za-z_$][\w$]*)/;

/**
 * The type a function type written at `open` (`(thing: any) => thing is Foo<T>`) narrows its first parameter to.
 *
 * @param text - The file text (or a slice of it).
 * @param open - Offset of the `(` opening the function type's parameter list.
 * @returns The type name as written, or `null` when the text is no type predicate on the first parameter.
 */
export function functionTypeGuard(text: string, open: number): string | null {
  if (text[open] !== '(') return null;
  const close = closingBracket(text, open);
  if (close < 0) return null;
  const first = FIRST_PARAMETER.exec(text.slice(open + 1, close))?.[1];
  const predicate = ARROW_PREDICATE.exec(text.slice(close + 1, close + 200));
  return predicate !== null && predicate[1] === first ? predicate[2]! : null;
}

/** Start of a function type annotation on a variable (`: (`). */
const FUNCTION_ANNOTATION = /^\s*:\s*\(/;

/**
 * The type a variable annotated with a function type predicate (`isFoo: (x: any) => x is Foo`) narrows its first
 * argument to.
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the variable's name.
 * @returns The type name as written, or `null`.
 */
export function annotatedGuard(text: string, nameEnd: number): string | null {
  const head = FUNCTION_ANNOTATION.exec(text.slice(nameEnd, nameEnd + 40));
  return head === null ? null : functionTypeGuard(text, nameEnd + head[0].length - 1);
}

/**
 * The type a predicate-typed variable narrows its first argument to: annotated
 * (`const isFoo: (x: any) => x is Foo = …`) or cast (`var isFoo = make(…) as (x: any) => x is Foo`).
 *
 * @param text - The file text.
 * @param declarator - A declarator whose id is an identifier.
 * @returns The type name as written, or `null`.
 */
export function valueGuard(text: string, declarator: VariableDeclarator): string | null {
  const id = declarator.id as { name: string; start: number };
  const annotated = annotatedGuard(text, id.start + id.name.length);
  if (annotated !== null) return annotated;
  const init = declarator.init;
  if (init?.type !== 'TSAsExpression' || init.typeAnnotation.type !== 'TSFunctionType') return null;
  return functionTypeGuard(text.slice(0, init.end), init.typeAnnotation.start);
}

/** `: Promise<Name…>` — a promised class or interface name. */
const PROMISED = /^\s*:\s*Promise\s*<\s*([A-Za-z_$][\w$]*)\s*(?:<[^;={}()]*?>)?\s*(?:\|\s*(?:undefined|null)\s*)*>/;

/**
 * The class or interface names a function declares as its return type (`): Foo<T> {`, `): Foo =>`), for a
 * `Promise<Foo>` as the promised type, for an array (`): Array<Foo>`, `): Foo[]`) as the element type, and for a type
 * predicate on the first parameter (`(x): x is Foo`) as the type it narrows that parameter to.
 *
 * @param text - The file text.
 * @param paramsOpen - Offset of the `(` opening the parameter list.
 * @param end - Offset of the body (or the end of a body-less signature).
 * @returns The type names as written (`null` where none).
 */
export function returnTypeNames(
  text: string,
  paramsOpen: number,
  end: number,
): { returned: string | null; promised: string | null; elements: string | null; guarded: string | null } {
  const close = text[paramsOpen] === '(' ? closingBracket(text, paramsOpen) : -1;
  if (close < 0 || close >= end) return { returned: null, promised: null, elements: null, guarded: null };
  const tail = text.slice(close + 1, Math.min(end, close + 200));
  const predicate = RETURN_PREDICATE.exec(tail);
  const first = predicate === null ? undefined : FIRST_PARAMETER.exec(text.slice(paramsOpen + 1, close))?.[1];
  return {
    returned: annotationAt(tail, 0),
    promised: PROMISED.exec(tail)?.[1] ?? null,
    elements: arrayElementAt(tail, 0),
    guarded: predicate !== null && predicate[1] === first ? predicate[2]! : null,
  };
}

/**
 * Whether the annotation after a property name is a function type (`onCancel?: (error: E) => void`).
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the property's name.
 * @returns `true` for a function type annotation.
 */
export function isFunctionTypeAnnotation(text: string, nameEnd: number): boolean {
  return callbackParameterTypes(text, nameEnd) !== null;
}

/**
 * Whether a type alias is a function type (`type F<T = unknown> = (x: T) => void`).
 *
 * @param text - The file text.
 * @param nameEnd - Offset right after the alias's name.
 * @returns `true` for a function type.
 */
export function isFunctionTypeAlias(text: string, nameEnd: number): boolean {
  let at = nameEnd;
  while (/\s/.test(text[at] ?? '')) at++;
  if (text[at] === '<') at = closingBracket(text, at, true) + 1;
  return at > 0 && isFunctionTypeAnnotation(text, at);
}

/**
 * Offset of the `(` opening a function's parameter list (an arrow without parentheses has none that closes before
 * its body, which {@link returnTypeNames} checks).
 *
 * @param text - The file text.
 * @param fn - The function.
 * @returns The offset, or `-1`.
 */
export function paramsOpen(text: string, fn: AnyFunction): number {
  const first = fn.params[0];
  return first === undefined ? text.indexOf('(', fn.id?.end ?? fn.start) : text.lastIndexOf('(', first.start);
}

/**
 * The type a function declares for `this` (`function (this: SchedulerAction<T>, state) { … }`); the parser leaves
 * the `this` parameter out of the parameter list, so it is read from the text.
 *
 * @param text - The file text.
 * @param fn - A function (an arrow function has no `this` parameter).
 * @returns The type name as written, or `null`.
 */
export function thisParameterType(text: string, fn: AnyFunction): string | null {
  if (fn.type === 'ArrowFunctionExpression') return null;
  const open = paramsOpen(text, fn);
  if (open < 0) return null;
  const head = /^\s*this(?=\s*:)/.exec(text.slice(open + 1, open + 40));
  return head === null ? null : annotationAt(text, open + 1 + head[0].length);
}

/** `<Name>` or `<ns.Name<…>>` right after a callee, before the call's `(`: one explicit type argument. */
const TYPE_ARGUMENT = /^<\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*(?:<[^;={}()]*?>)?\s*>\s*\(/;

/**
 * The one explicit type argument of a call (`core.$constructor<ZodType>(…)`, `derived<T>(…)`), read from the text
 * after the callee (the `js` AST shape has no type arguments).
 *
 * @param text - The file text.
 * @param calleeEnd - Offset right after the callee.
 * @returns The type name as written, or `null` for none, several or anything but a (qualified) type name.
 */
export function typeArgumentAt(text: string, calleeEnd: number): string | null {
  if (text[calleeEnd] !== '<') return null;
  return TYPE_ARGUMENT.exec(text.slice(calleeEnd, calleeEnd + 200))?.[1] ?? null;
}
