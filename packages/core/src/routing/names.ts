import { nearestStrings } from "../util/strings.ts";

/** Lower-case, strip diacritics, apostrophes, hyphens and spaces: "al-Mayadin" ~ "Al Mayādīn" ~ "almayadin". */
export function normaliseName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Up to `count` names nearest to `query` (by edit distance on normalised names). */
export function suggest(query: string, names: string[], count = 3): string[] {
  const byKey = new Map<string, string>();
  for (const n of names) if (!byKey.has(normaliseName(n))) byKey.set(normaliseName(n), n);
  return nearestStrings(normaliseName(query), byKey.keys(), count).map((k) => byKey.get(k)!);
}
