/**
 * SQL literals shared by the SQL backends, so lists such as the callable kinds are generated from the model's
 * constants instead of being copied into query text (both SQLite and DuckDB quote strings the standard way).
 *
 * @packageDocumentation
 */

/**
 * A SQL string literal.
 *
 * @param text - Any text.
 * @returns `text` in single quotes, inner quotes doubled.
 */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A parenthesized list of string literals, for `IN (…)` or an `ENUM(…)` type.
 *
 * @param values - The strings, in the order they are listed.
 * @returns `('a', 'b', …)`.
 */
export function sqlStringList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}
