/**
 * Helpers shared by the oracle tests: a throw-away corpus on disk and a compact view of oracle sites.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OracleSite } from '../../../src/bench/accuracy/oracle-site.js';

/**
 * Write files to a new temporary folder.
 *
 * @param files - Contents by repository-relative path.
 * @returns The folder.
 */
export function writeCorpus(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'codira-oracle-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/**
 * One row per site: `path:line`, text, kind, status, targets as `path:line:name`.
 *
 * @param sites - Oracle sites.
 * @returns The rows.
 */
export function siteView(sites: readonly OracleSite[]): (string | null)[][] {
  return sites.map((s) => [
    `${s.path}:${s.line}`,
    s.text,
    s.kind,
    s.status,
    s.targets.map((t) => `${t.path}:${t.line}:${t.name}`).join(' '),
  ]);
}
