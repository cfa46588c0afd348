/**
 * Runs one codira process of a variant through the {@link Measurer} and keeps the per-repository scratch layout, so
 * every runner step builds its command lines and state folders the same way.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { ManifestRepository } from '../manifest.js';
import type { Measurer, ProcessOutcome } from '../measurer.js';
import type { RunVariant } from './variants.js';

/** Per-repository state shared by the measuring steps. */
export interface RepoContext {
  readonly repo: ManifestRepository;
  /** Scratch copy that every command but `index-partial` runs on. */
  readonly tree: string;
  /** Second copy edited before each `index-partial` round. */
  readonly partialTree: string;
  /** This repository's scratch folder. */
  readonly work: string;
  /** Why a variant cannot be measured on this repository (its first full index failed). */
  readonly broken: Map<string, string>;
  /** Why a variant cannot run `index-partial` (its partial-copy index failed). */
  readonly partialBroken: Map<string, string>;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}

/**
 * Why a process failed, as one line.
 *
 * @param outcome - What the process did.
 * @returns `exit N: <first output line>`, or `null` for exit 0.
 */
export function failureOf(outcome: ProcessOutcome): string | null {
  if (outcome.exitCode === 0) return null;
  const why = firstLine(outcome.stderr) || firstLine(outcome.stdout) || 'no output';
  return `exit ${outcome.exitCode}: ${why}`;
}

/** Builds and runs variant processes. */
export class VariantExecutor {
  /**
   * @param measurer - Runs and times processes.
   * @param node - Node executable for measured processes.
   * @param env - Extra environment per variant (test-only fault injection), or none.
   */
  constructor(
    private readonly measurer: Measurer,
    private readonly node: string,
    private readonly env: (variant: RunVariant) => Readonly<Record<string, string>> | undefined = () => undefined,
  ) {}

  /**
   * The state folder of a variant on a repository.
   *
   * @param ctx - The repository being measured.
   * @param variant - The variant.
   * @param partial - The partial-change copy's folder instead of the main one.
   * @returns Its path.
   */
  stateDir(ctx: RepoContext, variant: RunVariant, partial: boolean): string {
    return join(ctx.work, `${partial ? 'partial-' : ''}out-${variant.id}`);
  }

  /**
   * The command line and extra environment of `codira <args> --path <tree> --output-dir <out> --backend <b>` on a
   * variant: what {@link VariantExecutor.exec} runs, and what the server step spawns as a `codira mcp` server.
   *
   * @param variant - Which build and backend.
   * @param args - Command and its arguments.
   * @param tree - Repository folder.
   * @param out - State folder.
   * @param nodeArgs - Node options before the entry point (e.g. `--cpu-prof`).
   * @returns The argv (Node first) and the variant's extra environment (empty when none).
   */
  commandLine(
    variant: RunVariant,
    args: readonly string[],
    tree: string,
    out: string,
    nodeArgs: readonly string[] = [],
  ): { argv: [string, ...string[]]; env: Readonly<Record<string, string>> } {
    return {
      argv: [
        this.node,
        ...nodeArgs,
        variant.bin,
        ...args,
        '--path',
        tree,
        '--output-dir',
        out,
        '--backend',
        variant.backend,
      ],
      env: { ...this.env(variant) },
    };
  }

  /**
   * Run a plain `node <args>` process (a floor row), timed like every other sample.
   *
   * @param args - Node's arguments, e.g. `['-e', '0']`.
   * @param cwd - Working directory.
   * @returns The outcome; a measurer that throws is reported as exit 127 with its message.
   */
  async execNode(args: readonly string[], cwd: string): Promise<ProcessOutcome> {
    try {
      return await this.measurer.run({ argv: [this.node, ...args], cwd });
    } catch (error) {
      return { wallMs: 0, peakRssKb: null, exitCode: 127, stdout: '', stderr: (error as Error).message };
    }
  }

  /**
   * Run `codira <args> --path <tree> --output-dir <out> --backend <b> --json` on a variant.
   *
   * @param variant - Which build and backend.
   * @param args - Command and its arguments.
   * @param tree - Repository folder.
   * @param out - State folder.
   * @param extra - More environment (e.g. the phase recorder's file) and Node options (e.g. `--cpu-prof`).
   * @returns The outcome; a measurer that throws is reported as exit 127 with its message.
   */
  async exec(
    variant: RunVariant,
    args: readonly string[],
    tree: string,
    out: string,
    extra: { readonly env?: Readonly<Record<string, string>>; readonly nodeArgs?: readonly string[] } = {},
  ): Promise<ProcessOutcome> {
    const line = this.commandLine(variant, args, tree, out, extra.nodeArgs);
    const argv: [string, ...string[]] = [...line.argv, '--json'];
    const env = { ...line.env, ...extra.env };
    try {
      return await this.measurer.run({ argv, cwd: tree, ...(Object.keys(env).length > 0 ? { env } : {}) });
    } catch (error) {
      return { wallMs: 0, peakRssKb: null, exitCode: 127, stdout: '', stderr: (error as Error).message };
    }
  }
}
