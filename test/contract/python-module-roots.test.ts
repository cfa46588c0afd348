/**
 * Python module names start at the top of a package's chain of `__init__.py` folders (`pythonModuleRoot`), on every
 * backend, and an incremental run that adds or removes an `__init__.py` above a package equals a full index of the
 * same tree (the planner re-analyzes the unchanged files whose module root changed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendFactory, StoreLocation } from '../../src/core/contracts.js';
import { TEST_BACKENDS, index, loadBackend } from '../support/backends.js';
import { dumpAt, type IndexDump } from '../support/dump.js';

/** A package below folders that are not packages, a `src/` layout, a namespace folder and a `tests/` folder. */
const TREE: Readonly<Record<string, string>> = {
  'vendor/lib/pkg/__init__.py': 'from .core import make\n',
  'vendor/lib/pkg/core.py': 'def make():\n    return helper()\n\n\ndef helper():\n    return 1\n',
  'vendor/lib/pkg/sub/__init__.py': '',
  'vendor/lib/pkg/sub/use.py':
    'from pkg.core import make\nfrom pkg import helper as h\n\n\ndef run():\n    make()\n    return h()\n',
  'src/app/__init__.py': '',
  'src/app/main.py': 'from app.util import tool\n\n\ndef main():\n    return tool()\n',
  'src/app/util.py': 'def tool():\n    return 2\n',
  'ns/space/mod.py': 'from ns.space.other import g\n\n\ndef f():\n    return g()\n',
  'ns/space/other.py': 'def g():\n    return 3\n',
  'tests/test_pkg.py': 'from pkg.core import make\n\n\ndef test_make():\n    assert make() == 1\n',
};

/** The `__init__.py` that makes `vendor/lib` a package: `pkg` then becomes `lib.pkg`. */
const ADDED_INIT = 'vendor/lib/__init__.py';

/** A call as the dump holds it. */
interface DumpedCall {
  readonly path: string;
  readonly targetText: string;
  readonly targetQualifiedName: string | null;
}

/**
 * The resolved target of the call written `text` in `path`.
 *
 * @param dump - An index dump.
 * @param path - The calling file.
 * @param text - The callee as written.
 * @returns Its target's qualified name, `null` when unresolved.
 */
function target(dump: IndexDump, path: string, text: string): string | null | undefined {
  const call = (dump.calls as DumpedCall[]).find((c) => c.path === path && c.targetText === text);
  return call === undefined ? undefined : call.targetQualifiedName;
}

/**
 * The qualified names of a dump's symbols in one file.
 *
 * @param dump - An index dump.
 * @param path - The file.
 * @returns Qualified names, sorted.
 */
function names(dump: IndexDump, path: string): string[] {
  return (dump.symbols as { path: string; qualifiedName: string }[])
    .filter((s) => s.path === path)
    .map((s) => s.qualifiedName)
    .sort();
}

describe.each(TEST_BACKENDS)('Python module roots (%s)', (name) => {
  let scratch: string;
  let root: string;
  let backend: BackendFactory;
  const steps: { label: string; incremental: IndexDump; full: IndexDump; mode: string }[] = [];

  beforeAll(async () => {
    backend = await loadBackend(name);
    scratch = mkdtempSync(join(tmpdir(), `codira-pyroots-${name}-`));
    root = join(scratch, 'repo');
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const incremental: StoreLocation = { repoRoot: root, stateDir: join(scratch, 'incremental') };
    await index(backend, incremental, true);
    const record = async (label: string, mode: string): Promise<void> => {
      const fresh: StoreLocation = { repoRoot: root, stateDir: join(scratch, `full-${steps.length}`) };
      await index(backend, fresh, true);
      steps.push({ label, mode, incremental: await dumpAt(backend, incremental), full: await dumpAt(backend, fresh) });
      rmSync(fresh.stateDir, { recursive: true, force: true });
    };
    await record('initial', 'full');
    writeFileSync(join(root, ADDED_INIT), '');
    await record('add __init__.py above the package', (await index(backend, incremental)).mode);
    rmSync(join(root, ADDED_INIT));
    await record('remove it again', (await index(backend, incremental)).mode);
  }, 120_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names a package below non-package folders from the top of its __init__.py chain', () => {
    const dump = steps[0]!.full;
    expect(names(dump, 'vendor/lib/pkg/core.py')).toEqual(['pkg.core', 'pkg.core.helper', 'pkg.core.make']);
    expect(names(dump, 'vendor/lib/pkg/__init__.py')).toEqual(['pkg']);
    expect(target(dump, 'vendor/lib/pkg/sub/use.py', 'make')).toBe('pkg.core.make');
    // Re-exported through the package's `__init__.py`: the same-package suffix candidate `pkg.*helper`.
    expect(target(dump, 'vendor/lib/pkg/sub/use.py', 'h')).toBe('pkg.core.helper');
    expect(target(dump, 'tests/test_pkg.py', 'make')).toBe('pkg.core.make');
  });

  it('keeps src layouts, namespace folders and tests folders without __init__.py named by their path', () => {
    const dump = steps[0]!.full;
    expect(names(dump, 'src/app/main.py')).toEqual(['app.main', 'app.main.main']);
    expect(target(dump, 'src/app/main.py', 'tool')).toBe('app.util.tool');
    expect(names(dump, 'ns/space/mod.py')).toEqual(['ns.space.mod', 'ns.space.mod.f']);
    expect(target(dump, 'ns/space/mod.py', 'g')).toBe('ns.space.other.g');
    expect(names(dump, 'tests/test_pkg.py')).toEqual(['tests.test_pkg', 'tests.test_pkg.test_make']);
  });

  it('renames the package when an __init__.py makes its parent folder a package', () => {
    const step = steps[1]!;
    expect(step.mode).toBe('incremental');
    expect(names(step.full, 'vendor/lib/pkg/core.py')).toEqual([
      'lib.pkg.core',
      'lib.pkg.core.helper',
      'lib.pkg.core.make',
    ]);
    expect(target(step.full, 'vendor/lib/pkg/sub/use.py', 'make')).toBeNull();
  });

  it.each([1, 2])('after step %i the incremental index equals a full one', (i) => {
    const step = steps[i]!;
    expect(step.mode).toBe('incremental');
    expect(step.incremental).toEqual(step.full);
  });

  it('is back to the first index once the __init__.py is removed', () => {
    expect(steps[2]!.incremental.symbols).toEqual(steps[0]!.full.symbols);
    expect(steps[2]!.incremental.calls).toEqual(steps[0]!.full.calls);
  });
});
