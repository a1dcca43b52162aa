/**
 * Name keys for transliteration-tolerant lookup. Two levels:
 *
 * - `strictKey`: what any reader would call "the same spelling": case, diacritics
 *   (Ḩ ā ţ ş …), ‘ayn/hamza marks (‘ ’ ʿ ʾ ' `), hyphens and spaces, and the Arabic
 *   article (al-, el-, ad-, ar-, as-, az-, ez-, ash-, at-, adh-, …) are ignored.
 * - `spellingKey`: strictKey plus the usual transliteration swaps: q/k/c, ou/oo/u/o,
 *   ee/i/y, e/a, ei/ey/ay/ai, aw/au/ow/o, dh/d/z, th/t, kh/k, gh/g, sh/ch/sch, dj/j,
 *   ta marbuta (-ah/-eh/-a), doubled letters, article glued to a doubled sun letter
 *   ("Ezzor", "Assukhnah").
 *
 * Arabic script: tashkeel and tatweel dropped, alef variants (أ إ آ ٱ) → ا,
 * ى → ي, ة → ه, ؤ → و, ئ → ي, the article ال dropped from each word.
 * Both keys of an Arabic text are the same.
 */

/** Article tokens dropped anywhere in a name (after splitting on spaces/hyphens). */
export const ARTICLES: ReadonlySet<string> = new Set([
  "al",
  "el",
  "il",
  "ul",
  "ad",
  "ed",
  "adh",
  "edh",
  "ar",
  "er",
  "as",
  "es",
  "az",
  "ez",
  "ash",
  "esh",
  "ech",
  "ach",
  "at",
  "et",
  "ath",
  "eth",
  "an",
  "en",
  "aş",
  "aţ",
  "aḑ",
  "az̧",
]);

const ARABIC_RE = /[\u0600-\u06FF]/;
/** Marks that are not letters: apostrophes, ‘ayn and hamza signs, modifier letters. */
const MARKS_RE = /['’‘`´ʿʾʼʻ′″"ʹ\u02BE\u02BF]/g;

/**
 * True when the text contains Arabic letters (then it is matched against Arabic names).
 *
 * @example
 * ```ts
 * import { isArabicScript } from "@syraq/core";
 * isArabicScript("دير الزور"); // true
 * isArabicScript("Deir ez-Zor"); // false
 * ```
 */
export function isArabicScript(text: string): boolean {
  return ARABIC_RE.test(text);
}

/**
 * Lower-case Latin without diacritics; letters not decomposed by NFKD are mapped by hand.
 *
 * @example
 * ```ts
 * import { foldLatin } from "@syraq/core";
 * foldLatin("Dayr az-Zawr"); // "dayr az-zawr"
 * ```
 */
export function foldLatin(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(MARKS_RE, "")
    .toLowerCase()
    .replace(/ı/g, "i")
    .replace(/ł/g, "l")
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/œ/g, "oe")
    .replace(/ß/g, "ss")
    .replace(/đ|ð/g, "d")
    .replace(/þ/g, "th");
}

/**
 * Arabic letters normalised; non-letters become spaces.
 *
 * @example
 * ```ts
 * import { foldArabic } from "@syraq/core";
 * foldArabic("الرقة"); // the Arabic letters normalised (tā' marbūṭa, hamza forms, diacritics)
 * ```
 */
export function foldArabic(text: string): string {
  return text
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED]/g, "") // tashkeel, superscript alef, Quranic marks
    .replace(/\u0640/g, "") // tatweel
    .replace(/[أإآٱ]/g, "ا")
    .replace(/ى/g, "ي")
    .replace(/ة/g, "ه")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ي")
    .replace(/ء/g, "")
    .replace(/[^\u0621-\u064A0-9]+/g, " ")
    .trim();
}

