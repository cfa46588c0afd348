import { describe, expect, it } from 'vitest';
import { EMBEDDER, embedSymbols, leadingTokens, tokenize } from '../../src/core/embeddings.js';
import type { SymbolRecord } from '../../src/core/model.js';

/**
 * A seeded generator of text: letters of both cases, digits, separators, and the characters whose lower case is
 * irregular (Greek capital sigma, dotted capital I, Kelvin sign).
 *
 * @param seed - Seed.
 * @param length - Characters.
 * @returns The text.
 */
function randomText(seed: number, length: number): string {
  const alphabet = ['a', 'b', 'Q', 'R', 'Z', 'x', '7', '0', ' ', ' ', '\n', '\t', '\r', '_', '.', '-', 'Σ', 'İ', 'K'];
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}

/** The embedding as it was written before trigrams were hashed in place and docstrings cut short: the reference. */
function referenceEmbed(symbols: readonly SymbolRecord[]): Float32Array {
  const dim = EMBEDDER.dimension;
  const out = new Float32Array(symbols.length * dim);
  const acc = new Float64Array(dim);
  const hash32 = (text: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  };
  const addFeature = (feature: string, weight: number): void => {
    const h = hash32(feature);
    acc[h % acc.length]! += h & 0x80000000 ? -weight : weight;
  };
  const addTokens = (tokens: readonly string[], weight: number): void => {
    for (const token of tokens) {
      addFeature(token, weight);
      const padded = `^${token}$`;
      for (let i = 0; i + 3 <= padded.length; i++) addFeature(`#${padded.slice(i, i + 3)}`, weight * 0.25);
    }
  };
  symbols.forEach((symbol, index) => {
    acc.fill(0);
    addTokens(tokenize(symbol.name), 3);
    addTokens(tokenize(symbol.qualifiedName), 1);
    addTokens(tokenize(symbol.signature), 0.5);
    if (symbol.docstring) addTokens(tokenize(symbol.docstring).slice(0, 64), 1);
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += acc[i]! * acc[i]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < dim; i++) out[index * dim + i] = acc[i]! * scale;
  });
  return out;
}

describe('embeddings', () => {
  it('takes the first words of a long text as tokenizing all of it would', () => {
    const texts = [
      'x'.repeat(5000),
      `${'word '.repeat(120)}tail`,
      `${'a'.repeat(638)} camelCaseWord HTTPServer ${'more words here '.repeat(40)}`,
      `${'Σ '.repeat(300)}${'ΣΣ x'.repeat(200)}`,
      `${'İstanbul K2 '.repeat(100)}`,
      `${'ab\r\n'.repeat(400)}`,
    ];
    for (let seed = 1; seed <= 60; seed++) texts.push(randomText(seed, 200 + seed * 97));
    for (const text of texts) {
      for (const limit of [1, 64, 500]) expect(leadingTokens(text, limit)).toEqual(tokenize(text).slice(0, limit));
    }
  });

  it('gives every symbol the same vector as the string-building reference', () => {
    const symbols: SymbolRecord[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      symbols.push({
        qualifiedName: `pkg.mod${seed}.someFunction_${seed}`,
        name: `someFunction_${seed}`,
        kind: 'function',
        startLine: 1,
        endLine: 2,
        signature: `def someFunction_${seed}(graphNode, HTTPRequest=None)`,
        docstring: seed % 5 === 0 ? null : randomText(seed, seed * 150),
        exported: true,
      });
    }
    const vectors = embedSymbols(symbols);
    expect(Buffer.from(vectors.buffer).equals(Buffer.from(referenceEmbed(symbols).buffer))).toBe(true);
  });
});
