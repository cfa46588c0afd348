/**
 * `codira gate check [--run ID|PATH] [--gates NAME|PATH]`: judge a run's artifacts against a gate file, print the
 * verdict table, write `gates.json` and `gates.md` beside the run, exit 1 when a gate fails.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { EXIT_FAILURE, UsageError } from '../../core/errors.js';
import { emit, type GlobalArgs } from '../context.js';
import { table } from '../render.js';

interface GateCheckArgs extends GlobalArgs {
  readonly run?: string;
  readonly gates?: string;
}

const checkCommand: CommandModule<GlobalArgs, GateCheckArgs> = {
  command: 'check',
  describe: 'Check the latest (or given) benchmark run against a gate file',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('run', {
        type: 'string',
        describe: 'Run id under .artifacts/benchmarks/ or a run folder (default: latest)',
      })
      .option('gates', {
        type: 'string',
        describe: "Gate file name in gates/ or a path (default: the run's campaign name)",
      }) as Argv<GateCheckArgs>,
  handler: async (args: ArgumentsCamelCase<GateCheckArgs>) => {
    const { loadRunResult, resolveRunDir } = await import('../../bench/artifacts.js');
    const { loadGateFile } = await import('../../bench/gate-file.js');
    const { checkGates } = await import('../../bench/gate-check.js');
    const { gateSummaryLine, gateTableRows, renderGatesJson, renderGatesMarkdown } =
      await import('../../bench/gate-render.js');
    const { PROJECT_ROOT } = await import('../../bench/corpus.js');
    const dir = resolveRunDir(args.run);
    const run = loadRunResult(dir);
    let gatesRef = args.gates;
    if (gatesRef === undefined) {
      if (!existsSync(join(PROJECT_ROOT, 'gates', `${run.campaign.name}.json`))) {
        throw new UsageError(
          `no gate file for campaign '${run.campaign.name}' (gates/${run.campaign.name}.json); pass --gates`,
        );
      }
      gatesRef = run.campaign.name;
    }
    const report = checkGates(run, loadGateFile(gatesRef));
    await writeFile(join(dir, 'gates.json'), renderGatesJson(report));
    await writeFile(join(dir, 'gates.md'), renderGatesMarkdown(report));
    emit(args, report, (r) => `${table(gateTableRows(r))}\n${gateSummaryLine(r)}`);
    if (!report.ok) process.exitCode = EXIT_FAILURE;
  },
};

/** The `gate` command group. */
export const gateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'gate',
  describe: 'Merge gates: budgets in gates/*.json checked against benchmark artifacts',
  builder: (argv: Argv<GlobalArgs>) => argv.command(checkCommand).demandCommand(1, 'name an action: check'),
  handler: () => undefined,
};
