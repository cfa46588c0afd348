/**
 * The run history: every campaign run appended to a DuckDB database (`.artifacts/history.duckdb`), our analytical
 * engine used for our own analytics. Bench reads and writes it directly; it is not an index and does not go through
 * the backend contract. The trend query flags step changes with window functions: a run whose mean moved more than
 * {@link STEP_THRESHOLD} from the median of the five runs before it, with a 95 % interval disjoint from the
 * previous run's.
 *
 * @packageDocumentation
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { loadRunResult } from './artifacts.js';
import type { RunResult } from './result.js';

/** Relative move from the prior median that, with disjoint intervals, counts as a step change. */
export const STEP_THRESHOLD = 0.1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY, campaign VARCHAR, started_at TIMESTAMP, commit_sha VARCHAR, dirty BOOLEAN,
  status VARCHAR, baseline_commit VARCHAR);
CREATE TABLE IF NOT EXISTS cells (
  run_id VARCHAR, repo VARCHAR, command VARCHAR, variant VARCHAR, backend VARCHAR, build VARCHAR, n INTEGER,
  mean_ms DOUBLE, median_ms DOUBLE, ci_low DOUBLE, ci_high DOUBLE);`;

/** One point of a trend. */
export interface TrendPoint {
  readonly repo: string;
  readonly command: string;
  readonly variant: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly commit: string | null;
  readonly dirty: boolean;
  readonly n: number;
  readonly meanMs: number;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** `meanMs` / median of the (up to) five previous runs' means, or `null` for the first run. */
  readonly vsPrior: number | null;
  readonly flag: 'step up' | 'step down' | null;
}

/** Filters of a trend query. */
export interface TrendFilter {
  readonly repo?: string;
  readonly command?: string;
}

async function withDb<T>(file: string, use: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  await mkdir(dirname(file), { recursive: true });
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    await conn.run(SCHEMA);
    return await use(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function insertRun(conn: DuckDBConnection, run: RunResult): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('DELETE FROM cells WHERE run_id = $1', [run.runId]);
    await conn.run('DELETE FROM runs WHERE run_id = $1', [run.runId]);
    await conn.run('INSERT INTO runs VALUES ($1, $2, CAST($3 AS TIMESTAMP), $4, $5, $6, $7)', [
      run.runId,
      run.campaign.name,
      run.startedAt.replace('T', ' ').replace('Z', ''),
      run.environment.commit,
      run.environment.dirty,
      run.status,
      run.baseline?.commit ?? null,
    ]);
    for (const repo of run.repositories) {
      for (const m of repo.measurements) {
        if (m.state !== 'completed') continue;
        const values: DuckDBValue[] = [
          run.runId,
          repo.label,
          m.command,
          m.variant,
          m.backend,
          m.build,
          m.stats.n,
          m.stats.mean,
          m.stats.median,
          m.stats.ci95?.low ?? null,
          m.stats.ci95?.high ?? null,
        ];
        await conn.run('INSERT INTO cells VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', values);
      }
    }
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK');
    throw error;
  }
}

/**
 * Append (or replace) one run.
 *
 * @param file - The history database.
 * @param run - The run.
 */
export async function recordRun(file: string, run: RunResult): Promise<void> {
  await withDb(file, (conn) => insertRun(conn, run));
}

/**
 * Add every run folder under `root` that the database does not hold yet (runs made before it existed, or whose
 * recording was interrupted).
 *
 * @param file - The history database.
 * @param root - Folder of run folders.
 * @returns Number of runs added.
 */
export async function syncHistory(file: string, root: string): Promise<number> {
  const folders = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'run.json'))) : [];
  return withDb(file, async (conn) => {
    const known = new Set(
      (await conn.runAndReadAll('SELECT run_id FROM runs WHERE status <> $1', ['running']))
        .getRowObjectsJS()
        .map((row) => String(row['run_id'])),
    );
    let added = 0;
    for (const name of folders.filter((n) => !known.has(n))) {
      let run: RunResult;
      try {
        run = loadRunResult(join(root, name));
      } catch {
        continue; // an older schema or a broken file: not part of the history
      }
      await insertRun(conn, run);
      added++;
    }
    return added;
  });
}

const TREND_SQL = `
WITH t AS (
  SELECT c.repo, c.command, c.variant, r.run_id, r.started_at, r.commit_sha, r.dirty, c.n, c.mean_ms, c.ci_low,
    c.ci_high,
    median(c.mean_ms) OVER (PARTITION BY c.repo, c.command, c.variant ORDER BY r.started_at, r.run_id
      ROWS BETWEEN 5 PRECEDING AND 1 PRECEDING) AS prior_median,
    lag(c.ci_low) OVER (PARTITION BY c.repo, c.command, c.variant ORDER BY r.started_at, r.run_id) AS prev_low,
    lag(c.ci_high) OVER (PARTITION BY c.repo, c.command, c.variant ORDER BY r.started_at, r.run_id) AS prev_high
  FROM cells c JOIN runs r USING (run_id)
  WHERE r.status = 'completed' AND c.build = 'current'
    AND ($1 IS NULL OR c.repo = $1) AND ($2 IS NULL OR c.command = $2)
)
SELECT repo, command, variant, run_id, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at, commit_sha, dirty,
  n, mean_ms, ci_low, ci_high, mean_ms / prior_median AS vs_prior,
  CASE WHEN prior_median IS NOT NULL AND abs(mean_ms / prior_median - 1) > $3
         AND (ci_low > prev_high OR ci_high < prev_low)
       THEN CASE WHEN mean_ms > prior_median THEN 'step up' ELSE 'step down' END END AS flag
FROM t ORDER BY repo, command, variant, started_at, run_id`;

/**
 * The trend of every repository × command × variant of the current build, oldest run first.
 *
 * @param file - The history database.
 * @param filter - Only this repository and/or command.
 * @returns Points grouped by repository, command and variant.
 */
export async function readTrend(file: string, filter: TrendFilter = {}): Promise<TrendPoint[]> {
  return withDb(file, async (conn) => {
    const reader = await conn.runAndReadAll(TREND_SQL, [filter.repo ?? null, filter.command ?? null, STEP_THRESHOLD]);
    return reader.getRowObjectsJS().map((row) => ({
      repo: String(row['repo']),
      command: String(row['command']),
      variant: String(row['variant']),
      runId: String(row['run_id']),
      startedAt: String(row['started_at']),
      commit: row['commit_sha'] === null ? null : String(row['commit_sha']),
      dirty: row['dirty'] === true,
      n: Number(row['n']),
      meanMs: Number(row['mean_ms']),
      ciLow: row['ci_low'] === null ? null : Number(row['ci_low']),
      ciHigh: row['ci_high'] === null ? null : Number(row['ci_high']),
      vsPrior: row['vs_prior'] === null ? null : Number(row['vs_prior']),
      flag: (row['flag'] as TrendPoint['flag']) ?? null,
    }));
  });
}