/**
 * Words of an Arabic name with the article removed ("دير الزور" → ["دير", "زور"]).
 *
 * @example
 * ```ts
 * import { arabicTokens } from "@syraq/core";
 * arabicTokens("دير الزور"); // ["دير", "زور"]
 * ```
 */
export function arabicTokens(text: string): string[] {
  return foldArabic(text)
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => (t.startsWith("ال") && t.length > 3 ? t.slice(2) : t));
}

/**
 * Latin words with articles removed ("Dayr az-Zawr" → ["dayr", "zawr"]).
 *
 * @example
 * ```ts
 * import { latinTokens } from "@syraq/core";
 * latinTokens("Dayr az-Zawr"); // ["dayr", "zawr"]
 * ```
 */
export function latinTokens(text: string): string[] {
  const words = foldLatin(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter((w) => !ARTICLES.has(w));
  // A name that is only an article-like word ("At" alone) keeps it.
  return kept.length ? kept : words;
}

/**
 * Case, diacritics, spacing, hyphens, apostrophes and articles ignored.
 *
 * @example
 * ```ts
 * import { strictKey } from "@syraq/core";
 * strictKey("Al-Bukamal") === strictKey("al Bukamal"); // true
 * ```
 */
export function strictKey(text: string): string {
  if (isArabicScript(text)) return arabicTokens(text).join("");
  return latinTokens(text).join("");
}

const SUN_DOUBLE_RE = /^(?:a|e)(t|d|r|z|s|n|l)\1(?=[a-z]{2,})/;

function spellingToken(token: string): string {
  let t = token;
  // article glued to a doubled sun letter: "ezzor" -> "zor", "assukhnah" -> "sukhnah", "arraqqa" -> "raqqa"
  t = t.replace(SUN_DOUBLE_RE, "$1");
  t = t.replace(/^(?:a|e)sh(?=sh)/, "");
  // ta marbuta and final -h after a vowel: "raqqah" = "raqqa", "hasakeh" = "hasake"
  t = t.replace(/([aeiouy])h$/, "$1");
  return t;
}

/**
 * strictKey plus transliteration-variant folding (see the file header).
 *
 * @example
 * ```ts
 * import { spellingKey } from "@syraq/core";
 * spellingKey("Dayr az-Zawr") === spellingKey("Deir ez-Zor"); // true
 * ```
 */
export function spellingKey(text: string): string {
  if (isArabicScript(text)) return strictKey(text);
  let s = latinTokens(text).map(spellingToken).join("");
  s = s
    .replace(/sch|sh|ch/g, "x")
    .replace(/kh/g, "k")
    .replace(/gh/g, "g")
    .replace(/dh/g, "d")
    .replace(/th/g, "t")
    .replace(/ph/g, "f")
    .replace(/zh/g, "j")
    .replace(/dj/g, "j")
    .replace(/ck/g, "k")
    .replace(/[qc]/g, "k")
    .replace(/z/g, "d")
    .replace(/ee|ie(?=[^aeiou]|$)/g, "i")
    .replace(/ou|oo/g, "u")
    .replace(/(?:aw|au|ow)(?=[^aeiouy]|$)/g, "u")
    .replace(/y/g, "i")
    .replace(/e/g, "a")
    .replace(/o/g, "u")
    .replace(/w(?=[^aeiou]|$)/g, "u");
  // doubled letters (after the swaps, so "mayadiin" and "mayaddin" both fold)
  s = s.replace(/(.)\1+/g, "$1");
  return s;
}

/**
 * Largest edit distance accepted by the fuzzy fallback for a spelling key of this length.
 *
 * @example
 * ```ts
 * import { fuzzyTolerance } from "@syraq/core";
 * fuzzyTolerance(4); // 0: a four-letter key must match exactly
 * ```
 */
export function fuzzyTolerance(keyLength: number): number {
  if (keyLength <= 4) return 0;
  if (keyLength <= 9) return 1;
  if (keyLength <= 14) return 2;
  return 3;
}
