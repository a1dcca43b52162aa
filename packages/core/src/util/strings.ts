/**
 * Levenshtein edit distance (insert, delete, substitute each cost 1).
 *
 * @example
 * ```ts
 * import { editDistance } from "@syraq/core";
 * editDistance("Palmira", "Palmyra"); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      curr[j] = Math.min(sub, prev[j]! + 1, curr[j - 1]! + 1);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/**
 * The `count` candidates nearest to `query` by edit distance (ties: alphabetical).
 *
 * @example
 * ```ts
 * import { nearestStrings } from "@syraq/core";
 * nearestStrings("Rakka", ["Raqqa", "Homs", "Hama"], 1); // ["Raqqa"]
 * ```
 */
export function nearestStrings(query: string, candidates: Iterable<string>, count = 3): string[] {
  const scored = [...new Set(candidates)].map((c) => ({ c, d: editDistance(query, c) }));
  scored.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  return scored.slice(0, count).map((s) => s.c);
}
