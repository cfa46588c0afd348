/**
 * Nodes as the `tree-sitter` binding hands them over, read without a JavaScript object per node. A native call that
 * returns nodes (a query's matches, a search by type) gives, per node, either the node's object (when one is alive
 * in the tree's cache) or its type id, with the node's six fields (its id and its context: start byte, start row,
 * start column, alias) in the binding's transfer buffer. The package's `index.js` turns each into a `SyntaxNode`
 * (a `BigInt` id, a cache lookup, a weak reference with a finalizer in the tree's cache) before anything is read,
 * and every later read of an index or a position is another native call. Here the fields are copied once and read
 * directly: start index, start row and type id cost nothing, the end index one native call, and a node becomes a
 * `SyntaxNode` only when asked (uncached: another read of the same node from the binding yields another object).
 * Issue 12 ledger, session 25: cobra's 70 KB `command_test.go` gave 3,956 captures, ~17 ms of CPU to turn into nodes.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';
import { syntaxNodeClass, treeSitterBinding, type SyntaxNodeClass, type TreeSitterBinding } from './grammar-loader.js';

type Node = Parser.SyntaxNode;

/** The fields the binding transfers per node. */
const FIELDS = 6;
/** The type id of an ERROR node (`ts_builtin_sym_error`), which has no entry in a language's node classes. */
const ERROR_TYPE_ID = 0xffff;

/** A node as a tree's language has it: its class per type id (`index.js`, `initializeLanguageNodeClasses`). */
interface TreeLanguage {
  readonly nodeSubclasses?: readonly (SyntaxNodeClass | undefined)[];
}

/** Node type names by type id, per language. */
const typeNames = new WeakMap<object, readonly (string | null | undefined)[]>();

/** A node's own fields, as `index.js` stores them on a `SyntaxNode` (indexes 0–5). */
type NodeFields = Record<number, number>;

/** Nodes returned by one native call. */
export class NativeNodes {
  private readonly fields: Uint32Array;
  private readonly typeIds: Int32Array;
  private readonly objects: (Node | undefined)[];

