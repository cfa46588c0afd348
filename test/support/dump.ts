/**
 * A complete, id-free dump of an index through the read contract: two backends hold the same index exactly when their
 * dumps are deep-equal.
 */
import { createHash } from 'node:crypto';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import type { EdgeKind } from '../../src/core/model.js';

/** Every fact the read contract exposes, with backend handles replaced by qualified names. */
export interface IndexDump {
  meta: unknown;
  files: unknown[];
  failures: unknown[];
  symbols: unknown[];
  calls: unknown[];
  references: unknown[];
  findings: unknown[];
  /** SHA-256 of each symbol's embedding bytes, in symbol order. */
  embeddings: string[];
}

/**
 * Dump an index.
 *
 * @param reader - Open read session.
 * @returns The dump.
 */
export async function dumpIndex(reader: ReadSession): Promise<IndexDump> {
  const symbols = await reader.listSymbols({});
  const ids = symbols.map((s) => s.id);
  const strip = <T extends object>(row: T, keys: string[]): Record<string, unknown> =>
    Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
  const edges = async (kind: EdgeKind) =>
    (await reader.edges({ kind, direction: 'from', ids })).map((e) => strip(e, ['ownerId', 'targetId']));
  const matrix = await reader.embeddings();
  const embeddings: string[] = [];
  for (let row = 0; row < matrix.symbolIds.length; row++) {
    const slice = matrix.vectors.subarray(row * matrix.dimension, (row + 1) * matrix.dimension);
    embeddings.push(
      createHash('sha256')
        .update(new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength))
        .digest('hex'),
    );
  }
  return {
    meta: await reader.meta(),
    files: [...(await reader.files())],
    failures: [...(await reader.failures())],
    symbols: symbols.map((s) => strip(s, ['id'])),
    calls: await edges('call'),
    references: await edges('reference'),
    findings: [...(await reader.findings())],
    embeddings,
  };
}

/**
 * Open a reader on an index, dump it and close the reader.
 *
 * @param backend - Backend of the index.
 * @param location - Where the index lives.
 * @returns The dump.
 */
export async function dumpAt(backend: BackendFactory, location: StoreLocation): Promise<IndexDump> {
  const reader = await backend.openReader(location);
  try {
    return await dumpIndex(reader);
  } finally {
    await reader.close();
  }
}
