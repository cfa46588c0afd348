/**
 * Drives `codira mcp` the way an agent does: the SDK's real client over stdio, spawning the compiled CLI
 * (`npm test` builds dist/ first). Also runs the CLI once per command for the `--json` the server must equal.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** The compiled CLI launcher. */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'codira.js');

/** Where and how a server or CLI run looks at a repository. */
export interface Target {
  readonly root: string;
  /** Output directory (the parent of `.codira`). */
  readonly outputDir: string;
  readonly backend: string;
}

/** A tool answer as the SDK client returns it. */
export interface ToolAnswer {
  readonly isError?: boolean;
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly structuredContent?: {
    readonly result?: unknown;
    readonly page?: { offset: number; count: number; total: number; nextCursor: string | null; truncated: boolean };
    readonly index?: { generation: number; builtAt: string | null; pending: boolean | null; indexing: boolean };
  };
}

/** A running server with its client. */
export interface RunningServer {
  readonly client: Client;
  readonly transport: StdioClientTransport;
  /** Process id of the server. */
  readonly pid: number;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Call a tool. */
  call(name: string, args?: Record<string, unknown>): Promise<ToolAnswer>;
  /** Resolves when the server process has ended. */
  readonly exited: Promise<void>;
}

const location = (t: Target): string[] => ['--path', t.root, '--output-dir', t.outputDir, '--backend', t.backend];

/**
 * Run the CLI.
 *
 * @param t - Repository, output directory and backend.
 * @param args - Command and options.
 * @returns Exit status and output.
 */
export function cli(t: Target, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, ...args, ...location(t)], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * The CLI's `--json` output of a command.
 *
 * @param t - Repository, output directory and backend.
 * @param args - Command and options (without `--json`).
 * @returns The parsed JSON.
 */
export function cliJson(t: Target, ...args: string[]): unknown {
  const run = cli(t, ...args, '--json');
  if (run.status !== 0) throw new Error(`codira ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * Spawn `codira mcp` and connect the SDK client to it.
 *
 * @param t - Repository, output directory and backend.
 * @param extra - Further server options, e.g. `--watch`.
 * @returns The running server.
 */
export async function startServer(t: Target, ...extra: string[]): Promise<RunningServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', ...location(t), ...extra],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'codira-test', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid!;
  const exited = new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  return {
    client,
    transport,
    pid,
    stderr: () => stderr,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolAnswer,
    exited,
  };
}

/**
 * The text of an answer.
 *
 * @param answer - A tool answer.
 * @returns Its first text content.
 */
export function textOf(answer: ToolAnswer): string {
  return answer.content[0]?.text ?? '';
}

/** A server spoken to with raw JSON-RPC lines (to send what no well-behaved client sends). */
export interface RawServer {
  /** Write one line (a message object is serialised). */
  send(message: unknown): void;
  /** The response with this id. */
  response(id: number): Promise<Record<string, unknown>>;
  /** Close stdin or send a signal. */
  readonly child: ChildProcessWithoutNullStreams;
  /** Exit code and signal when the process ends. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** The initialize request every session starts with. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/**
 * Spawn `codira mcp` without a client library.
 *
 * @param t - Repository, output directory and backend.
 * @param extra - Further server options.
 * @returns The raw server.
 */
export async function startRaw(t: Target, ...extra: string[]): Promise<RawServer> {
  const child = spawn(process.execPath, [BIN, 'mcp', ...location(t), ...extra]);
  let buffer = '';
  let stderr = '';
  const responses = new Map<number, Record<string, unknown>>();
  const waiting = new Map<number, (r: Record<string, unknown>) => void>();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>;
      buffer = buffer.slice(newline + 1);
      const id = message['id'] as number;
      responses.set(id, message);
      waiting.get(id)?.(message);
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exit,
    stderr: () => stderr,
    send: (message) => child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`),
    response: (id) =>
      responses.has(id) ? Promise.resolve(responses.get(id)!) : new Promise((resolve) => waiting.set(id, resolve)),
  };
}
