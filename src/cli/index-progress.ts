/**
 * The progress line of `codira index` on a terminal: the current phase (from the phase recorder), files analysed,
 * throughput, elapsed time and an estimate of what remains, rewritten in place on stderr at most five times a
 * second.
 *
 * @packageDocumentation
 */
import { onPhase } from '../core/phases.js';

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * One progress line: `index · analyze · 120/530 files · 85 files/s · 0:04 elapsed · ~0:05 left`.
 *
 * @param state - What is known so far: phase, files done of total, elapsed ms, ms in the analysis loop.
 * @returns The line, without control characters.
 */
export function progressLine(state: {
  phase: string;
  done: number;
  total: number;
  elapsedMs: number;
  analyzeMs: number;
}): string {
  const parts = ['index', state.phase];
  if (state.total > 0) {
    parts.push(`${state.done}/${state.total} files`);
    const rate = state.analyzeMs > 0 ? (state.done * 1000) / state.analyzeMs : 0;
    if (rate > 0) parts.push(`${rate.toFixed(rate < 10 ? 1 : 0)} files/s`);
    parts.push(`${clock(state.elapsedMs)} elapsed`);
    // Worker start-up makes the first files slow: no estimate until a twentieth of the files (or ten) are done.
    const settled = state.done >= Math.max(10, state.total / 20);
    if (rate > 0 && settled && state.done < state.total)
      parts.push(`~${clock(((state.total - state.done) / rate) * 1000)} left`);
  } else {
    parts.push(`${clock(state.elapsedMs)} elapsed`);
  }
  return parts.join(' · ');
}

/** Follows the phases and file counts of one `index` run and draws the line. */
export class IndexProgress {
  private readonly started = Date.now();
  private phase = 'starting';
  private done = 0;
  private total = 0;
  private analyzeStarted: number | null = null;
  private last = 0;

  /** @param write - Where the line goes (stderr). */
  constructor(private readonly write: (text: string) => void) {
    onPhase((phase) => {
      this.phase = phase;
      if (phase === 'analyze') this.analyzeStarted ??= Date.now();
      this.draw(true);
    });
  }

  /**
   * Record analysis progress.
   *
   * @param done - Files analysed.
   * @param total - Files to analyse.
   */
  files(done: number, total: number): void {
    this.done = done;
    this.total = total;
    this.draw(done === total);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    const line = progressLine({
      phase: this.phase,
      done: this.done,
      total: this.total,
      elapsedMs: now - this.started,
      analyzeMs: this.analyzeStarted === null ? 0 : now - this.analyzeStarted,
    });
    this.write(`\r\x1b[K${line}`);
  }

  /** Clear the line and stop following phases. */
  finish(): void {
    onPhase(null);
    this.write('\r\x1b[K');
  }
}
