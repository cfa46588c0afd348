/**
 * Error paths of the CLI on every backend: a closed stdout, a call chain thousands of levels deep, bad `--output-dir`
 * states (run as an unprivileged user, since root ignores permissions) and a damaged `.codira/` that `index` must
 * always recover from. Every failure is one line on stderr with exit code 2; nothing hangs (each run is killed after
 * a timeout) and nothing prints a stack trace.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodiraError } from '../../src/core/errors.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { dumpIndex, type IndexDump } from '../support/dump.js';
import { handOver, isOneLineError, runCli, startCli, RUNNING_AS_ROOT } from './unprivileged.js';

/** Length of the call chain: deep enough to overflow a recursive tree walk or `JSON.stringify`. */
const CHAIN = 3000;

function chainSource(): string {
  const lines: string[] = [];
  for (let i = 0; i < CHAIN; i++) lines.push(`def f${i}():`, `    return f${i + 1}()`);
  lines.push(`def f${CHAIN}():`, '    return 0', '');
  return lines.join('\n');
}

describe('CLI error paths', () => {
  let root: string;
  let repo: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'codira-cli-hostile-'));
    chmodSync(root, 0o755);
    repo = join(root, 'repo');
    mkdirSync(repo);
    writeFileSync(join(repo, 'chain.py'), chainSource());
    handOver(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const backend of TEST_BACKENDS) {
    describe(backend, () => {
      const out = (): string => join(root, `out-${backend}`);
      const codira = (args: string[], outputDir = out()) =>
        runCli([...args, '--path', repo, '--output-dir', outputDir, '--backend', backend], { unprivileged: true });

      beforeAll(() => {
        const run = codira(['index']);
        expect([run.status, run.stderr]).toEqual([0, '']);
      });

      it('stops quietly when the reader of stdout goes away (no EPIPE trace)', async () => {
        const child = startCli(
          ['symlist', '--limit', '0', '--json', '--path', repo, '--output-dir', out(), '--backend', backend],
          {
            unprivileged: true,
          },
        );
        child.stdout!.destroy(); // like `| head -0`: the read end closes before the output is written
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(stderr).toBe('');
        expect(status).toBe(0);
      });

      it(`prints a ${CHAIN}-level call tree`, () => {
        const run = codira(['calls', 'f0', '--tree', '--depth', String(CHAIN)]);
        expect([run.status, run.stderr]).toEqual([0, '']);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines).toHaveLength(CHAIN + 1);
        expect(lines[CHAIN]).toBe(`${'  '.repeat(CHAIN)}chain.f${CHAIN}  chain.py:${2 * CHAIN}`); // the call site in f2999
      });

      it('reports every bad --output-dir state in one line with exit 2, without hanging', () => {
        const file = join(root, `regular-file-${backend}`);
        writeFileSync(file, 'not a folder');
        const readOnly = join(root, `read-only-${backend}`);
        mkdirSync(readOnly, { mode: 0o555 });
        const dotCodiraFile = join(root, `dot-file-${backend}`);
        mkdirSync(dotCodiraFile);
        writeFileSync(join(dotCodiraFile, '.codira'), '');
        handOver(root);
        const cases: [string, RegExp][] = [
          [file, /^codira: the output directory .* is not a directory\n$/],
          [join(file, 'below'), /^codira: cannot (create the output directory|stat) .*not a directory/],
          [readOnly, /^codira: cannot create the state directory .*: permission denied \(EACCES\)\n$/],
          [dotCodiraFile, /^codira: .*\.codira exists and is not a directory; move it away and run `codira index`\n$/],
          ['/proc', /^codira: cannot create the state directory \/proc\/\.codira: /],
          ['/proc/codira/deeper', /^codira: cannot create the output directory \/proc\/codira: /],
          ['/dev/null', /^codira: the output directory \/dev\/null is not a directory\n$/],
        ];
        for (const [outputDir, message] of cases) {
          const run = codira(['index'], outputDir);
          expect(run.signal, outputDir).toBeNull();
          expect(run.status, outputDir).toBe(2);
          expect(run.stderr, outputDir).toMatch(message);
          expect(isOneLineError(run), outputDir).toBe(true);
        }
      });

      it('refuses an index path that is a directory, in one line with exit 2, for index and queries', async () => {
        const outputDir = join(root, `store-dir-${backend}`);
        const location = { repoRoot: repo, stateDir: join(outputDir, '.codira') };
        for (const path of (await loadBackend(backend)).storeFiles(location)) mkdirSync(path, { recursive: true });
        handOver(outputDir);
        const index = codira(['index'], outputDir);
        expect(index.status).toBe(2);
        expect(index.stderr).toMatch(/^codira: .* is not a regular file; move it away and run `codira index`\n$/);
        const query = codira(['sym', 'f1'], outputDir);
        expect(query.status).toBe(2);
        expect(isOneLineError(query)).toBe(true);
      });
    });
  }
});

