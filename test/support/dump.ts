/**
 * A complete, id-free dump of an index through the read contract: two backends hold the same index exactly when their
 * dumps are deep-equal.
 */
import { createHash } from 'node:crypto';
import type { BackendFactory, ReadSession, StoreLocation } from '../../src/core/contracts.js';
import { FIELD_COUNT, PostingsView, irregularFields } from '../../src/core/field-words.js';
import type { EdgeKind, EmbeddingMatrix } from '../../src/core/model.js';

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
  /**
   * The same from `embeddingsAnyOrder`, placed by handle in symbol order (a row count that differs from `embeddings`
   * is appended): equal to `embeddings` exactly when the unordered read holds the same vector for every handle.
   */
  embeddingsAnyOrder: string[];
  /** Every posting of the stored word lists as `path|qualified name|start line|field|word`, sorted. */
  fieldWords: string[];
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
  const hashes = (matrix: EmbeddingMatrix): string[] =>
    matrix.symbolIds.map((_, row) => {
      const slice = matrix.vectors.subarray(row * matrix.dimension, (row + 1) * matrix.dimension);
      return createHash('sha256')
        .update(new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength))
        .digest('hex');
    });
  const matrix = await reader.embeddings();
  const embeddings = hashes(matrix);
  const unordered = await reader.embeddingsAnyOrder();
  const joined = new Float32Array(unordered.blocks.reduce((n, block) => n + block.length, 0));
  unordered.blocks.reduce((at, block) => (joined.set(block, at), at + block.length), 0);
  const byHandle = new Map(
    hashes({ ...unordered, vectors: joined }).map((hash, row) => [unordered.symbolIds[row]!, hash]),
  );
  const embeddingsAnyOrder = matrix.symbolIds.map((id) => byHandle.get(id) ?? 'missing');
  if (unordered.symbolIds.length !== matrix.symbolIds.length)
    embeddingsAnyOrder.push(`rows ${unordered.symbolIds.length}`);
  const identity = new Map(symbols.map((sym) => [sym.id, `${sym.path}|${sym.qualifiedName}|${sym.startLine}`]));
  const fieldWords: string[] = [];
  for (const file of await reader.fieldWords()) {
    const owner = (slot: number): string =>
      `${identity.get(file.firstSymbolId + Math.floor(slot / FIELD_COUNT)) ?? 'missing'}|${slot % FIELD_COUNT}`;
    const postings = new PostingsView(file.postings);
    file.words
      .split(' ')
      .slice(0, -1)
      .forEach((word, w) => postings.forEachSlot(w, (slot) => fieldWords.push(`${owner(slot)}|${word}`)));
    if (postings.words !== file.words.split(' ').length - 1) fieldWords.push(`word count ${postings.words}`);
    for (const [slot, text] of irregularFields(file.irregular)) fieldWords.push(`${owner(slot)}|!${text}`);
  }
  fieldWords.sort();
  return {
    meta: await reader.meta(),
    files: [...(await reader.files())],
    failures: [...(await reader.failures())],
    symbols: symbols.map((s) => strip(s, ['id'])),
    calls: await edges('call'),
    references: await edges('reference'),
    findings: [...(await reader.findings())],
    embeddings,
    embeddingsAnyOrder,
    fieldWords,
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
