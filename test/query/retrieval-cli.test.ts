/**
 * The ctx, emb and audit commands end to end through the compiled CLI (`npm test` builds dist/ first), over an
 * index written by the fixture helper, on every backend.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, loadBackend } from '../support/backends.js';
import { buildFixtureIndex, type FixtureIndex } from './fixture-index.js';
import { APP_FILES, TARGET } from './fixture-repo.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'codira.js');

for (const backend of TEST_BACKENDS) {
  describe(`retrieval commands (CLI, ${backend})`, () => {
    let index: FixtureIndex;
    const codira = (...args: string[]) => {
      const run = spawnSync(process.execPath, [BIN, ...args, '--path', index.location.repoRoot, '--backend', backend], {
        encoding: 'utf8',
      });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    };
    beforeAll(async () => {
      const withFindings = APP_FILES.map((f) =>
        f.path === 'app/util/text.py'
          ? {
              ...f,
              findings: [{ rule: 'PY001', line: 1, symbol: 'app.util.text', message: 'module has no docstring' }],
            }
          : f,
      );
      index = await buildFixtureIndex(withFindings, await loadBackend(backend));
    });
    afterAll(() => index.dispose());

    it('ctx --json ranks the target first; --prompt prints the compact block', () => {
      const json = codira('ctx', 'how are schema migrations applied', '--json', '--limit', '3');
      expect(json.status).toBe(0);
      const result = JSON.parse(json.stdout) as { symbols: { qualifiedName: string }[]; method: { fusion: string } };
      expect(result.symbols.map((s) => s.qualifiedName)[0]).toBe(TARGET);
      expect(result.symbols).toHaveLength(3);
      expect(result.method.fusion).toBe('weighted reciprocal-rank fusion');
      const prompt = codira('ctx', 'how are schema migrations applied', '--prompt', '--limit', '1');
      expect(prompt.stdout).toBe(
        [
          'Context for: how are schema migrations applied',
          '',
          'Files:',
          '- app/db/migrations.py',
          '',
          'Symbols:',
          `- ${TARGET} (function) app/db/migrations.py:10-30`,
          '  def applyMigrations(...)',
          '  Apply pending schema migrations to the database.',
          '',
        ].join('\n'),
      );
      expect(codira('ctx', 'x', '--prompt', '--json').status).toBe(2);
    });

    it('emb prints scores with 6 decimals', () => {
      const run = codira('emb', 'apply db migrations', '--limit', '1');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(
        /^0\.\d{6} {2}function {2}app\.db\.migrations\.applyMigrations {2}app\/db\/migrations\.py:10\n$/,
      );
    });

    it('audit exits 0 with findings, 1 with --strict, and 0 with --strict when clean', () => {
      const plain = codira('audit');
      expect(plain.status).toBe(0);
      expect(plain.stdout).toBe(
        'app/util/text.py\n  1  PY001  app.util.text  module has no docstring\n\n1 finding: PY001 1\n',
      );
      const strict = codira('audit', '--strict', '--json');
      expect(strict.status).toBe(1);
      expect(JSON.parse(strict.stdout)).toMatchObject({ total: 1, rules: [{ rule: 'PY001', count: 1 }] });
      expect(strict.stderr).toBe('codira: audit --strict: 1 finding\n');
      expect(codira('audit', '--strict', '--prefix', 'app/db/')).toMatchObject({
        status: 0,
        stdout: "no findings under 'app/db/'\n",
      });
    });

    it('documents each command with an example', () => {
      for (const command of ['ctx', 'emb', 'audit']) {
        const help = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' });
        expect(help.status).toBe(0);
        expect(help.stdout).toContain('Examples:');
        expect(help.stdout).toContain(`codira ${command} `);
      }
    });
  });
}