  /**
   * @param tree - The tree the nodes belong to.
   * @param binding - The binding.
   * @param returned - What the native call returned: per node its object or its type id (fields in the transfer
   *   buffer, in order).
   */
  constructor(
    private readonly tree: Parser.Tree,
    private readonly binding: TreeSitterBinding,
    returned: readonly (number | Node | null)[],
  ) {
    const count = returned.length;
    const transfer = binding.nodeTransferArray;
    this.fields = new Uint32Array(count * FIELDS);
    this.typeIds = new Int32Array(count);
    this.objects = new Array<Node | undefined>(count);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const value = returned[i];
      if (typeof value === 'number') {
        this.fields.set(transfer.subarray(offset, offset + FIELDS), i * FIELDS);
        this.typeIds[i] = value;
        offset += FIELDS;
      } else if (value !== null && value !== undefined) {
        const own = value as unknown as NodeFields;
        for (let k = 0; k < FIELDS; k++) this.fields[i * FIELDS + k] = own[k] as number;
        this.typeIds[i] = -1;
        this.objects[i] = value;
      } else {
        throw new Error('tree-sitter returned no node');
      }
    }
  }

  /** How many nodes. */
  get length(): number {
    return this.typeIds.length;
  }

  /**
   * A node's start index (UTF-16 code units: the binding parses UTF-16, its start byte is twice the index).
   *
   * @param i - The node's position in the call's result.
   * @returns `node.startIndex`.
   */
  start(i: number): number {
    return (this.fields[i * FIELDS + 2] as number) >>> 1;
  }

  /**
   * A node's start row.
   *
   * @param i - The node's position.
   * @returns `node.startPosition.row`.
   */
  row(i: number): number {
    return this.fields[i * FIELDS + 3] as number;
  }

  /**
   * A node's type id.
   *
   * @param i - The node's position.
   * @returns `node.typeId`.
   */
  typeId(i: number): number {
    const id = this.typeIds[i] as number;
    if (id >= 0) return id;
    const typeId = (this.objects[i] as Node).typeId;
    this.typeIds[i] = typeId;
    return typeId;
  }

  /**
   * A node's type (`node.type`).
   *
   * @param i - The node's position.
   * @returns The type name.
   */
  type(i: number): string {
    const typeId = this.typeId(i);
    return (typeId === ERROR_TYPE_ID ? undefined : this.names()?.[typeId]) ?? this.node(i).type;
  }

  /**
   * Whether a node is named (`node.isNamed`): a type the language names (its names table has no name for anonymous
   * and hidden symbols), read from the node for a type the table does not know (ERROR).
   *
   * @param i - The node's position.
   * @returns `node.isNamed`.
   */
  named(i: number): boolean {
    const typeId = this.typeId(i);
    const name = typeId === ERROR_TYPE_ID ? undefined : this.names()?.[typeId];
    return name === undefined ? this.node(i).isNamed : name !== null;
  }

  /**
   * All nodes as `SyntaxNode`s.
   *
   * @returns The nodes in order.
   */
  all(): Node[] {
    const nodes = new Array<Node>(this.length);
    for (let i = 0; i < nodes.length; i++) nodes[i] = this.node(i);
    return nodes;
  }

  private names(): readonly (string | null | undefined)[] | undefined {
    const language = (this.tree as unknown as { language?: object }).language;
    if (language === undefined) return undefined;
    let names = typeNames.get(language);
    if (names === undefined) {
      names = this.binding.getNodeTypeNamesById(language);
      typeNames.set(language, names);
    }
    return names;
  }

  /**
   * A node's end index (one native call).
   *
   * @param i - The node's position.
   * @returns `node.endIndex`.
   */
  end(i: number): number {
    const object = this.objects[i];
    if (object !== undefined) return object.endIndex;
    this.binding.nodeTransferArray.set(this.fields.subarray(i * FIELDS, i * FIELDS + FIELDS), 0);
    return this.binding.NodeMethods['endIndex']!(this.tree) as number;
  }

  /**
   * The node as a `SyntaxNode`, made on first use.
   *
   * @param i - The node's position.
   * @returns The node.
   */
  node(i: number): Node {
    let object = this.objects[i];
    if (object === undefined) {
      const typeId = this.typeIds[i] as number;
      const classes = (this.tree as unknown as { language?: TreeLanguage }).language?.nodeSubclasses;
      const NodeClass = (typeId === ERROR_TYPE_ID ? undefined : classes?.[typeId]) ?? syntaxNodeClass();
      const made = new NodeClass(this.tree);
      const own = made as unknown as NodeFields;
      for (let k = 0; k < FIELDS; k++) own[k] = this.fields[i * FIELDS + k] as number;
      this.objects[i] = made;
      object = made;
    }
    return object;
  }
}

/** A query as the package's `index.js` extends the binding's: the native call behind `matches`. */
interface NativeQuery {
  readonly _matches?: (tree: Parser.Tree, ...args: number[]) => [(number | string)[], (number | Node | null)[]];
  readonly predicates?: readonly (readonly unknown[])[];
}

/** A query's matches as the binding returns them. */
export interface NativeMatches {
  /** Per match its pattern index, then the names of its captures. */
  readonly matches: readonly (number | string)[];
  /** The captured nodes, in the order of the names. */
  readonly nodes: NativeNodes;
}

/**
 * A query's matches on a tree, read through the binding: what `query.matches(root)` returns, without its nodes.
 *
 * @param query - A compiled query without predicates (`#eq?` and the like are tested in JavaScript by the package).
 * @param root - The node to match under.
 * @returns The matches, or `null` when the binding is not the one this reads (the package's API then answers).
 */
export function nativeMatches(query: Parser.Query, root: Node): NativeMatches | null {
  const native = query as unknown as NativeQuery;
  if (typeof native._matches !== 'function' || native.predicates?.every((p) => p.length === 0) !== true) return null;
  const binding = treeSitterBinding();
  if (binding === null) return null;
  const own = root as unknown as NodeFields;
  const transfer = binding.nodeTransferArray;
  for (let k = 0; k < FIELDS; k++) transfer[k] = own[k] as number;
  const [matches, nodes] = native._matches.call(query, root.tree, 0, 0, 0, 0, 0, 0, 0xffffffff, 0xffffffff, 0);
  return { matches, nodes: new NativeNodes(root.tree, binding, nodes) };
}

