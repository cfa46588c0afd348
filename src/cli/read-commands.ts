/**
 * The read-only query commands: the ones agents run many times a minute, each a short process whose cost is mostly
 * fixed (start-up, module loading, opening the index). They are loaded through the read path's bundle when the build
 * made one (`read-entry.ts`), and listed with every other command in `command-list.ts`.
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from './context.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<GlobalArgs, any>;

/** Each read command by its name, loaded on demand. */
export const READ_COMMAND_LOADERS: ReadonlyMap<string, () => Promise<AnyCommand>> = new Map([
  ['sym', async () => (await import('./commands/sym-command.js')).symCommand],
  ['symlist', async () => (await import('./commands/symlist-command.js')).symlistCommand],
  ['calls', async () => (await import('./commands/calls-command.js')).callsCommand],
  ['refs', async () => (await import('./commands/refs-command.js')).refsCommand],
  ['ctx', async () => (await import('./commands/ctx-command.js')).ctxCommand],
  ['emb', async () => (await import('./commands/emb-command.js')).embCommand],
  ['graph', async () => (await import('./commands/graph-command.js')).graphCommand],
  ['audit', async () => (await import('./commands/audit-command.js')).auditCommand],
  ['impact', async () => (await import('./commands/impact-command.js')).impactCommand],
  ['map', async () => (await import('./commands/map-command.js')).mapCommand],
  ['status', async () => (await import('./commands/status-command.js')).statusCommand],
] as [string, () => Promise<AnyCommand>][]);
