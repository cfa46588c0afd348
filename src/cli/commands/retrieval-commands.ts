/**
 * The ctx, emb, audit commands.
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';

/** Commands of this area, in help order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RETRIEVAL_COMMANDS: readonly CommandModule<GlobalArgs, any>[] = [];
