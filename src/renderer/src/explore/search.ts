/** What the search box asks for: digits to show, and test images to mark in every map. */
export interface SearchQuery {
  digits: number[];
  indices: number[];
}

export type SearchResult = { ok: true; query: SearchQuery } | { ok: false; error: string };

/**
 * Reads the search box. Terms are separated by commas or spaces: a single digit `3` (or `d3`)
 * filters to that digit, `#42` (or any number from 10 up) marks test image 42. Indices are
 * checked against the test set's size, so a typo says what is allowed instead of finding nothing.
 */
export function parseSearch(text: string, testCount: number): SearchResult {
  const digits = new Set<number>();
  const indices = new Set<number>();
  const terms = text
    .trim()
    .split(/[\s,;]+/)
    .filter(Boolean);
  for (const term of terms) {
    const digit = /^d?(\d)$/i.exec(term);
    const index = /^#(\d+)$/.exec(term) ?? /^(\d{2,})$/.exec(term);
    if (digit) {
      digits.add(Number(digit[1]));
    } else if (index) {
      const value = Number(index[1]);
      if (value >= testCount) return { ok: false, error: `“${term}”: test image #${value} is outside the test set (#0..#${testCount - 1})` };
      indices.add(value);
    } else {
      return { ok: false, error: `“${term}” is neither a digit (0–9, or d0–d9) nor a test-image index (#0..#${testCount - 1})` };
    }
  }
  return { ok: true, query: { digits: [...digits].sort((a, b) => a - b), indices: [...indices].sort((a, b) => a - b) } };
}
