/**
 * Loading a CommonJS bundle with a V8 code cache beside it.
 *
 * `require` compiles a module's source on every start; V8 can instead take the code it compiled before, from a cache
 * written at build time (`scripts/bundle-sdk.mjs`). For the SDK bundle that saves most of its compile time (about
 * 8 of its 27 ms of CPU on the development machine, `docs/process/issue-14-execution.md`, session 13). A cache V8
 * rejects (another Node version, other V8 flags) or a missing one only costs that saving: the source is compiled as
 * `require` would.
 *
 * @packageDocumentation
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * @param bundle - Absolute path of a bundle.
 * @returns The file its code cache is kept in.
 */
export function cacheFileOf(bundle: string): string {
  return `${bundle}.v8cache`;
}

function compile(bundle: string, cachedData: Buffer | undefined): Script {
  // The same wrapper as Node's CommonJS loader, so the bundle sees exactly what `require` would give it.
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n})`;
  return new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
}

function run(script: Script, bundle: string): unknown {
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return module.exports;
}

function readCache(bundle: string): Buffer | undefined {
  try {
    return readFileSync(cacheFileOf(bundle));
  } catch {
    return undefined;
  }
}

/**
 * Load a CommonJS bundle, using its code cache when V8 accepts it.
 *
 * @param bundle - Absolute path of the bundle.
 * @returns The bundle's exports, and whether a cache file was there and V8 took it.
 */
export function loadBundle(bundle: string): { exports: unknown; cacheUsed: boolean } {
  const cachedData = readCache(bundle);
  const script = compile(bundle, cachedData);
  const exports = run(script, bundle);
  return { exports, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/**
 * Load a bundle once and write its code cache (the code V8 compiled for it while it loaded).
 *
 * @param bundle - Absolute path of the bundle.
 * @returns Size of the cache in bytes.
 */
export function writeBundleCache(bundle: string): number {
  const script = compile(bundle, undefined);
  run(script, bundle);
  const data = script.createCachedData();
  writeFileSync(cacheFileOf(bundle), data);
  return data.length;
}

/**
 * Load a bundle, let `warm` run the module initialisers a command will run, then write its code cache. A bundle whose
 * modules are initialised on first import (`scripts/bundle-cli.mjs`) compiles nothing of them while it loads, so
 * {@link writeBundleCache} would leave their code out of the cache and every start would compile it.
 *
 * @param bundle - Absolute path of the bundle.
 * @param warm - Called with the bundle's exports; initialises modules (it must not start work with side effects).
 * @returns Size of the cache in bytes.
 */
export async function writeWarmBundleCache(
  bundle: string,
  warm: (exports: unknown) => Promise<unknown>,
): Promise<number> {
  const script = compile(bundle, undefined);
  await warm(run(script, bundle));
  const data = script.createCachedData();
  writeFileSync(cacheFileOf(bundle), data);
  return data.length;
}
