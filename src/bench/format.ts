/**
 * Number formatting shared by the human-readable artifacts and the gate table.
 *
 * @packageDocumentation
 */

/**
 * Milliseconds for people.
 *
 * @param ms - Milliseconds.
 * @returns e.g. `812.3 ms`, `12.41 s`, or `35.2 µs` below a millisecond (micro-benchmarks).
 */
export function formatMs(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  return ms >= 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/**
 * Bytes for people (binary units).
 *
 * @param bytes - Size in bytes.
 * @returns e.g. `3.42 MiB`.
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/**
 * A ratio for people.
 *
 * @param ratio - The ratio.
 * @returns e.g. `×1.07`.
 */
export function formatRatio(ratio: number): string {
  return `×${ratio.toFixed(2)}`;
}

/**
 * A duration in minutes and seconds.
 *
 * @param ms - Milliseconds.
 * @returns e.g. `3 min 12 s`.
 */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}
