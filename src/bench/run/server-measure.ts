/**
 * Runner step 3 for server commands (`mcp-…`): `codira mcp` measured the way an agent uses it, through the MCP SDK's own client over
 * stdio. One server per variant answers every query command; requests are interleaved across variants (A B A B …),
 * like process samples, and each request's round-trip time is one sample.
 *
 * - `mcp-sym`, `mcp-calls`, `mcp-refs`, `mcp-ctx`, `mcp-symlist`, `mcp-audit`: one tool call per sample.
 * - `mcp-start`: spawn a server and time until its first `sym` answer (start-up, index open, first query).
 * - `mcp-watch`: a server with `--watch` on its own copy of the repository; append a new function to a file and time
 *   until `sym` finds it (watcher latency, debounce, incremental index run, switch to the new index).
 * - `mcp-floor`: the `mcp-sym` call sent to a server on the same SDK that only echoes its argument
 *   (`dist/bench/floor/mcp-floor-server.js`), once per repository as variant `floor`, in the same rounds as
 *   `mcp-sym` when both are measured: what a request costs, and how its tail looks, with nothing of codira in it.
 *
 * Every variant whose build has the server: the current build, and a baseline build from after the server landed (so a
 * baseline run puts before and after side by side, interleaved); an older baseline is skipped. Servers run on the
 * state folders the target step primed, with the command line and environment of {@link VariantExecutor.commandLine}.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { cp, appendFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { FLOOR_VARIANT, type ServerCommandName } from '../command-names.js';
import type { Measurement, Targets } from '../result.js';
import { isNonEmpty, percentiles, summarize } from '../stats.js';
import type { RepoContext, VariantExecutor } from './executor.js';
import type { StepDeps } from './targets.js';
import type { RunVariant } from './variants.js';

/** Warm-up and measured requests (or server starts, or edits) of one server command. */
type Counts = { readonly warmups: number; readonly runs: number };

/** Longest time a `mcp-watch` sample may take before it counts as an error. */
const WATCH_TIMEOUT_MS = 30_000;

interface Connection {
  readonly client: Client;
  call(name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; text: string; result: unknown }>;
  close(): Promise<void>;
}

/** How to start a server: its command line and extra environment. */
type Launch = { readonly argv: readonly [string, ...string[]]; readonly env: Readonly<Record<string, string>> };

async function connect(
  executor: VariantExecutor,
  v: RunVariant,
  tree: string,
  out: string,
  extra: string[],
): Promise<Connection> {
  return connectTo(executor.commandLine(v, ['mcp', ...extra], tree, out));
}

/**
 * The floor server's command line: the current build's `mcp-floor-server.js` under the running Node.
 *
 * @param bin - `bin/codira.js` of the current build.
 * @returns Its launch.
 */
function floorLaunch(bin: string): Launch {
  return {
    argv: [process.execPath, join(dirname(bin), '..', 'dist', 'bench', 'floor', 'mcp-floor-server.js')],
    env: {},
  };
}

async function connectTo({ argv, env }: Launch): Promise<Connection> {
  const transport = new StdioClientTransport({
    command: argv[0],
    args: argv.slice(1),
    stderr: 'ignore',
    // The SDK's default environment is a safe subset of ours; a variant's extra variables (fault injection) join it.
    ...(Object.keys(env).length > 0 ? { env: { ...getDefaultEnvironment(), ...env } } : {}),
  });
  const client = new Client({ name: 'codira-bench', version: '1.0.0' });
  await client.connect(transport);
  const connection: Connection = {
    client,
    call: async (name, args) => {
      const answer = (await client.callTool({ name, arguments: args })) as {
        isError?: boolean;
        content: { text?: string }[];
        structuredContent?: { result?: unknown };
      };
      return { isError: answer.isError, text: answer.content[0]?.text ?? '', result: answer.structuredContent?.result };
    },
    close: () => client.close(),
  };
  return connection;
}

/**
 * The tool call of a query command, or why it cannot run.
 *
 * @param command - A server command.
 * @param targets - The repository's query targets.
 * @returns Tool name and arguments, or the reason to skip.
 */
function toolCall(command: ServerCommandName, targets: Targets): [string, Record<string, unknown>] | string {
  const symbol = targets.symbol;
  switch (command) {
    case 'mcp-ctx':
      return ['ctx', { query: targets.ctxQuery }];
    case 'mcp-symlist':
      return ['symlist', {}];
    case 'mcp-audit':
      return ['audit', {}];
    default:
      if (symbol === null) return 'the index has no symbol to query';
      if (command === 'mcp-sym' || command === 'mcp-start' || command === 'mcp-floor') return ['sym', { name: symbol }];
      if (command === 'mcp-calls') return ['calls', { name: symbol }];
      if (command === 'mcp-refs') return ['refs', { name: symbol, incoming: true }];
      return 'not a query command';
  }
}

type Slot = { samplesMs: number[]; error?: string };

/**
 * @param v - A variant.
 * @returns Whether its build has the MCP server (`bin/codira.js` beside a `dist/` with the server module).
 */
