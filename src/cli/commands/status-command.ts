/**
 * `codira status`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { IndexUnavailableError } from '../../core/errors.js';
import { chooseBackend, emit, resolveLocation, type GlobalArgs } from '../context.js';

/** The `status` command. */
export const statusCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'status',
  describe: 'The active index: backend, build time, size, files indexed and failed per language',
  builder: (argv: Argv<GlobalArgs>) => argv,
  handler: async (args: ArgumentsCamelCase<GlobalArgs>) => {
    const { indexStatus, renderStatus, storeStamp } = await import('../../query/status.js');
    const backend = await chooseBackend(args);
    const location = resolveLocation(args);
    const reader = await backend.openReader(location);
    try {
      const stamp = storeStamp(backend, location);
      if (!stamp) throw new IndexUnavailableError('missing', location.stateDir);
      emit(args, await indexStatus(reader, stamp), renderStatus);
    } finally {
      await reader.close();
    }
  },
};
