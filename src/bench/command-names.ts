/**
 * The benchmark commands a campaign can measure. A process command is one real `codira` process per sample (or, for a
 * floor row, one plain `node` process); a server
 * command (`mcp-…`) is one request per sample to a long-lived `codira mcp` server over stdio (see `server-measure.ts`).
 *
 * @packageDocumentation
 */

/** Commands measured as one process per sample, in the order campaigns usually list them. */
export const PROCESS_COMMAND_NAMES = Object.freeze([
  'index-full',
  'index-warm',
  'index-partial',
  'ctx',
  'sym',
  'calls',
  'refs',
  'symlist',
  'audit',
  'floor-node',
  'parse-only',
  'duckdb-open',
  'parse-edited',
] as const);

/**
 * Floor rows: processes that do not involve codira's commands or a backend, measured once per repository (variant
 * {@link FLOOR_VARIANT}) so a command's time can be judged against what it cannot beat — `floor-node` is a bare
 * `node -e 0`, `parse-only` runs only the analyzers' parsers over the files an index would read, on one thread,
 * `duckdb-open` loads the DuckDB bindings and opens the run's DuckDB index read-only as a read command does (its
 * version check included, nothing else), `parse-edited` parses the partial-change file once with its analyzer's
 * parser alone (`src/bench/floor/`).
 */
export const FLOOR_COMMAND_NAMES = Object.freeze(['floor-node', 'parse-only', 'duckdb-open', 'parse-edited'] as const);

/** A floor row. */
export type FloorCommandName = (typeof FLOOR_COMMAND_NAMES)[number];

/** Variant id of floor measurements: they depend on the corpus and the machine, not on a backend or build. */
export const FLOOR_VARIANT = 'floor';

/**
 * Whether a command is a floor row.
 *
 * @param command - A command name.
 * @returns `true` for a member of {@link FLOOR_COMMAND_NAMES}.
 */
export function isFloorCommand(command: string): command is FloorCommandName {
  return (FLOOR_COMMAND_NAMES as readonly string[]).includes(command);
}

/**
 * Commands measured against a `codira mcp` server: `mcp-start` is server spawn to its first `sym` answer; the query
 * commands are one tool call each; `mcp-watch` is a one-file edit until a query sees it (server with `--watch`).
 * `mcp-floor` is their floor row: the same `sym` call to a server on the same SDK that only echoes its argument
 * (variant {@link FLOOR_VARIANT}, interleaved with `mcp-sym` when both are measured).
 */
export const SERVER_COMMAND_NAMES = Object.freeze([
  'mcp-floor',
  'mcp-start',
  'mcp-sym',
  'mcp-calls',
  'mcp-refs',
  'mcp-ctx',
  'mcp-symlist',
  'mcp-audit',
  'mcp-watch',
] as const);

/** Every command name a campaign, manifest override or gate may use. */
export const COMMAND_NAMES = Object.freeze([...PROCESS_COMMAND_NAMES, ...SERVER_COMMAND_NAMES] as const);

/** A command measured as one process per sample. */
export type ProcessCommandName = (typeof PROCESS_COMMAND_NAMES)[number];

/** A command measured against a server. */
export type ServerCommandName = (typeof SERVER_COMMAND_NAMES)[number];

/** A benchmark command name. */
export type CommandName = ProcessCommandName | ServerCommandName;

/**
 * Whether a command is measured against a server.
 *
 * @param command - A command name.
 * @returns `true` for a member of {@link SERVER_COMMAND_NAMES}.
 */
export function isServerCommand(command: CommandName): command is ServerCommandName {
  return (SERVER_COMMAND_NAMES as readonly string[]).includes(command);
}

/**
 * Whether a string names a benchmark command.
 *
 * @param value - Any string.
 * @returns `true` for a member of {@link COMMAND_NAMES}.
 */
export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}
