/**
 * A small mixed Python/TypeScript repository written to a temporary folder, with helpers to edit it. Used by the
 * contract suite and pipeline tests (correctness only; performance is measured on real corpora).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Fixture files by repository-relative path. */
export const FIXTURE_FILES: Readonly<Record<string, string>> = Object.freeze({
  'shop/__init__.py': '"""Shop package: carts and pricing."""\n',
  'shop/pricing.py': [
    '"""Price computations."""',
    '',
    '',
    'def apply_discount(amount, rate):',
    '    """Apply a discount rate to an amount.',
    '',
    '    Parameters',
    '    ----------',
    '    amount : float',
    '        Gross amount.',
    '    rate : float',
    '        Discount rate.',
    '',
    '    Returns',
    '    -------',
    '    float',
    '        Net amount.',
    '    """',
    '    return round_price(amount * (1 - rate))',
    '',
    '',
    'def round_price(value):',
    '    return round(value, 2)',
    '',
  ].join('\n'),
  'shop/cart.py': [
    '"""Shopping cart."""',
    'from .pricing import apply_discount',
    '',
    '',
    'class Cart:',
    '    """A cart of priced items."""',
    '',
    '    def __init__(self):',
    '        self.items = []',
    '',
    '    def add(self, price):',
    '        """Add an item price."""',
    '        self.items.append(price)',
    '        return self.total()',
    '',
    '    def total(self, rate=0.0):',
    '        return apply_discount(sum(self.items), rate)',
    '',
    '',
    'def checkout(cart, hook=None):',
    '    handlers = [apply_discount]',
    '    return cart.total()',
    '',
  ].join('\n'),
  'web/format.ts': [
    '/** Format a price for display. */',
    'export function formatPrice(value: number): string {',
    '  return `$${value.toFixed(2)}`;',
    '}',
    '',
    'export function unused(): void {}',
    '',
  ].join('\n'),
  'web/api.ts': [
    "import { formatPrice } from './format.js';",
    '',
    '/**',
    ' * Render a list of prices.',
    ' * @param prices - Raw prices.',
    ' * @returns Display strings.',
    ' */',
    'export function renderPrices(prices: number[]): string[] {',
    '  return prices.map(formatPrice);',
    '}',
    '',
    'export class PriceList {',
    '  constructor(private readonly prices: number[]) {}',
    '',
    '  /** Render all prices. */',
    '  render(): string {',
    "    return renderPrices(this.prices).join(', ');",
    '  }',
    '}',
    '',
  ].join('\n'),
  'broken.py': 'def broken(:\n    pass\n',
  // No analyzer claims plain text.
  'NOTES.txt': 'not indexed\n',
});

/** A fixture repository on disk. */
export interface FixtureRepo {
  /** Absolute repository root. */
  readonly root: string;
  /** Absolute state directory to use for an index (under the temporary folder, outside the repository). */
  stateDir(label: string): string;
  /** Write (create or replace) a file. */
  write(path: string, content: string): void;
  /** Delete a file. */
  remove(path: string): void;
  /** Delete everything. */
  dispose(): void;
}

/**
 * Create a fixture repository.
 *
 * @param files - Files to write (default {@link FIXTURE_FILES}).
 * @returns The repository handle.
 */
export function createFixtureRepo(files: Readonly<Record<string, string>> = FIXTURE_FILES): FixtureRepo {
  const base = mkdtempSync(join(tmpdir(), 'codira-fixture-'));
  const root = join(base, 'repo');
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return {
    root,
    stateDir: (label) => join(base, `state-${label}`, '.codira'),
    write,
    remove: (path) => rmSync(join(root, path)),
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}
