/**
 * Plain-text helpers for command output; they live with the query renderings so the MCP server prints the same text.
 *
 * @packageDocumentation
 */
export { at, table } from '../query/render.js';
