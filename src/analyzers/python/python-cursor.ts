/**
 * Reading a Python syntax tree through a tree cursor: node types and field names compared through per-id caches
 * (one grammar serves every file of the process), so inspecting a child costs one or two native calls and no
 * JavaScript node objects. The node API (`childForFieldName`, `namedChildren`, `text`) materialises an object per
 * node it returns, which on a file of many small definitions cost more than walking every node of the file.
 *
 * @packageDocumentation
 */
import type Parser from 'tree-sitter';

/** Type name per grammar type id, read from the cursor the first time the id is met. */
export const typeNames: string[] = [];
/** Whether nodes of a type id are named (a property of the type, aliases included). */
export const namedTypes: boolean[] = [];
/** Field name per grammar field id. */
const fieldNames: string[] = [];

/**
 * The type id of the cursor's node, with its name and named-ness cached.
 *
 * @param cursor - A cursor on some node.
 * @returns The type id; `typeNames[id]` and `namedTypes[id]` are set.
 */
export function typeIdAt(cursor: Parser.TreeCursor): number {
  const id = cursor.nodeTypeId;
  if (typeNames[id] === undefined) {
    typeNames[id] = cursor.nodeType;
    namedTypes[id] = cursor.nodeIsNamed;
  }
  return id;
}

/**
 * The field name of the cursor's node in its parent.
 *
 * @param cursor - A cursor on some node.
 * @returns The field name, or `undefined` when the node fills no field.
 */
export function fieldAt(cursor: Parser.TreeCursor): string | undefined {
  const id = cursor.currentFieldId as number | undefined;
  if (id === undefined) return undefined;
  let name = fieldNames[id];
  if (name === undefined) {
    name = cursor.currentFieldName;
    fieldNames[id] = name;
  }
  return name;
}

/**
 * Source text of the cursor's node.
 *
 * @param cursor - A cursor on some node.
 * @param source - File content (node indices are UTF-16 offsets into it).
 * @returns The text.
 */
export function textAt(cursor: Parser.TreeCursor, source: string): string {
  return source.slice(cursor.startIndex, cursor.endIndex);
}