function hasServer(v: RunVariant): boolean {
  return v.build === 'current' || existsSync(join(dirname(dirname(v.bin)), 'dist', 'server', 'mcp-server.js'));
}

function measurement(
  command: ServerCommandName,
  v: RunVariant,
  counts: Counts,
  slot: Slot | { skip: string },
): Measurement {
  const base = { command, variant: v.id, backend: v.backend, build: v.build, ...counts };
  if ('skip' in slot) return { ...base, state: 'skipped', reason: slot.skip };
  const ms = slot.samplesMs;
  if (slot.error !== undefined || !isNonEmpty(ms)) {
    return { ...base, state: 'errored', error: slot.error ?? 'no samples', samplesMs: ms };
  }
  return {
    ...base,
    state: 'completed',
    samplesMs: ms,
    peakRssKb: [],
    stats: summarize(ms),
    percentiles: percentiles(ms),
  };
}

/**
 * Interleaved rounds of one timed action per variant.
 *
 * @param ctx - The repository (for progress lines).
 * @param deps - Progress.
 * @param command - The command (for progress lines).
 * @param variants - Variants to measure.
 * @param counts - Warm-up and measured rounds.
 * @param sample - Performs one sample and returns its time in milliseconds.
 * @returns Samples per variant id.
 */
async function rounds(
  ctx: RepoContext,
  deps: StepDeps,
  command: ServerCommandName,
  variants: readonly RunVariant[],
  counts: Counts,
  sample: (v: RunVariant, round: number) => Promise<number>,
): Promise<Map<string, Slot>> {
  const slots = new Map<string, Slot>(variants.map((v) => [v.id, { samplesMs: [] }]));
  const total = counts.warmups + counts.runs;
  deps.log(`${ctx.repo.label}: ${command} ${counts.warmups} warm-up + ${counts.runs} samples per variant`);
  for (let round = 0; round < total; round++) {
    for (const v of variants) {
      const slot = slots.get(v.id)!;
      if (slot.error !== undefined) continue;
      try {
        const ms = await sample(v, round);
        if (round >= counts.warmups) slot.samplesMs.push(ms);
      } catch (error) {
        slot.error = `${round < counts.warmups ? 'warm-up' : 'run'} ${round + 1}: ${(error as Error).message}`;
      }
    }
  }
  return slots;
}

async function timedCall(connection: Connection, call: [string, Record<string, unknown>]): Promise<number> {
  const started = performance.now();
  const answer = await connection.call(call[0], call[1]);
  const ms = performance.now() - started;
  if (answer.isError) throw new Error(`${call[0]} failed: ${answer.text.split('\n')[0]}`);
  return ms;
}

/**
 * A function definition that is new in every round, in the file's language (valid Python, or JS and TS).
 *
 * @param file - The file it is appended to.
 * @param round - Round number, part of the name.
 * @returns The function's name and the text to append.
 */
function probe(file: string, round: number): { name: string; text: string } {
  if (extname(file) === '.py') {
    const name = `codira_watch_probe_${round}`;
    return { name, text: `\n\ndef ${name}():\n    return ${round}\n` };
  }
  const name = `codiraWatchProbe${round}`;
  return { name, text: `\nfunction ${name}() {\n  return ${round};\n}\n` };
}

