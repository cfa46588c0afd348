/**
 * A Python module of words that lower-case, split and fold awkwardly (dotted capital I, the Kelvin sign, final sigma,
 * camelCase runs, accents, stems), shared by the tests that hold a lexical structure to `scoreLexical`.
 */
export const LEXICAL_EDGE_CASES = [
  'def parse_İstanbul_dates(text):',
  '    """Parse dates of İSTANBUL records; the Kelvin sign \u212a and ΣΟΦΟΣ stay words."""',
  '',
  'def \u212aelvin_scale(value):',
  '    """Scale a value."""',
  '',
  'def parseHTTPHeaders(raw):',
  '    """parseHTTPHeaders parses headers: header, headers, HEADER-lines and header_values."""',
  '',
  'def apply_discounts(prices):',
  '    """Applies discounts; applied discount applying discounted prices (discount discount)."""',
  '',
  'def été_price(prix):',
  '    """Prix d’été: café crème pricing, naïve rounding."""',
].join('\n');
