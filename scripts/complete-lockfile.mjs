#!/usr/bin/env node
// Re-adds the platform-specific optional packages (other OSes and CPUs) that npm leaves out of package-lock.json
// when the registry it talks to serves only this machine's platform (npm/cli #4828, #7961, #8320). `npm ci` refuses a
// lock file that lacks them ("Missing: …@ from lock file"); with them present it skips the ones whose os/cpu/libc do
// not match the machine, without fetching anything. Run after any dependency change: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'wasm32'];
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};

/**
 * Platform fields of a package named like `…-linux-arm64-musl` / `…-win32-x64-msvc`.
 *
 * @param name - Package name.
 * @returns `os`/`cpu`/`libc` lock fields, or null when the name is not a platform variant.
 */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const osIndex = parts.findIndex((part) => OS.includes(part));
  if (osIndex < 0) return null;
  const os = parts[osIndex];
  const rest = parts.slice(osIndex + 1);
  if (os === 'wasm32') return { cpu: ['wasm32'] };
  const cpu = CPU[rest[0]];
  if (!cpu) return null;
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux') entry.libc = rest.some((r) => r.startsWith('musl')) ? ['musl'] : ['glibc'];
  return entry;
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (lock.packages[target] || lock.packages[`${key}/${target}`]) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d/.test(spec)) continue; // only exact-version platform variants
    lock.packages[target] = { version: spec, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
