/**
 * The retrieval commands: `ctx`, `emb`, `audit`.
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../context.js';
import { auditCommand } from './audit-command.js';
import { ctxCommand } from './ctx-command.js';
import { embCommand } from './emb-command.js';

/** Commands of this area, in help order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RETRIEVAL_COMMANDS: readonly CommandModule<GlobalArgs, any>[] = [ctxCommand, embCommand, auditCommand];
