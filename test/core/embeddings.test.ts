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

/**
 * The embedding as it was written before trigrams were hashed in place and docstrings cut short: the reference.
 *
 * @param symbols - Symbols.
 * @returns One row per symbol.
 */
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

/**
 * `tokenize` as the regular expressions define it (the reference for the one-scan ASCII reading).
 *
 * @param text - Any text.
 * @returns Tokens.
 */
function referenceTokenize(text: string): string[] {
  const stop = new Set(
    'a an and are as at be by for from has have how if in into is it its of on or that the this to was were what when where which while with'.split(
      ' ',
    ),
  );
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.split(/[^a-z0-9]+/).filter((token) => token.length >= 2 && !stop.has(token));
}

describe('embeddings', () => {
  it('tokenizes ASCII text in one scan as the regular expressions do', () => {
    const texts = ['HTTPServer', 'getHTTPResponseCode', 'ABc', 'aBC', 'A_Bc', 'x1Y2z', 'IS the ATable', 'ab', 'AB'];
    const alphabet = 'aAbBzZ09_ .-';
    for (let seed = 1; seed <= 400; seed++) {
      let state = seed;
      let text = '';
      for (let i = 0; i < 40; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += alphabet[(state >>> 16) % alphabet.length];
      }
      texts.push(text);
    }
    for (const text of texts) expect(tokenize(text)).toEqual(referenceTokenize(text));
    expect(tokenize('getHTTPResponse of ΣΑΣ')).toEqual(referenceTokenize('getHTTPResponse of ΣΑΣ'));
  });

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
