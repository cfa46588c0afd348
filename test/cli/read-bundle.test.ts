/**
 * The read path's bundle (`src/cli/read-entry.ts`, built into `dist/cli/read-bundle.cjs` by `npm run build`): a plain
 * read command runs from it without loading one ES module, its drivers load without their path searches, and it
 * answers byte for byte what the full CLI answers for the same question on every backend.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_COMMAND_LOADERS } from '../../src/cli/read-commands.js';
import { TEST_BACKENDS } from '../support/backends.js';
import { createFixtureRepo, type FixtureRepo } from '../support/fixture-repo.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'codira.js');

/** Each read command with arguments that find something in the fixture repository. */
const QUESTIONS: readonly (readonly string[])[] = [
  ['sym', 'total'],
  ['sym', 'Cart', '--json'],
  ['symlist', '--limit', '5'],
  ['symlist', '--prefix', 'web/', '--json'],
  ['calls', 'shop.cart.Cart.add'],
  ['refs', 'shop.cart.Cart.total', '--json'],
  ['ctx', 'discount price of a cart', '--limit', '3'],
  ['emb', 'format a price', '--json'],
  ['graph', '--prefix', 'shop/'],
  ['audit', '--json'],
  ['impact', 'shop.pricing.apply_discount'],
  ['map', '--symbols', '3'],
  ['status', '--json'],
];

/**
 * The same question in a form the plain parser declines (src/cli/fast-path.ts), so the full CLI's yargs parses it.
 *
 * @param question - A plain command line.
 * @returns It with `--json` as `--json=true`, or with `--no-json` added.
 */
function fullCliLine(question: readonly string[]): string[] {
  return question.includes('--json')
    ? question.map((arg) => (arg === '--json' ? '--json=true' : arg))
    : [...question, '--no-json'];
}

describe('read bundle (CLI)', () => {
  let repo: FixtureRepo;
  const codira = (backend: string, args: readonly string[], env: Record<string, string> = {}) => {
    const out = join(repo.stateDir(backend), '..');
    const run = spawnSync(
      process.execPath,
      [BIN, ...args, '--path', repo.root, '--output-dir', out, '--backend', backend],
      { encoding: 'utf8', env: { ...process.env, ...env } },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  beforeAll(() => {
    repo = createFixtureRepo();
    for (const backend of TEST_BACKENDS) expect(codira(backend, ['index']).status).toBe(0);
  });
  afterAll(() => repo.dispose());

  it('lists the same read commands as the launcher, and asks each of them', () => {
    const launcher = /const READ_COMMANDS = \[([^\]]*)\]/.exec(readFileSync(BIN, 'utf8'))?.[1] ?? '';
    const listed = [...launcher.matchAll(/'([a-z]+)'/g)].map((match) => match[1]);
    expect(listed).toEqual([...READ_COMMAND_LOADERS.keys()]);
    expect(new Set(QUESTIONS.map((question) => question[0]))).toEqual(new Set(READ_COMMAND_LOADERS.keys()));
  });

  it('is built with its code cache', () => {
    expect(existsSync(join(ROOT, 'dist', 'cli', 'read-bundle.cjs'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist', 'cli', 'read-bundle.cjs.v8cache'))).toBe(true);
  });

  it('runs a plain read command without loading an ES module; a declined command line loads the full CLI', () => {
    for (const backend of TEST_BACKENDS) {
      const plain = codira(backend, ['sym', 'total'], { NODE_DEBUG: 'esm' });
      expect(plain.status).toBe(0);
      expect(plain.stdout).toContain('shop.cart.Cart.total');
      expect(plain.stderr).not.toMatch(/^ESM /m);
      // `--no-json` is outside the plain parser (src/cli/fast-path.ts): yargs in the full CLI parses it.
      const declined = codira(backend, ['sym', 'total', '--no-json'], { NODE_DEBUG: 'esm' });
      expect(declined.status).toBe(0);
      expect(declined.stderr).toContain('dist/cli/main.js');
    }
  });

  it('loads better-sqlite3 without the bindings package and DuckDB without detect-libc', () => {
    const sqlite = codira('sqlite', ['sym', 'total'], { NODE_DEBUG: 'module' });
    expect(sqlite.status).toBe(0);
    expect(sqlite.stderr).toContain('better_sqlite3.node');
    expect(sqlite.stderr).not.toMatch(/node_modules\/bindings\//);
    if (!TEST_BACKENDS.includes('duckdb')) return;
    const duckdb = codira('duckdb', ['sym', 'total'], { NODE_DEBUG: 'module' });
    expect(duckdb.status).toBe(0);
    expect(duckdb.stderr).toContain('duckdb.node');
    expect(duckdb.stderr).not.toContain('detect-libc');
  });

  it('answers byte for byte as the full CLI on every backend', () => {
    for (const backend of TEST_BACKENDS) {
      for (const question of QUESTIONS) {
        const bundled = codira(backend, question);
        const full = codira(backend, fullCliLine(question));
        expect({ question, backend, status: bundled.status }).toEqual({ question, backend, status: 0 });
        expect(bundled.stdout.trim().length).toBeGreaterThan(0);
        expect({ question, backend, stdout: full.stdout, status: full.status }).toEqual({
          question,
          backend,
          stdout: bundled.stdout,
          status: 0,
        });
      }
    }
  });

  it('ends the process itself after the command: the session is left to the exit, the output is whole', () => {
    for (const backend of TEST_BACKENDS) {
      // Output first, then a failure exit (`audit --strict` with findings): both arrive as from the full CLI.
      const bundled = codira(backend, ['audit', '--strict', '--json'], { CODIRA_TRACE: '1' });
      const full = codira(backend, fullCliLine(['audit', '--strict', '--json']), { CODIRA_TRACE: '1' });
      expect({ backend, status: bundled.status }).toEqual({ backend, status: 1 });
      expect([bundled.status, bundled.stdout]).toEqual([full.status, full.stdout]);
      expect((JSON.parse(bundled.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
      // bin/codira.js exits after a bundled read command, so DuckDB's session skips its teardown; the full CLI's
      // process ends on its own and closes the session.
      const left = 'duckdb read session left to the exit';
      expect({ backend, bundled: bundled.stderr.includes(left), full: full.stderr.includes(left) }).toEqual({
        backend,
        bundled: backend === 'duckdb',
        full: false,
      });
    }
  });

  it('reports errors as the full CLI does', () => {
    const backend = TEST_BACKENDS[0]!;
    const bundled = codira(backend, ['ctx', 'x', '--limit', '-1']);
    const full = codira(backend, fullCliLine(['ctx', 'x', '--limit', '-1']));
    expect(bundled.status).toBe(2);
    expect([bundled.status, bundled.stderr]).toEqual([full.status, full.stderr]);
  });
});
