/**
 * `codira audit [--prefix P] [--strict]`.
 *
 * @packageDocumentation
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { CodiraError, EXIT_FAILURE } from '../../core/errors.js';
import { emit, withReader, type GlobalArgs } from '../context.js';

interface AuditArgs extends GlobalArgs {
  readonly prefix?: string;
  readonly strict?: boolean;
}

/** The `audit` command. */
export const auditCommand: CommandModule<GlobalArgs, AuditArgs> = {
  command: 'audit',
  describe: 'Documentation findings (NumPy-style docstrings for Python, TSDoc for TypeScript)',
  builder: (argv: Argv<GlobalArgs>) =>
    argv
      .option('prefix', { type: 'string', describe: 'Only files whose path starts with this prefix' })
      .option('strict', { type: 'boolean', describe: 'Exit with status 1 when there are findings (for CI)' })
      .example('$0 audit --prefix src/query/', 'Findings in one folder, grouped by file, with a count per rule')
      .example(
        '$0 audit --strict --json',
        'Machine-readable findings; fails the build if there are any',
      ) as Argv<AuditArgs>,
  handler: async (args: ArgumentsCamelCase<AuditArgs>) => {
    const { auditFindings, renderAudit } = await import('../../query/audit.js');
    const result = await withReader(args, (reader) => auditFindings(reader, args.prefix));
    emit(args, result, renderAudit);
    if (args.strict && result.total > 0) {
      const noun = result.total === 1 ? 'finding' : 'findings';
      throw new CodiraError('AUDIT_FINDINGS', `audit --strict: ${result.total} ${noun}`, EXIT_FAILURE);
    }
  },
};
