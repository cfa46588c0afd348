/**
 * The campaign, gate, corpus commands.
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { campaignCommand } from './campaign-command.js';
import { corpusCommand } from './corpus-command.js';
import { gateCommand } from './gate-command.js';

/** Commands of this area, in help order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const BENCH_COMMANDS: readonly CommandModule<GlobalArgs, any>[] = [campaignCommand, gateCommand, corpusCommand];
