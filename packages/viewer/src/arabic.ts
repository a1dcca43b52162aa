// deck.gl's TextLayer draws one glyph per code point, left to right, with no
// shaping. Arabic labels therefore get their contextual forms here (Unicode
// Arabic Presentation Forms-B, which DejaVu Sans and Noto Sans Arabic carry)
// and are reversed into visual order.

// Letters U+0621–U+064A in order, with how many presentation forms each has:
// 1 = isolated only (hamza), 2 = right-joining (isolated, final),
// 4 = dual-joining (isolated, final, initial, medial). Forms start at U+FE80
// and follow in the same order.
const LETTERS: Array<[string, 1 | 2 | 4]> = [
  ["ء", 1],
  ["آ", 2],
  ["أ", 2],
  ["ؤ", 2],
  ["إ", 2],
  ["ئ", 4],
  ["ا", 2],
  ["ب", 4],
  ["ة", 2],
  ["ت", 4],
  ["ث", 4],
  ["ج", 4],
  ["ح", 4],
  ["خ", 4],
  ["د", 2],
  ["ذ", 2],
  ["ر", 2],
  ["ز", 2],
  ["س", 4],
  ["ش", 4],
  ["ص", 4],
  ["ض", 4],
  ["ط", 4],
  ["ظ", 4],
  ["ع", 4],
  ["غ", 4],
  ["ف", 4],
  ["ق", 4],
  ["ك", 4],
  ["ل", 4],
  ["م", 4],
  ["ن", 4],
  ["ه", 4],
  ["و", 2],
  ["ى", 2],
  ["ي", 4],
];

const FORMS = new Map<string, number[]>();
{
  let code = 0xfe80;
  for (const [letter, n] of LETTERS) {
    FORMS.set(
      letter,
      Array.from({ length: n }, (_, k) => code + k),
    );
    code += n;
  }
}
// Lam + alef ligatures: [isolated, final].
const LAM_ALEF: Record<string, [number, number]> = {
  آ: [0xfef5, 0xfef6],
  أ: [0xfef7, 0xfef8],
  إ: [0xfef9, 0xfefa],
  ا: [0xfefb, 0xfefc],
};
const TATWEEL = "\u0640";

const isTransparent = (ch: string) => /[\u064B-\u065F\u0670]/.test(ch);
const joinsForward = (ch: string | undefined) =>
  ch !== undefined && (ch === TATWEEL || (FORMS.get(ch)?.length ?? 0) === 4);
const joinsBackward = (ch: string | undefined) =>
  ch !== undefined && (ch === TATWEEL || (FORMS.get(ch)?.length ?? 0) >= 2);

export function hasArabic(text: string): boolean {
  return /[\u0600-\u06FF]/.test(text);
}

/** Contextual forms in logical order (harakat dropped). */
export function shapeArabic(text: string): string {
  const chars = [...text].filter((c) => !isTransparent(c));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const forms = FORMS.get(ch);
    if (!forms) {
      out.push(ch);
      continue;
    }
    const prev = chars[i - 1];
    const joinPrev = joinsForward(prev) && joinsBackward(ch);
    const next = chars[i + 1];
    if (ch === "ل" && next !== undefined && LAM_ALEF[next]) {
      out.push(String.fromCodePoint(LAM_ALEF[next]![joinPrev ? 1 : 0]));
      i++;
      continue;
    }
    const joinNext = forms.length === 4 && joinsBackward(next);
    let form = 0;
    if (joinPrev && joinNext) form = 3;
    else if (joinNext) form = 2;
    else if (joinPrev) form = 1;
    out.push(String.fromCodePoint(forms[Math.min(form, forms.length - 1)]!));
  }
  return out.join("");
}

/**
 * A label ready for TextLayer: Arabic runs shaped and the whole string put in
 * visual (left-to-right) order. Digit and Latin runs inside an Arabic label
 * keep their own order.
 */
export function visualLabel(text: string): string {
  if (!hasArabic(text)) return text;
  const shaped = shapeArabic(text);
  const runs = shaped.match(/[A-Za-z0-9.,:%°-]+|[^A-Za-z0-9.,:%°-]+/g) ?? [];
  return runs
    .reverse()
    .map((run) => (/^[A-Za-z0-9.,:%°-]+$/.test(run) ? run : [...run].reverse().join("")))
    .join("");
}
