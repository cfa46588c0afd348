/**
 * Commands registered after the core set, one list per feature area so each area owns its own file.
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from './context.js';
import { BENCH_COMMANDS } from './commands/bench-commands.js';
import { RETRIEVAL_COMMANDS } from './commands/retrieval-commands.js';

/** Further commands, in help order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EXTRA_COMMANDS: readonly CommandModule<GlobalArgs, any>[] = [...RETRIEVAL_COMMANDS, ...BENCH_COMMANDS];
