/**
 * Every CLI command, one module each under `commands/` (`<name>-command.ts`), listed once here in help order. Command
 * modules are light: each loads its heavy modules (parsers, drivers) in its handler. They are imported on demand, so a
 * plain query command loads only its own module (about 10 ms less CPU per process than importing all of them).
 *
 * @packageDocumentation
 */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from './context.js';
import { READ_COMMAND_LOADERS } from './read-commands.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<GlobalArgs, any>;

/** Each command by its name (the first word of its `command`), in help order: indexing, lookups, retrieval, agents, benchmarking. */
export const COMMAND_LOADERS: ReadonlyMap<string, () => Promise<AnyCommand>> = new Map([
  ['index', async () => (await import('./commands/index-command.js')).indexCommand],
  ['sym', READ_COMMAND_LOADERS.get('sym')!],
  ['symlist', READ_COMMAND_LOADERS.get('symlist')!],
  ['calls', READ_COMMAND_LOADERS.get('calls')!],
  ['refs', READ_COMMAND_LOADERS.get('refs')!],
  ['graph', READ_COMMAND_LOADERS.get('graph')!],
  ['ctx', READ_COMMAND_LOADERS.get('ctx')!],
  ['emb', READ_COMMAND_LOADERS.get('emb')!],
  ['audit', READ_COMMAND_LOADERS.get('audit')!],
  ['impact', READ_COMMAND_LOADERS.get('impact')!],
  ['map', READ_COMMAND_LOADERS.get('map')!],
  ['status', READ_COMMAND_LOADERS.get('status')!],
  ['mcp', async () => (await import('./commands/mcp-command.js')).mcpCommand],
  ['campaign', async () => (await import('./commands/campaign-command.js')).campaignCommand],
  ['gate', async () => (await import('./commands/gate-command.js')).gateCommand],
  ['corpus', async () => (await import('./commands/corpus-command.js')).corpusCommand],
] as [string, () => Promise<AnyCommand>][]);

/**
 * Load every command, for yargs (help, errors, anything the plain parse declines).
 *
 * @returns All commands in help order.
 */
export function loadAllCommands(): Promise<AnyCommand[]> {
  return Promise.all([...COMMAND_LOADERS.values()].map((load) => load()));
}
