/**
 * Classes in the declaration pass: a named class becomes a symbol whose members (methods with their overloads,
 * function-valued properties, accessors) become method symbols, with the class as owner and as `this` inside their
 * bodies. Class expressions make no symbols and are walked by typescript-walker.ts.
 *
 * @packageDocumentation
 */
import type { Class, ClassElement, MethodDefinition } from 'oxc-parser';
import { settleAccessorPairs, type AuditSubject } from './typescript-audit.js';
import { classHeritage, classMethodNames } from './typescript-bindings.js';
import type { ClassContext } from './typescript-calls.js';
import { DefinitionWalker, type ClassDecl } from './typescript-definitions.js';
import { classMemberName, functionValue, isNonPublicMember } from './typescript-syntax.js';
import { fieldElementTypes, fieldMapValueTypes, fieldTypes } from './typescript-types.js';

/**
 * Index of the last member of the method group starting at `first`: a method and its overload signatures (same name,
 * staticness and kind, up to the one with a body). A method with a computed name is a group of one.
 *
 * @param members - The class body.
 * @param first - Index of a method.
 * @returns Index of the group's last member.
 */
function methodGroupEnd(members: readonly ClassElement[], first: number): number {
  const member = members[first] as MethodDefinition;
  const name = classMemberName(member);
  if (name === null) return first;
  let current = member;
  let last = first;
  while (current.value.body === null && last + 1 < members.length) {
    const next = members[last + 1] as ClassElement;
    if (next.type !== 'MethodDefinition' && next.type !== 'TSAbstractMethodDefinition') break;
    if (classMemberName(next) !== name || next.static !== member.static || next.kind !== member.kind) break;
    current = next;
    last++;
  }
  return last;
}

/** Emits class and member symbols; the subclass supplies the statement and expression walk. */
export abstract class ClassWalker extends DefinitionWalker {
  /**
   * Emit a class symbol, then its members (scheduled after the decorators' visits).
   *
   * @param decl - The class facts.
   */
  protected classSymbol(decl: ClassDecl): void {
    // Decorators are visited before the class symbol exists (their calls belong to the enclosing owner).
    for (const decorator of decl.cls.decorators) this.visit(decorator.expression);
    this.run(() => this.classBody(decl));
  }

  /**
   * The class symbol and its members, after its decorators.
   *
   * @param decl - The class facts.
   */
  private classBody(decl: ClassDecl): void {
    const { cls, outerStart } = decl;
    const doc = this.docs.before(Math.min(outerStart, cls.decorators[0]?.start ?? outerStart));
    const { holeFrom, holeTo } = this.decoratorHole(outerStart, cls.decorators);
    const heritage = classHeritage(cls);
    const fields = this.withInheritedFields(heritage, fieldTypes(this.source.text, cls.body.body));
    const index = this.pushSymbol({
      name: decl.name,
      qualified: decl.qualified,
      kind: 'class',
      start: this.declarationStart(outerStart, cls.decorators),
      end: cls.end,
      signature: this.source.header(outerStart, cls.body.start, holeFrom, holeTo),
      doc,
      exported: decl.exported,
      slotTypes: this.typeSlots(heritage, fields),
    });
    this.subjects.push({ symbolIndex: index, requiredAs: decl.exported ? 'exported class' : null, doc, fn: null });
    const savedOwner = this.owner;
    const savedThis = this.thisClass;
    this.owner = index;
    const context: ClassContext = {
      qualified: decl.qualified,
      methods: decl.methods ?? classMethodNames(cls.body.body),
      heritage,
      fields,
      elements: fieldElementTypes(this.source.text, cls.body.body),
      mapValues: fieldMapValueTypes(this.source.text, cls.body.body),
    };
    this.thisClass = context;
    if (cls.superClass) this.visit(cls.superClass);
    this.walkClassMembers(cls.body.body, context, decl.exported);
    this.run(() => {
      this.owner = savedOwner;
      this.thisClass = savedThis;
    });
  }

