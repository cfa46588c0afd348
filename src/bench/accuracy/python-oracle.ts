/**
 * The Python oracle: jedi's `goto` (imports followed, types inferred) over a seeded sample of call sites, run by
 * `jedi-oracle.py` under the system `python3`. jedi and parso come from Debian by pinned version, fetched and
 * cached like the corpora (`apt-get download` + `dpkg-deb -x` under `.artifacts/oracles/`).
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CorpusError, materializeCorpus, PROJECT_ROOT, type DebianSource } from '../corpus.js';
import type { OracleSite } from './oracle-site.js';

const run = promisify(execFile);

/** The pinned oracle packages (Debian bookworm). */
export const JEDI_PACKAGES: readonly DebianSource[] = Object.freeze([
  { kind: 'debian', package: 'python3-jedi', version: '0.18.2-1' },
  { kind: 'debian', package: 'python3-parso', version: '0.8.3-1' },
]);

/** Cache folder of oracle packages. */
export const ORACLES_DIR: string = join(PROJECT_ROOT, '.artifacts', 'oracles');

/** The oracle script, shipped as source beside this module's source. */
const SCRIPT = join(PROJECT_ROOT, 'src', 'bench', 'accuracy', 'jedi-oracle.py');

/** Options of one oracle run. */
export interface PythonOracleOptions {
  /** Call sites drawn from the corpus. */
  readonly sample: number;
  /** Seed of the draw, so every run scores the same sites. */
  readonly seed: number;
  /** Python interpreter (default `python3`). */
  readonly python?: string;
}

/**
 * Run jedi over a seeded sample of the corpus's call sites.
 *
 * @param root - Corpus root (absolute).
 * @param files - Repository-relative paths of the files to draw call sites from (the files codira indexed).
 * @param options - Sample size, seed, interpreter.
 * @returns The sampled sites with jedi's answers.
 */
export async function pythonOracle(
  root: string,
  files: readonly string[],
  options: PythonOracleOptions,
): Promise<OracleSite[]> {
  const libraries: string[] = [];
  for (const source of JEDI_PACKAGES) libraries.push(await materializeCorpus(source, ORACLES_DIR));
  const scratch = await mkdtemp(join(tmpdir(), 'codira-jedi-'));
  try {
    const list = join(scratch, 'files.txt');
    await writeFile(list, files.map((f) => `${f}\n`).join(''));
    const { stdout } = await run(
      options.python ?? 'python3',
      [SCRIPT, root, list, String(options.sample), String(options.seed)],
      { env: { ...process.env, PYTHONPATH: libraries.join(':'), PYTHONHASHSEED: '0' }, maxBuffer: 256 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as OracleSite[];
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? (error as Error).message;
    throw new CorpusError(`jedi oracle failed: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
