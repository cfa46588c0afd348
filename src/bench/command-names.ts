/**
 * The benchmark commands a campaign can measure. Each is one real `codira` process per sample.
 *
 * @packageDocumentation
 */

/** Every command name a campaign, manifest override or gate may use, in the order campaigns usually list them. */
export const COMMAND_NAMES = Object.freeze([
  'index-full',
  'index-warm',
  'index-partial',
  'ctx',
  'sym',
  'calls',
  'symlist',
  'audit',
] as const);

/** A benchmark command name. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * Whether a string names a benchmark command.
 *
 * @param value - Any string.
 * @returns `true` for a member of {@link COMMAND_NAMES}.
 */
export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}