async function watchSample(connection: Connection, file: string, round: number): Promise<number> {
  const { name, text } = probe(file, round);
  const started = performance.now();
  await appendFile(file, text);
  for (;;) {
    const answer = await connection.call('sym', { name, wait: 1000 });
    if (answer.isError) throw new Error(`sym failed: ${answer.text.split('\n')[0]}`);
    if ((answer.result as { symbols?: unknown[] }).symbols?.length) return performance.now() - started;
    if (performance.now() - started > WATCH_TIMEOUT_MS)
      throw new Error(`edit not visible after ${WATCH_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Measure the server commands of one repository.
 *
 * @param ctx - The repository being measured (its variants' indexes are primed).
 * @param commands - Server commands of the campaign, in campaign order.
 * @param targets - Resolved query targets.
 * @param counts - Warm-up and measured rounds of a command on this repository.
 * @param deps - Variants, executor and progress.
 * @returns One measurement per command and variant, in command then variant order.
 */
export async function measureServerCommands(
  ctx: RepoContext,
  commands: readonly ServerCommandName[],
  targets: Targets,
  counts: (command: ServerCommandName) => Counts,
  deps: StepDeps,
): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  const skipped = (command: ServerCommandName): boolean => ctx.repo.skip.includes(command);
  const current = deps.variants.filter((v) => hasServer(v) && !ctx.broken.has(v.id));
  const out = (v: RunVariant): string => deps.executor.stateDir(ctx, v, false);
  const record = (command: ServerCommandName, slots: Map<string, Slot> | null, skip: string | null): void => {
    for (const v of deps.variants) {
      const why = !hasServer(v) ? 'the baseline build has no MCP server' : (ctx.broken.get(v.id) ?? skip ?? undefined);
      const slot = why !== undefined ? { skip: why } : slots!.get(v.id)!;
      measurements.push(measurement(command, v, { ...counts(command) }, slot));
    }
  };

  // The floor row: one echo server of the current build, recorded as the variant `floor`.
  const build = deps.variants.find((v) => v.build === 'current');
  const floor: RunVariant | null = build ? { ...build, id: FLOOR_VARIANT, backend: 'none' } : null;
  const recordFloor = (slot: Slot | { skip: string }, roundsOf: ServerCommandName): void => {
    if (floor) measurements.push(measurement('mcp-floor', floor, { ...counts(roundsOf) }, slot));
  };
  for (const command of commands.filter(skipped)) {
    if (command === 'mcp-floor') recordFloor({ skip: 'skipped by the manifest' }, command);
    else record(command, null, 'skipped by the manifest');
  }
  const measured = commands.filter((c) => !skipped(c));
  const measureFloor = floor !== null && measured.includes('mcp-floor');
  const queries: ServerCommandName[] = measured.filter(
    (c) => c !== 'mcp-start' && c !== 'mcp-watch' && c !== 'mcp-floor',
  );
  // With `mcp-sym`, the floor runs in its rounds (same request, same moments); alone, in rounds of its own.
  if (measureFloor && !queries.includes('mcp-sym')) queries.unshift('mcp-floor');
  if (queries.length > 0) {
    const connections = new Map<string, Connection>();
    const failed = new Map<string, string>();
    for (const v of current) {
      try {
        connections.set(v.id, await connect(deps.executor, v, ctx.tree, out(v), []));
      } catch (error) {
        failed.set(v.id, `server did not start: ${(error as Error).message}`);
      }
    }
    if (measureFloor) {
      try {
        connections.set(FLOOR_VARIANT, await connectTo(floorLaunch(floor.bin)));
      } catch (error) {
        failed.set(FLOOR_VARIANT, `floor server did not start: ${(error as Error).message}`);
      }
    }
    try {
      for (const command of queries) {
        const call = toolCall(command, targets);
        const withFloor = measureFloor && (command === 'mcp-sym' || command === 'mcp-floor');
        if (typeof call === 'string') {
          if (command !== 'mcp-floor') record(command, null, call);
          if (withFloor) recordFloor({ skip: call }, command);
          continue;
        }
        const variants = command === 'mcp-floor' ? [] : current;
        const slots = await rounds(
          ctx,
          deps,
          command,
          withFloor ? [...variants, floor] : variants,
          counts(command),
          (v) => {
            const connection = connections.get(v.id);
            if (!connection) throw new Error(failed.get(v.id) ?? 'no server');
            return timedCall(connection, call);
          },
        );
        if (command !== 'mcp-floor') record(command, slots, null);
        if (withFloor) recordFloor(slots.get(FLOOR_VARIANT)!, command);
      }
    } finally {
      await Promise.all([...connections.values()].map((c) => c.close().catch(() => undefined)));
    }
  }

  for (const command of measured.filter((c) => c === 'mcp-start' || c === 'mcp-watch')) {
    if (command === 'mcp-start') {
      const call = toolCall(command, targets);
      if (typeof call === 'string') {
        record(command, null, call);
        continue;
      }
      const slots = await rounds(ctx, deps, command, current, counts(command), async (v) => {
        const started = performance.now();
        const connection = await connect(deps.executor, v, ctx.tree, out(v), []);
        try {
          await timedCall(connection, call);
          return performance.now() - started;
        } finally {
          await connection.close();
        }
      });
      record(command, slots, null);
      continue;
    }
    const file = targets.partialFile;
    if (file === null) {
      record(command, null, 'no file to edit');
      continue;
    }
    const watchers = new Map<string, { connection: Connection; file: string }>();
    const failed = new Map<string, string>();
    try {
      for (const v of current) {
        // Each variant watches its own copy, so an edit triggers only its own server.
        const base = join(ctx.work, `watch-${v.id}`);
        try {
          await cp(ctx.tree, join(base, 'tree'), { recursive: true, preserveTimestamps: true });
          await cp(out(v), join(base, 'out'), { recursive: true, preserveTimestamps: true });
          const connection = await connect(deps.executor, v, join(base, 'tree'), join(base, 'out'), ['--watch']);
          watchers.set(v.id, { connection, file: join(base, 'tree', file) });
          await connection.call('status', { wait: WATCH_TIMEOUT_MS });
        } catch (error) {
          failed.set(v.id, `watch server did not start: ${(error as Error).message}`);
        }
      }
      const slots = await rounds(ctx, deps, command, current, counts(command), (v, round) => {
        const watcher = watchers.get(v.id);
        if (!watcher || failed.has(v.id)) throw new Error(failed.get(v.id) ?? 'no server');
        return watchSample(watcher.connection, watcher.file, round + 1);
      });
      record(command, slots, null);
    } finally {
      await Promise.all([...watchers.values()].map((w) => w.connection.close().catch(() => undefined)));
    }
  }
  return measurements;
}
