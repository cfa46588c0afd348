/**
 * Parsing a plain command line without loading yargs.
 *
 * Loading yargs (with y18n, cliui, escalade and yargs-parser) cost about 35 ms of CPU per process, a third of a whole
 * `codira sym` on SQLite (profile in `docs/process/issue-12-execution.md`). Query commands are run by agents many
 * times a minute, so a plain invocation is parsed here with `node:util`'s `parseArgs` from the very same declarations:
 * each command's yargs builder is run against a recorder that notes its options and positionals. Anything this
 * parser does not model — `--help`, `--version`, a `--no-` flag, a repeated option, a subcommand, a variadic
 * positional, an option setting it does not know, a parse error — returns `undefined`, and the caller hands the
 * command line to yargs, which then behaves (and reports errors) exactly as before.
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

/** What the parser knows of one option or positional. */
interface Declared {
  readonly type: 'string' | 'boolean' | 'number';
  readonly default?: unknown;
}

/** Option settings the recorder understands; any other makes the command fall back to yargs. */
const KNOWN_SETTINGS = new Set(['type', 'describe', 'default', 'demandOption', 'global']);

class Unmodelled extends Error {}

/**
 * Run a yargs builder against a recorder of its declarations.
 *
 * @param build - Builders to run in order (global options, then the command's).
 * @returns Options and positionals by name.
 */
function declarations(build: readonly ((argv: Argv) => unknown)[]): {
  options: Map<string, Declared>;
  positionals: Map<string, Declared>;
} {
  const options = new Map<string, Declared>();
  const positionals = new Map<string, Declared>();
  const declare = (into: Map<string, Declared>, name: string, settings: Record<string, unknown>): void => {
    const type = settings['type'];
    if (type !== 'string' && type !== 'boolean' && type !== 'number') throw new Unmodelled();
    if (Object.keys(settings).some((key) => !KNOWN_SETTINGS.has(key))) throw new Unmodelled();
    into.set(name, { type, default: settings['default'] });
  };
  const recorder: Record<string, unknown> = {
    option: (name: string, settings: Record<string, unknown>) => (declare(options, name, settings), recorder),
    positional: (name: string, settings: Record<string, unknown>) => (declare(positionals, name, settings), recorder),
    example: () => recorder,
  };
  const argv = new Proxy(recorder, {
    get: (target, key) => {
      if (typeof key === 'string' && key in target) return target[key];
      throw new Unmodelled();
    },
  }) as unknown as Argv;
  for (const builder of build) builder(argv);
  return { options, positionals };
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Parse `argv` for one of `commands` without yargs.
 *
 * @param argv - Arguments after the script name.
 * @param commands - The CLI's commands.
 * @param globalOptions - Declares the options every command accepts (the CLI's `withGlobalOptions`).
 * @returns The command and its arguments shaped like yargs', or `undefined` when yargs must parse.
 */
export function parsePlainCommand(
  argv: readonly string[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  commands: readonly CommandModule<any, any>[],
  globalOptions: (argv: Argv) => unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): { command: CommandModule<any, any>; args: ArgumentsCamelCase<Record<string, unknown>> } | undefined {
  const [name, ...rest] = argv;
  if (name === undefined || name.startsWith('-')) return undefined;
  if (rest.some((arg) => arg === '-h' || arg === '--help' || arg === '--version' || arg.startsWith('--no-'))) {
    return undefined;
  }
  const command = commands.find((c) => typeof c.command === 'string' && c.command.split(' ')[0] === name);
  if (!command || typeof command.builder !== 'function' || !command.handler) return undefined;
  const placeholders = (command.command as string).split(' ').slice(1);
  if (placeholders.some((p) => !/^<[\w-]+>$/.test(p))) return undefined; // optional or variadic positionals
  let declared: ReturnType<typeof declarations>;
  try {
    declared = declarations([globalOptions, command.builder as (argv: Argv) => unknown]);
  } catch (error) {
    if (error instanceof Unmodelled) return undefined;
    throw error;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(
        [...declared.options].map(([option, d]) => [option, { type: d.type === 'boolean' ? 'boolean' : 'string' }]),
      ) as Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? O : never) : never,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch {
    return undefined;
  }
  const given = parsed.tokens!.filter((token) => token.kind === 'option').map((token) => token.name);
  if (new Set(given).size !== given.length) return undefined; // yargs would collect repeats into an array
  if (parsed.positionals.length !== placeholders.length) return undefined;
  const args: Record<string, unknown> = { _: [name], $0: 'codira' };
  const set = (key: string, value: unknown): void => {
    args[key] = value;
    args[camelCase(key)] = value;
  };
  for (const [option, d] of declared.options) {
    const raw = (parsed.values as Record<string, string | boolean | undefined>)[option];
    if (raw === undefined) {
      if (d.default !== undefined) set(option, d.default);
      continue;
    }
    if (d.type === 'number') {
      if (raw === '' || !Number.isFinite(Number(raw))) return undefined;
      set(option, Number(raw));
    } else {
      set(option, raw);
    }
  }
  for (const [i, placeholder] of placeholders.entries()) {
    const key = placeholder.slice(1, -1);
    const d = declared.positionals.get(key);
    if (!d || d.type !== 'string') return undefined;
    set(key, parsed.positionals[i]);
  }
  return { command, args: args as ArgumentsCamelCase<Record<string, unknown>> };
}
