/**
 * Spies for tests of what a write session does around its calls (collections, timings): a backend whose sessions
 * forward every call to the real ones except those a test wraps, and a stub of the heap size `process.memoryUsage`
 * reports.
 */
import { vi } from 'vitest';
import type { BackendFactory, WriteSession } from '../../src/core/contracts.js';

/**
 * A backend whose write sessions forward to `inner`'s, with some calls replaced per session.
 *
 * @param inner - The real backend.
 * @param override - Given each real session, the calls to use instead of forwarding.
 * @returns The factory.
 */
export function withSessionOverrides(
  inner: BackendFactory,
  override: (session: WriteSession) => Partial<WriteSession>,
): BackendFactory {
  return {
    ...inner,
    beginIndexSession: async (options): Promise<WriteSession> => {
      const session = await inner.beginIndexSession(options);
      return {
        prepare: () => session.prepare(),
        persist: (batch) => session.persist(batch),
        recordFailures: (failures) => session.recordFailures(failures),
        rebuildDerived: () => session.rebuildDerived(),
        commit: () => session.commit(),
        abort: () => session.abort(),
        close: () => session.close(),
        ...override(session),
      };
    },
  };
}

/**
 * Make `process.memoryUsage` report `bytes` of JavaScript heap (and no array buffers) from now on; undone by
 * `vi.restoreAllMocks()`.
 *
 * @param bytes - The heap to report.
 */
export function heapOf(bytes: number): void {
  const real = process.memoryUsage.bind(process);
  vi.spyOn(process, 'memoryUsage').mockImplementation(() => ({ ...real(), heapUsed: bytes, arrayBuffers: 0 }));
}
