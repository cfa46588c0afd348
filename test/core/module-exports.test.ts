/**
 * `slotEntries` is how the SQLite backend reads a module's export table (rule 1c): it must read every slot as the
 * reference lookup `slotEntry` reads it, or SQLite's answers drift from the memory backend's.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_WIDTH, slotEntries, slotEntry } from '../../src/core/module-exports.js';

/**
 * Every slot's entry of `slotEntries`, regrouped by slot.
 *
 * @param text - Slot types text.
 * @returns Parts by slot, in the order the slots first appear.
 */
function grouped(text: string): Map<string, string[]> {
  const bySlot = new Map<string, string[]>();
  for (const [slot, ord, part] of slotEntries(text)) {
    const parts = bySlot.get(slot) ?? [];
    expect(ord).toBe(parts.length + 1);
    parts.push(part);
    bySlot.set(slot, parts);
  }
  return bySlot;
}

describe('slotEntries', () => {
  it('lists each slot once, its entry split in order, numbered from 1', () => {
    expect(slotEntries(';*=web/a,web/b;.Alias=web/lib.Engine;')).toEqual([
      ['*', 1, 'web/a'],
      ['*', 2, 'web/b'],
      ['.Alias', 1, 'web/lib.Engine'],
    ]);
  });

  it.each([
    ['closed', ';*=a,b;.x=c.d;'],
    ['unclosed last entry', ';*=a,b;.x=c.d'],
    ['slot listed twice', ';.x=first;.x=second;*=m;'],
    ['text before the first ;', '.lead=X;.lead=Y;*=m;'],
    ['only leading text', '.lead=X'],
    ['empty parts and an empty entry', ';*=a,,b,;.e=;'],
    ['a piece without =, and one with an empty slot', ';junk;=nope;.k=v=w;'],
    ['empty text', ''],
  ])('reads every slot as slotEntry does: %s', (_, text) => {
    const bySlot = grouped(text);
    for (const [slot, parts] of bySlot) expect(parts).toEqual(slotEntry(text, slot));
    // and no slot that a lookup finds is missing
    for (const piece of text.split(';').slice(1)) {
      const eq = piece.indexOf('=');
      if (eq > 0) expect(bySlot.has(piece.slice(0, eq))).toBe(true);
    }
  });

  it('reads no slot from a piece without a slot name (no lookup asks for one)', () => {
    expect(slotEntries(';=nope;junk;')).toEqual([]);
  });

  it('leaves out the entries from EXPORT_WIDTH on', () => {
    const parts = Array.from({ length: EXPORT_WIDTH + 1 }, (_, i) => `m${i}`);
    const rows = slotEntries(`;*=${parts.join(',')};`);
    expect(rows).toHaveLength(EXPORT_WIDTH - 1);
    expect(rows.at(-1)).toEqual(['*', EXPORT_WIDTH - 1, `m${EXPORT_WIDTH - 2}`]);
  });
});
