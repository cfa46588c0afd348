/**
 * `codira corpus fetch [--manifest NAME|PATH] [--repos a,b]`: materialise a manifest's corpora into the cache
 * without measuring anything (e.g. to warm a CI cache).
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { emit, type GlobalArgs } from '../context.js';
import { table } from '../render.js';
import { splitList } from './campaign-command.js';

interface CorpusFetchArgs extends GlobalArgs {
  readonly manifest: string;
  readonly repos?: string;
}

const fetchCommand: CommandModule<GlobalArgs, CorpusFetchArgs> = {
  command: 'fetch',
  describe: "Download and cache a manifest's corpora under .artifacts/corpora/",
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('manifest', { type: 'string', default: 'short', describe: 'Manifest name in manifests/ or a path' })
      .option('repos', {
        type: 'string',
        describe: 'Only these repository labels, comma-separated',
      }) as Argv<CorpusFetchArgs>,
  handler: async (args: ArgumentsCamelCase<CorpusFetchArgs>) => {
    const { loadManifest } = await import('../../bench/manifest.js');
    const { corpusKey, materializeCorpus } = await import('../../bench/corpus.js');
    const manifest = loadManifest(String(args.manifest));
    const wanted = splitList(args.repos);
    const unknown = (wanted ?? []).filter((label) => !manifest.repositories.some((r) => r.label === label));
    if (unknown.length > 0) {
      throw new UsageError(
        `--repos: unknown label '${unknown[0]}' (manifest ${manifest.name} has: ${manifest.repositories.map((r) => r.label).join(', ')})`,
      );
    }
    const fetched = [];
    for (const repo of manifest.repositories.filter((r) => !wanted || wanted.includes(r.label))) {
      fetched.push({
        label: repo.label,
        size: repo.size,
        key: corpusKey(repo.source),
        root: await materializeCorpus(repo.source),
      });
    }
    emit(args, fetched, (rows) => table(rows.map((r) => [r.label, r.size, r.key, r.root])));
  },
};

/** The `corpus` command group. */
export const corpusCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'corpus',
  describe: 'Benchmark corpora: real repositories by pinned version, cached under .artifacts/corpora/',
  builder: (argv: Argv<GlobalArgs>) => argv.command(fetchCommand).demandCommand(1, 'name an action: fetch'),
  handler: () => undefined,
};