/** The binding's node calls that return nodes. */
type NodeListCall = 'descendantsOfType' | 'childrenForFieldName' | 'namedChildren' | 'children';

/**
 * A node call that returns nodes, read through the binding: what `node.descendantsOfType(types)`,
 * `node.childrenForFieldName(field)`, `node.namedChildren` or `node.children` return, without their objects.
 *
 * @param node - The node.
 * @param call - The call.
 * @param args - Its arguments after the node (the types, the field name).
 * @returns The nodes, or `null` when the binding is not the one this reads.
 */
export function nativeNodeList(node: Node, call: NodeListCall, ...args: unknown[]): NativeNodes | null {
  const binding = treeSitterBinding();
  const method = binding?.NodeMethods[call];
  if (binding === null || typeof method !== 'function') return null;
  const own = node as unknown as NodeFields;
  const transfer = binding.nodeTransferArray;
  for (let k = 0; k < FIELDS; k++) transfer[k] = own[k] as number;
  const returned = method(node.tree, ...args) as (number | Node | null)[];
  return new NativeNodes(node.tree, binding, returned);
}

/** Nodes a node call returned, made at once, with their types. */
export interface TypedNodes {
  readonly nodes: Node[];
  /** Their types (`node.type`). */
  readonly types: string[];
  /** Whether each is named (`node.isNamed`). */
  readonly named: boolean[];
}

/**
 * A node call that returns a few nodes (a node's children), read through the binding: the nodes made at once from
 * the transferred fields (no typed array per call, no cache entry, no `BigInt` id), their types and named flags from
 * the language's names table.
 *
 * @param node - The node.
 * @param call - The call.
 * @param args - Its arguments after the node.
 * @returns The nodes, or `null` when the binding is not the one this reads.
 */
export function nativeChildren(node: Node, call: NodeListCall, ...args: unknown[]): TypedNodes | null {
  const binding = treeSitterBinding();
  const method = binding?.NodeMethods[call];
  if (binding === null || typeof method !== 'function') return null;
  const tree = node.tree;
  const own = node as unknown as NodeFields;
  let transfer = binding.nodeTransferArray;
  for (let k = 0; k < FIELDS; k++) transfer[k] = own[k] as number;
  const returned = method(tree, ...args) as (number | Node | null)[];
  transfer = binding.nodeTransferArray;
  const language = (tree as unknown as { language?: TreeLanguage & object }).language;
  let names = language === undefined ? undefined : typeNames.get(language);
  if (names === undefined && language !== undefined) {
    names = binding.getNodeTypeNamesById(language);
    typeNames.set(language, names);
  }
  const nodes: Node[] = [];
  const types: string[] = [];
  const named: boolean[] = [];
  let offset = 0;
  let cached = false;
  for (const value of returned) {
    if (typeof value !== 'number') {
      if (value === null) throw new Error('tree-sitter returned no node');
      // Read below: a getter marshals its node into the transfer buffer, over the fields not read yet.
      nodes.push(value);
      types.push('');
      named.push(false);
      cached = true;
      continue;
    }
    const NodeClass = (value === ERROR_TYPE_ID ? undefined : language?.nodeSubclasses?.[value]) ?? syntaxNodeClass();
    const made = new NodeClass(tree);
    const fields = made as unknown as NodeFields;
    for (let k = 0; k < FIELDS; k++) fields[k] = transfer[offset + k] as number;
    offset += FIELDS;
    nodes.push(made);
    const name = value === ERROR_TYPE_ID ? undefined : names?.[value];
    types.push(typeof name === 'string' ? name : '');
    named.push(name === undefined ? false : name !== null);
  }
  // What the table does not give is read from the nodes, now that every node's fields are copied: the type of an
  // anonymous node (its text), type and named flag of a cached object or an ERROR node.
  if (cached || types.includes('')) {
    for (let i = 0; i < returned.length; i++) {
      const value = returned[i];
      const name = typeof value === 'number' && value !== ERROR_TYPE_ID ? names?.[value] : undefined;
      if (typeof name === 'string') continue;
      const node = nodes[i] as Node;
      types[i] = node.type;
      if (name === undefined) named[i] = node.isNamed;
    }
  }
  return { nodes, types, named };
}
