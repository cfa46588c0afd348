/**
 * JSON output that does not depend on the call stack: `JSON.stringify` recurses once per nesting level, so a deep
 * `calls --tree` result (thousands of levels) overflowed it. The iterative writer produces exactly the text of
 * `JSON.stringify(value, null, 2)` for plain data (objects, arrays, strings, numbers, booleans, null).
 *
 * @packageDocumentation
 */

type Frame =
  | { readonly kind: 'array'; readonly items: readonly unknown[]; next: number; readonly indent: string }
  | {
      readonly kind: 'object';
      readonly entries: readonly (readonly [string, unknown])[];
      next: number;
      readonly indent: string;
    };

const STEP = '  ';

/** Property types `JSON.stringify` leaves out of objects (and writes as `null` in arrays). */
const SKIPPED_IN_OBJECTS = new Set(['undefined', 'function', 'symbol']);

function scalar(value: unknown): string | undefined {
  return JSON.stringify(value) as string | undefined;
}

/**
 * Serialize plain data as `JSON.stringify(value, null, 2)` does, without recursion.
 *
 * @param value - Plain data (no cycles, no `toJSON`).
 * @returns The JSON text.
 */
export function stringifyIteratively(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  // Writes a value at the current position: scalars directly, containers by pushing a frame.
  const open = (item: unknown, indent: string): void => {
    if (Array.isArray(item)) {
      if (item.length === 0) out.push('[]');
      else {
        out.push('[');
        stack.push({ kind: 'array', items: item, next: 0, indent });
      }
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item).filter(([, v]) => !SKIPPED_IN_OBJECTS.has(typeof v));
      if (entries.length === 0) out.push('{}');
      else {
        out.push('{');
        stack.push({ kind: 'object', entries, next: 0, indent });
      }
    } else {
      out.push(scalar(item) ?? 'null');
    }
  };
  open(value, '');
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const length = frame.kind === 'array' ? frame.items.length : frame.entries.length;
    if (frame.next >= length) {
      stack.pop();
      out.push(`\n${frame.indent}${frame.kind === 'array' ? ']' : '}'}`);
      continue;
    }
    const inner = frame.indent + STEP;
    out.push(frame.next === 0 ? `\n${inner}` : `,\n${inner}`);
    if (frame.kind === 'array') open(frame.items[frame.next++], inner);
    else {
      const [key, item] = frame.entries[frame.next++]!;
      out.push(`${JSON.stringify(key)}: `);
      open(item, inner);
    }
  }
  return out.join('');
}

/**
 * `JSON.stringify(value, null, 2)`, falling back to the iterative writer when the value nests too deeply for it.
 *
 * @param value - Plain data.
 * @returns The JSON text.
 */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch (error) {
    if (error instanceof RangeError) return stringifyIteratively(value);
    throw error;
  }
}