  /**
   * Members of a named class, with the class as owner and `this`: methods (overloads grouped), function-valued
   * properties, static blocks.
   *
   * @param members - The class body.
   * @param context - The class as `this`.
   * @param classExported - Whether the class is exported.
   */
  private walkClassMembers(members: readonly ClassElement[], context: ClassContext, classExported: boolean): void {
    const accessors = new Map<string, AuditSubject[]>();
    for (let i = 0; i < members.length; i++) {
      const member = members[i] as ClassElement;
      switch (member.type) {
        case 'MethodDefinition':
        case 'TSAbstractMethodDefinition': {
          const impl = members[methodGroupEnd(members, i)] as MethodDefinition;
          const name = classMemberName(impl);
          const key =
            name !== null && (impl.kind === 'get' || impl.kind === 'set')
              ? `${impl.static ? 'static ' : ''}${name}`
              : null;
          // An accessor's own audit subject (not whatever its body's walk adds after it) joins its property's pair.
          const onSubject = (subject: AuditSubject): void => {
            if (key !== null) accessors.set(key, [...(accessors.get(key) ?? []), subject]);
          };
          i = this.methodGroup(members, i, context, classExported, onSubject);
          break;
        }
        case 'PropertyDefinition':
        case 'AccessorProperty': {
          const name = classMemberName(member);
          const fn = functionValue(member.value);
          this.visitMemberHead(member);
          if (name !== null && fn === null && this.isCallableProperty(member.key.end)) {
            // A field declared with a function type (`#cleanup?: () => void`) is called like a method.
            this.pushSymbol({
              name,
              qualified: `${context.qualified}.${name}`,
              kind: 'method',
              start: member.start,
              end: member.end,
              signature: this.source.header(member.start, member.value?.start ?? member.end),
              doc: this.docs.before(member.start),
              exported: classExported && !isNonPublicMember(this.source.text, member),
            });
          }
          if (name === null || fn === null) {
            this.visitValue(member.value);
            break;
          }
          const exported = classExported && !isNonPublicMember(this.source.text, member);
          this.run(() =>
            this.functionSymbol({
              name,
              qualified: `${context.qualified}.${name}`,
              kind: 'method',
              fn,
              outerStart: member.start,
              end: member.end,
              decorators: member.decorators,
              doc: this.docs.before(member.start),
              docParams: fn.params,
              exported,
              requiredAs: exported ? 'public method' : null,
              checkReturns: true,
              thisClass: fn.type === 'ArrowFunctionExpression' ? context : null,
            }),
          );
          break;
        }
        case 'StaticBlock':
          this.visitStatements(member.body);
          break;
        default:
          break;
      }
    }
    this.run(() => settleAccessorPairs(accessors.values()));
  }

  /**
   * Emit one method symbol for a method and its overload signatures (same name, staticness and kind, up to the one
   * with a body). Methods with computed names are walked without a symbol.
   *
   * @param members - The class body.
   * @param first - Index of the first member of the group.
   * @param context - The class as `this`.
   * @param classExported - Whether the class is exported.
   * @param onSubject - Receives the method's audit subject once its symbol exists.
   * @returns Index of the group's last member.
   */
  private methodGroup(
    members: readonly ClassElement[],
    first: number,
    context: ClassContext,
    classExported: boolean,
    onSubject: (subject: AuditSubject) => void,
  ): number {
    const member = members[first] as MethodDefinition;
    const name = classMemberName(member);
    this.visitMemberHead(member);
    if (name === null) {
      this.run(() => this.walkFunction(member.value, this.owner, { returnsValue: false }, context));
      return first;
    }
    const last = methodGroupEnd(members, first);
    const group = members.slice(first, last + 1) as MethodDefinition[];
    const impl = group.at(-1) as MethodDefinition;
    const { doc, params: docParams } = this.docs.overloaded(
      { start: impl.start, params: impl.value.params },
      group.slice(0, -1).map((signature) => ({ start: signature.start, params: signature.value.params })),
    );
    const exported = classExported && !isNonPublicMember(this.source.text, impl);
    this.run(() => {
      this.functionSymbol({
        name,
        qualified: `${context.qualified}.${name}`,
        kind: 'method',
        fn: impl.value,
        outerStart: impl.start,
        end: impl.end,
        decorators: impl.decorators,
        doc,
        docParams,
        exported,
        requiredAs: exported && impl.kind !== 'constructor' ? 'public method' : null,
        checkReturns: impl.kind === 'method',
        thisClass: context,
      });
      onSubject(this.subjects.at(-1) as AuditSubject); // the walk of the body is scheduled, not done yet
    });
    return last;
  }

  /**
   * A class declaration inside a body: a symbol qualified by the enclosing symbol, never exported.
   *
   * @param node - The declaration.
   */
  protected nestedClass(node: Class): void {
    const name = node.id?.name ?? 'default';
    const qualified = `${this.ownerName()}.${name}`;
    this.bindLocalDeclaration(name, qualified);
    this.classSymbol({
      cls: node,
      name,
      qualified,
      outerStart: node.start,
      exported: false,
    });
  }
}
