/**
 * The `index` and `mcp` bundles (`src/cli/index-entry.ts`, `src/cli/mcp-entry.ts`, built into
 * `dist/cli/index-bundle.cjs` and `dist/cli/mcp-bundle.cjs` by `npm run build`): a plain `codira index` or
 * `codira mcp` runs from them without loading the CLI's ES modules, the analysis hosts they start still find their
 * entries in dist/, and what they store and answer is what the full CLI stores and answers on every backend.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'codira.js');

/** Questions whose answers show what an index stored (no timestamps in them). */
const QUESTIONS: readonly (readonly string[])[] = [
  ['symlist', '--json'],
  ['refs', 'shop.cart.Cart.total', '--json'],
  ['calls', 'shop.cart.Cart.add', '--json'],
  ['audit', '--json'],
];

/**
 * ES modules a process stored (NODE_DEBUG=esm), as paths under the checkout.
 *
 * @param stderr - The process's stderr.
 * @returns Each module's path once.
 */
function esModules(stderr: string): string[] {
  return [...new Set([...stderr.matchAll(/Storing file:\/\/(\S+)/g)].map((match) => match[1]!.replace(ROOT, '')))];
}

describe('index and mcp bundles (CLI)', () => {
  let repo: FixtureRepo;
  /** Run the CLI against the fixture with the index under the output folder `label` names. */
  const codira = (label: string, backend: string, args: readonly string[], env: Record<string, string> = {}) => {
    const run = spawnSync(
      process.execPath,
      [
        BIN,
        ...args,
        '--path',
        repo.root,
        '--output-dir',
        join(repo.stateDir(`${label}-${backend}`), '..'),
        '--backend',
        backend,
      ],
      { encoding: 'utf8', env: { ...process.env, ...env } },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  /** Expect the answers of `label`'s index to equal those of the index the full CLI built. */
  const expectSameAnswers = (label: string, backend: string): void => {
    for (const question of QUESTIONS) {
      const bundled = codira(label, backend, question);
      const full = codira('full-cli', backend, question);
      expect(bundled.status, `${backend} ${question.join(' ')}`).toBe(0);
      expect(bundled.stdout, `${backend} ${question.join(' ')}`).toBe(full.stdout);
    }
  };
  beforeAll(() => {
    repo = createFixtureRepo();
  });
  afterAll(() => repo.dispose());

  it('are built with their code caches, and the launcher runs each from its entry', () => {
    for (const bundle of [
      'cli/index-bundle.cjs',
      'cli/mcp-bundle.cjs',
      'analyzers/analysis-thread-bundle.cjs',
      'backends/duckdb/arrow-bundle.cjs',
    ]) {
      expect(existsSync(join(ROOT, 'dist', bundle))).toBe(true);
      expect(existsSync(join(ROOT, 'dist', `${bundle}.v8cache`))).toBe(true);
    }
    // Written as ASCII, so V8 holds each as a one-byte source (scripts/bundle-prelude.mjs `asciiBundle`).
    for (const bundle of ['cli/index-bundle.cjs', 'cli/mcp-bundle.cjs', 'analyzers/analysis-thread-bundle.cjs']) {
      expect(
        readFileSync(join(ROOT, 'dist', bundle)).some((byte) => byte > 0x7f),
        bundle,
      ).toBe(false);
    }
    const launcher = readFileSync(BIN, 'utf8');
    expect(launcher).toContain(
      "{ file: 'index-bundle.cjs', commands: ['index'], run: 'runIndexCommand', exitAfter: 'when-alone' }",
    );
    expect(launcher).toContain("{ file: 'mcp-bundle.cjs', commands: ['mcp'], run: 'runMcpCommand' }");
  });

  it('indexes without the ES module graph: neither a warm no-op nor a one-file run with its analysis thread loads one', () => {
    for (const backend of TEST_BACKENDS) {
      expect(codira('plain', backend, ['index']).status).toBe(0);
      const noop = codira('plain', backend, ['index', '--json'], { NODE_DEBUG: 'esm,module' });
      expect(noop.status).toBe(0);
      expect(JSON.parse(noop.stdout).mode).toBe('noop');
      expect(esModules(noop.stderr)).toEqual([]);
      repo.write('shop/extra.py', `def extra_${backend}():\n    return 1\n`);
      const incremental = codira('plain', backend, ['index', '--json'], { NODE_DEBUG: 'esm,module' });
      expect(incremental.status).toBe(0);
      expect(JSON.parse(incremental.stdout).indexed).toBe(1);
      // Its analysis thread runs from the bundle beside the registry (core/analysis-thread-start.ts).
      expect(esModules(incremental.stderr)).toEqual([]);
      // DuckDB's driver and apache-arrow load only for a DuckDB run (the bundle requires them on first use).
      if (backend === 'duckdb')
        expect(incremental.stderr).toMatch(/@duckdb\/node-bindings/); // the check can fail
      else expect(incremental.stderr).not.toMatch(/@duckdb|apache-arrow/);
      // A line the plain parser declines runs the full CLI.
      const declined = codira('plain', backend, ['index', '--no-json'], { NODE_DEBUG: 'esm' });
      expect(declined.status).toBe(0);
      expect(esModules(declined.stderr)).toContain('/dist/cli/main.js');
      repo.remove('shop/extra.py');
    }
  });

  it("starts a one-file run's analysis thread under V8's default flags, so it loads its bundle with the code cache", () => {
    // The run's tiering (cli/optimizer-hold.ts) changes process-wide V8 flags; under changed flags V8 rejects the code
    // caches of the thread's bundle and of Node's built-ins (issue 12, session 19).
    for (const backend of TEST_BACKENDS) {
      expect(codira('cache', backend, ['index']).status).toBe(0);
      for (const round of [1, 2]) {
        repo.write('shop/extra.py', `def cached_${backend}_${round}():\n    return ${round}\n`);
        const run = codira('cache', backend, ['index', '--json'], { CODIRA_TRACE: '1' });
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout).indexed).toBe(1);
        expect(run.stderr, backend).toMatch(/analysis thread bundle code cache used\n/);
        // The DuckDB writer's Arrow modules come from their bundle, with its cache (backends/duckdb/duckdb-arrow.ts).
        if (backend === 'duckdb') expect(run.stderr).toMatch(/apache-arrow bundle code cache used\n/);
        else expect(run.stderr).not.toMatch(/apache-arrow/);
      }
      repo.remove('shop/extra.py');
    }
  });

  it("loads no Node built-in while the run's tiering has changed V8's flags (no-op and one-file runs)", () => {
    // A preload records, for every V8 flag the run sets, which built-ins the main thread loaded under the flags before:
    // under changed flags V8 rejects their code cache and compiles them from source (cli/optimizer-hold.ts).
    const preload = join(repo.root, '..', 'flag-probe.cjs');
    writeFileSync(
      preload,
      `const v8 = require('node:v8'); const fs = require('node:fs');
const seen = new Set(process.moduleLoadList); let flags = 'default'; const log = [];
const note = () => { const fresh = process.moduleLoadList.filter((m) => !seen.has(m) && m.startsWith('NativeModule '));
  fresh.forEach((m) => seen.add(m)); if (flags !== 'default' && fresh.length > 0) log.push(flags + ': ' + fresh.join(' ')); };
const set = v8.setFlagsFromString;
v8.setFlagsFromString = (flag) => { note(); set(flag);
  flags = ['--turbofan', '--interrupt-budget=67584'].includes(flag) ? 'default' : flag; };
process.on('exit', () => { note(); fs.writeFileSync(process.env.FLAG_PROBE_OUT, JSON.stringify(log)); });
`,
    );
    const out = join(repo.root, '..', 'flag-probe.json');
    const env = { NODE_OPTIONS: `--require ${preload}`, FLAG_PROBE_OUT: out };
    for (const backend of TEST_BACKENDS) {
      expect(codira('probe', backend, ['index']).status).toBe(0);
      const noop = codira('probe', backend, ['index', '--json'], env);
      expect(JSON.parse(noop.stdout).mode, backend).toBe('noop');
      expect(JSON.parse(readFileSync(out, 'utf8')), `${backend} no-op`).toEqual([]);
      repo.write('shop/extra.py', `def probed_${backend}():\n    return 1\n`);
      const incremental = codira('probe', backend, ['index', '--json'], env);
      expect(JSON.parse(incremental.stdout).indexed, backend).toBe(1);
      expect(JSON.parse(readFileSync(out, 'utf8')), `${backend} one-file run`).toEqual([]);
      repo.remove('shop/extra.py');
      expect(codira('probe', backend, ['index']).status).toBe(0);
    }
  });

  it('stores what the full CLI stores: full runs (thread and process hosts) and one-file runs', () => {
    for (const backend of TEST_BACKENDS) {
      const steps: [string[], Record<string, string>][] = [
        [['index', '--full'], {}],
        [['index', '--full'], { CODIRA_ISOLATION: 'process' }],
      ];
      for (const [args, env] of steps) {
        expect(codira('bundle', backend, args, env).status).toBe(0);
        expect(codira('full-cli', backend, [...args, '--no-json'], env).status).toBe(0);
        expectSameAnswers('bundle', backend);
      }
      for (const env of [{}, { CODIRA_ISOLATION: 'process' }] as Record<string, string>[]) {
        repo.write('shop/extra.py', `def extra_${Object.keys(env).length}():\n    return 2\n`);
        const bundled = codira('bundle', backend, ['index', '--json'], env);
        expect(bundled.status, bundled.stderr).toBe(0);
        expect(JSON.parse(bundled.stdout)).toMatchObject({ mode: 'incremental', indexed: 1, failed: [] });
        expect(codira('full-cli', backend, ['index', '--no-json'], env).status).toBe(0);
        expectSameAnswers('bundle', backend);
      }
      repo.remove('shop/extra.py');
      expect(codira('bundle', backend, ['index']).status).toBe(0);
      expect(codira('full-cli', backend, ['index', '--no-json']).status).toBe(0);
    }
  });

  it('serves without the ES module graph and answers as the full CLI server does', async () => {
    /** Start a server, ask one `sym`, close its stdin; its answer and its stderr. */
    const ask = (backend: string, extra: readonly string[]) =>
      new Promise<{ answer: unknown; stderr: string; code: number | null }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            BIN,
            'mcp',
            '--path',
            repo.root,
            '--output-dir',
            join(repo.stateDir(`plain-${backend}`), '..'),
            '--backend',
            backend,
            ...extra,
          ],
          { env: { ...process.env, NODE_DEBUG: 'esm' } },
        );
        let out = '';
        let stderr = '';
        let answer: unknown;
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          for (const line of out.split('\n').slice(0, -1)) {
            const message = JSON.parse(line) as { id?: number; result?: unknown };
            if (message.id === 2 && answer === undefined) {
              answer = message.result;
              child.stdin.end();
            }
          }
          out = out.slice(out.lastIndexOf('\n') + 1);
        });
        child.on('error', reject);
        child.on('exit', (code) => resolve({ answer, stderr, code }));
        const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
        send({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
        });
        send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'sym', arguments: { name: 'total' } } });
      });
    for (const backend of TEST_BACKENDS) {
      expect(codira('plain', backend, ['index']).status).toBe(0);
      const plain = await ask(backend, []);
      expect(plain.code).toBe(0);
      expect(JSON.stringify(plain.answer)).toContain('shop.cart.Cart.total');
      expect(esModules(plain.stderr)).toEqual([]);
      const declined = await ask(backend, ['--no-json']);
      expect(declined.code).toBe(0);
      expect(esModules(declined.stderr)).toContain('/dist/cli/main.js');
      expect(plain.answer).toEqual(declined.answer);
    }
  });
});
