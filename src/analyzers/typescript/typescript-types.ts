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
import type { ClassElement, Expression, ParamPattern, VariableDeclarator } from 'oxc-parser';
import { unwrapExpression } from './typescript-syntax.js';

/** `: Name`, optional generics, optionally `| undefined` / `| null`, then the end of the annotation. */
const ANNOTATION =
  /^\s*[?!]?\s*:\s*([A-Za-z_$][\w$]*)\s*(?:<[^;={}()]*?>)?\s*(?:\|\s*(?:undefined|null)\s*)*(?=[,)=;{}\n]|$)/;

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
  return ANNOTATION.exec(text.slice(nameEnd, nameEnd + 200))?.[1] ?? null;
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
 * Declared or constructed type of each field of a class body: annotated properties (`x: Foo`, `#x: Foo`),
 * properties initialised with `new Foo()`, and constructor parameter properties (`constructor(private x: Foo)`).
 *
 * @param text - The file text.
 * @param members - The class body.
 * @returns Type names by field name (`#x` for private names).
 */
export function fieldTypes(text: string, members: readonly ClassElement[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const member of members) {
    if (member.type === 'PropertyDefinition' && !member.computed) {
      const key = member.key;
      const name = key.type === 'Identifier' ? key.name : key.type === 'PrivateIdentifier' ? `#${key.name}` : null;
      if (name === null) continue;
      const type = annotationAt(text, key.end) ?? constructedTypeName(member.value);
      if (type !== null) fields.set(name, type);
    } else if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
      for (const param of member.value.params) {
        const isProperty =
          param.type === 'TSParameterProperty' ||
          PARAMETER_PROPERTY.test(text.slice(Math.max(0, param.start - 40), param.start));
        const typed = isProperty ? parameterType(text, param) : null;
        if (typed !== null) fields.set(typed.name, typed.type);
      }
    }
  }
  return fields;
}