/**
 * The pid of a process that has exited.
 *
 * @returns The pid.
 */
function deadPid(): number {
  return spawnSync('true').pid!;
}

describe('index recovers from a damaged .codira/', () => {
  const damages: Record<string, (store: string) => void> = {
    'empty index file': (store) => writeFileSync(store, ''),
    'garbage index file': (store) => writeFileSync(store, Buffer.alloc(40_000, 0xa5)),
    'truncated index file': (store) => truncateSync(store, Math.floor(readFileSync(store).length / 2)),
    'read-only index file': (store) => chmodSync(store, 0o444),
    "a folder under a dead writer's temporary name": (store) =>
      mkdirSync(join(`${store}.tmp-${deadPid()}-deadbeef`, 'inside'), { recursive: true }),
    'unknown files beside the index': (store) => {
      writeFileSync(`${store}.junk`, 'x');
      mkdirSync(join(store, '..', 'stray-folder'), { recursive: true });
    },
  };

  for (const backend of TEST_BACKENDS) {
    it(`${backend}: queries fail in one line (or still answer) and the next index restores the same index`, async () => {
      const factory = await loadBackend(backend);
      const root = mkdtempSync(join(tmpdir(), 'codira-damaged-'));
      try {
        writeFileSync(join(root, 'a.py'), 'def alpha():\n    return beta()\n\ndef beta():\n    return 1\n');
        const location = { repoRoot: root, stateDir: join(root, 'out', '.codira') };
        const dump = async (): Promise<IndexDump> => {
          const reader = await factory.openReader(location);
          return dumpIndex(reader).finally(() => reader.close());
        };
        await index(factory, location);
        const before = await dump();
        const [store] = factory.storeFiles(location);
        for (const [damage, apply] of Object.entries(damages)) {
          apply(store!);
          // A damaged index is either still readable or refused with an expected (one-line) error.
          await dump().catch((error: unknown) => expect(error, damage).toBeInstanceOf(CodiraError));
          const report = await index(factory, location);
          expect(report.failed, damage).toEqual([]);
          expect(await dump(), damage).toEqual(before);
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

describe('read-only file system', () => {
  it('reports a read-only mount in one line with exit 2 (where the machine lets the test mount one)', () => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'codira-rofs-'));
    let mounted = false;
    try {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', mountPoint], { stdio: 'ignore' });
        mounted = true;
      } catch {
        // Not allowed here (not root, or no mount namespace): the read-only folder cases above cover EACCES.
      }
      const repo = mkdtempSync(join(tmpdir(), 'codira-rofs-repo-'));
      writeFileSync(join(repo, 'a.py'), 'def a():\n    pass\n');
      const target = mounted ? mountPoint : repo;
      if (!mounted) chmodSync(repo, 0o555);
      const run = runCli(['index', '--path', repo, '--output-dir', target, '--backend', TEST_BACKENDS[0]!], {
        unprivileged: !mounted,
      });
      chmodSync(repo, 0o755);
      rmSync(repo, { recursive: true, force: true });
      expect(run.status).toBe(2);
      expect(isOneLineError(run)).toBe(true);
      expect(run.stderr).toMatch(
        mounted || !RUNNING_AS_ROOT ? /read-only file system \(EROFS\)|permission denied \(EACCES\)/ : /EACCES/,
      );
    } finally {
      if (mounted) execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});
