/**
 * Every CLI command, one module each under `commands/` (`<name>-command.ts`), listed once here in help order. Command
 * modules are light: each loads its heavy modules (parsers, drivers) in its handler.
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import { auditCommand } from './commands/audit-command.js';
import { callsCommand } from './commands/calls-command.js';
import { campaignCommand } from './commands/campaign-command.js';
import { corpusCommand } from './commands/corpus-command.js';
import { ctxCommand } from './commands/ctx-command.js';
import { embCommand } from './commands/emb-command.js';
import { gateCommand } from './commands/gate-command.js';
import { indexCommand } from './commands/index-command.js';
import { refsCommand } from './commands/refs-command.js';
import { symCommand } from './commands/sym-command.js';
import { symlistCommand } from './commands/symlist-command.js';
import type { GlobalArgs } from './context.js';

/** All commands, in help order: indexing, lookups, retrieval, benchmarking. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: readonly CommandModule<GlobalArgs, any>[] = [
  indexCommand,
  symCommand,
  symlistCommand,
  callsCommand,
  refsCommand,
  ctxCommand,
  embCommand,
  auditCommand,
  campaignCommand,
  gateCommand,
  corpusCommand,
];
