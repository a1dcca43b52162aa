/**
 * Parsing of human coordinate input. Accepted forms (see docs/geodesy.md):
 *
 *   34.229,37.240   34.229 37.240   +34.229+037.240/   ISO 6709 decimal, LATITUDE FIRST
 *   34.229N 37.240E   37.24E 34.229N   N34.229 E37.240   hemisphere letters, either order
 *   34°13'44"N 37°14'24"E   34 13 44 N 37 14 24 E   34°13.73'N 37°14.4'E   DMS / DM
 *   37SCT3789588948   37S CT 37895 88948               MGRS (centre of the square)
 *
 * Bare numbers without letters are always ISO 6709 (lat, lon): a value pair that
 * is valid either way is never guessed to be lon, lat. Text containing letters
 * other than N/S/E/W (or the words north/south/east/west) is not a coordinate
 * and gives null, so the caller can try the gazetteer.
 */
import mgrs from "geographiclib-mgrs";
import { SyraqError } from "../errors.ts";

export type CoordinateFormat = "decimal" | "hemisphere" | "dms" | "mgrs";

export interface ParsedCoordinate {
  lon: number;
  lat: number;
  format: CoordinateFormat;
  input: string;
}

type Hemisphere = "N" | "S" | "E" | "W";
type Mark = "deg" | "min" | "sec";

type Token =
  | { kind: "num"; text: string; value: number; signed: boolean; negative: boolean }
  | { kind: "mark"; mark: Mark }
  | { kind: "hemi"; letter: Hemisphere }
  | { kind: "sep" }
  | { kind: "space" };

interface Component {
  /** Source text of this component, for messages. */
  text: string;
  /** Absolute value in degrees. */
  degrees: number;
  negative: boolean;
  signed: boolean;
  hemi?: Hemisphere;
  /** 1 = degrees only, 2 = degrees + minutes, 3 = degrees + minutes + seconds. */
  parts: number;
}

/** Loose MGRS shape (zone, band, two 100 km letters, digits); GeographicLib validates the letters. */
const MGRS_RE = /^(\d{1,2})([A-Z])([A-Z])([A-Z])(\d*)$/;

const DEG_CHARS = "°º˚";
const MIN_CHARS = "'′’‘´`";
const SEC_CHARS = '"″”“';

function bad(input: string, why: string, details: Record<string, unknown> = {}): SyraqError {
  return new SyraqError(
    "BAD_COORDINATE",
    `'${input}': ${why}. Accepted: 34.229,37.240 (ISO 6709, lat first) | 34.229N 37.240E | ` +
      `34°13'44"N 37°14'24"E | MGRS 37SCT3789588948 | a place name`,
    { input, ...details },
  );
}

function normalise(text: string): string {
  return text
    .trim()
    .replace(/[\u2212\u2012\u2013\u2014]/g, "-") // unicode minus and dashes
    .replace(/''/g, '"') // two primes are seconds
    .replace(/\b(north|south|east|west)\b/gi, (w) => w[0].toUpperCase())
    .replace(/\u00a0/g, " ");
}

/** Splits into tokens; returns null when the text contains letters that cannot be part of a coordinate. */
function lex(s: string, input: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c) || c === ":") {
      tokens.push({ kind: "space" });
      i++;
      continue;
    }
    const num = /^[+-]?(\d+(\.\d*)?|\.\d+)/.exec(s.slice(i));
    if (num) {
      const text = num[0];
      tokens.push({ kind: "num", text, value: Math.abs(Number(text)), signed: /^[+-]/.test(text), negative: text.startsWith("-") });
      i += text.length;
      continue;
    }
    if (DEG_CHARS.includes(c)) tokens.push({ kind: "mark", mark: "deg" });
    else if (MIN_CHARS.includes(c)) tokens.push({ kind: "mark", mark: "min" });
    else if (SEC_CHARS.includes(c)) tokens.push({ kind: "mark", mark: "sec" });
    else if (c === "," || c === ";") tokens.push({ kind: "sep" });
    else if (/[NSEW]/i.test(c)) {
      // a hemisphere letter must stand alone: "34N", "N34", "34 N"; "Nasr" is a name
      if (/[A-Za-z]/.test(s[i + 1] ?? "")) return null;
      tokens.push({ kind: "hemi", letter: c.toUpperCase() as Hemisphere });
    } else if (/\p{L}/u.test(c)) return null;
    else if (c === "/" && i === s.length - 1) {
      // ISO 6709 string form ends with a solidus: "+34.229+037.240/"
    } else if (c === "-" || c === "+") throw bad(input, `a '${c}' sign must be followed directly by a number`);
    else throw bad(input, `unexpected character '${c}'`);
    i++;
  }
  return tokens;
}

/** Groups tokens into the two components (latitude and longitude, in some order). */
function split(tokens: Token[], input: string): Token[][] {
  const solid = (ts: Token[]) => ts.filter((t) => t.kind !== "space");
  if (tokens.some((t) => t.kind === "sep")) {
    const groups: Token[][] = [[]];
    for (const t of tokens) {
      if (t.kind === "sep") groups.push([]);
      else groups[groups.length - 1].push(t);
    }
    const g = groups.map(solid);
    if (g.length !== 2 || g.some((x) => x.length === 0)) {
      throw bad(input, `expected exactly two values separated by one comma, found ${g.filter((x) => x.length).length} value(s) and ${g.length - 1} separator(s)` + ` (use '.' for decimals)`);
    }
    return g;
  }
  const ts = solid(tokens);
  if (ts.some((t) => t.kind === "hemi")) {
    const groups: Token[][] = [];
    if (ts[0].kind === "hemi") {
      for (const t of ts) {
        if (t.kind === "hemi") groups.push([t]);
        else groups[groups.length - 1].push(t);
      }
    } else if (ts[ts.length - 1].kind === "hemi") {
      let cur: Token[] = [];
      for (const t of ts) {
        cur.push(t);
        if (t.kind === "hemi") {
          groups.push(cur);
          cur = [];
        }
      }
    } else {
      throw bad(input, "hemisphere letters must all come before their numbers (N34.2 E37.1) or all after them (34.2N 37.1E)");
    }
    return groups;
  }
  // No separator and no letters: split at degree marks, else by the count of numbers.
  const nums = ts.filter((t) => t.kind === "num").length;
  const hasMarks = ts.some((t) => t.kind === "mark");
  if (hasMarks) {
    const groups: Token[][] = [];
    let lastMark: Mark | undefined;
    for (let k = 0; k < ts.length; k++) {
      const t = ts[k];
      const next = ts[k + 1];
      const startsDegrees = t.kind === "num" && next?.kind === "mark" && next.mark === "deg";
      const afterSeconds = t.kind === "num" && lastMark === "sec";
      if (groups.length === 0 || ((startsDegrees || afterSeconds) && groups[groups.length - 1].some((x) => x.kind === "num"))) {
        groups.push([]);
        lastMark = undefined;
      }
      groups[groups.length - 1].push(t);
      if (t.kind === "mark") lastMark = t.mark;
    }
    return groups;
  }
  if (nums === 2 || nums === 4 || nums === 6) {
    const per = nums / 2;
    return [ts.slice(0, per), ts.slice(per)];
  }
  throw bad(input, `found ${nums} number(s); expected 2 (lat lon), 4 (deg min, deg min) or 6 (deg min sec, deg min sec)`);
}

function parseComponent(group: Token[], input: string): Component {
  const text = group
    .map((t) => (t.kind === "num" ? t.text : t.kind === "hemi" ? t.letter : t.kind === "mark" ? { deg: "°", min: "'", sec: '"' }[t.mark] : " "))
    .join("");
  const hemis = group.filter((t): t is Extract<Token, { kind: "hemi" }> => t.kind === "hemi");
  if (hemis.length > 1) throw bad(input, `'${text}' has two hemisphere letters`);
  const hemiIndex = group.findIndex((t) => t.kind === "hemi");
  if (hemiIndex > 0 && hemiIndex < group.length - 1) throw bad(input, `in '${text}' the hemisphere letter must come first or last`);
  const body = group.filter((t) => t.kind !== "hemi");
  const values: { t: Extract<Token, { kind: "num" }>; mark?: Mark }[] = [];
  for (const t of body) {
    if (t.kind === "num") values.push({ t });
    else if (t.kind === "mark") {
      const last = values[values.length - 1];
      if (!last || last.mark) throw bad(input, `in '${text}' a ° ' or " mark does not follow a number`);
      last.mark = t.mark;
    }
  }
  if (values.length === 0) throw bad(input, `'${text}' has no number`);
  if (values.length > 3) throw bad(input, `'${text}' has ${values.length} numbers; at most degrees, minutes and seconds`);
  const order: Mark[] = ["deg", "min", "sec"];
  values.forEach((v, k) => {
    if (v.mark && v.mark !== order[k]) {
      throw bad(input, `in '${text}' the ${k === 0 ? "first" : k === 1 ? "second" : "third"} number is marked as ${v.mark === "deg" ? "degrees" : v.mark === "min" ? "minutes" : "seconds"}; expected degrees, then minutes, then seconds`);
    }
    if (k > 0 && v.t.signed) throw bad(input, `in '${text}' only the degrees may carry a sign`);
  });
  const [d, m, sec] = values.map((v) => v.t);
  if (m && !Number.isInteger(d.value)) throw bad(input, `in '${text}' degrees ${d.text} have a fraction but minutes follow`);
  if (sec && !Number.isInteger(m.value)) throw bad(input, `in '${text}' minutes ${m.text} have a fraction but seconds follow`);
  if (m && m.value >= 60) throw new SyraqError("OUT_OF_RANGE", `'${input}': in '${text}' minutes ${m.text} must be below 60`, { input });
  if (sec && sec.value >= 60) throw new SyraqError("OUT_OF_RANGE", `'${input}': in '${text}' seconds ${sec.text} must be below 60`, { input });
  const hemi = hemis[0]?.letter;
  if (hemi && d.signed) {
    throw bad(input, `'${text}' has both a sign and a hemisphere letter; write either ${d.negative ? (hemi === "N" || hemi === "S" ? "S" : "W") : hemi} with no sign or a signed number with no letter`);
  }
  const degrees = d.value + (m ? m.value / 60 : 0) + (sec ? sec.value / 3600 : 0);
  return { text, degrees, negative: d.negative, signed: d.signed, hemi, parts: values.length };
}

const isLatLetter = (h: Hemisphere) => h === "N" || h === "S";

function signedValue(c: Component): number {
  if (c.hemi) return c.hemi === "S" || c.hemi === "W" ? -c.degrees : c.degrees;
  return c.negative ? -c.degrees : c.degrees;
}

function fmt(x: number): string {
  return String(Number(x.toFixed(6)));
}

function parseMgrs(compact: string, input: string): ParsedCoordinate {
  const m = MGRS_RE.exec(compact)!;
  const zone = Number(m[1]);
  if (zone < 1 || zone > 60) throw bad(input, `MGRS zone ${zone} is not in 1..60`);
  if (m[5].length % 2 !== 0) throw bad(input, `MGRS digits '${m[5]}' must be an even count (easting and northing of equal length)`);
  if (m[5].length > 10) throw bad(input, `MGRS has ${m[5].length} digits; at most 10 (1 m)`);
  let lon: number;
  let lat: number;
  try {
    [lon, lat] = mgrs.toPoint(compact, true);
  } catch (e) {
    throw bad(input, `not a valid MGRS reference (${(e as Error).message})`);
  }
  // GeographicLib checks that the 100 km row letter fits the latitude band (with its documented slack).
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw bad(input, "not a valid MGRS reference");
  return { lon, lat, format: "mgrs", input };
}

/**
 * Parses a coordinate written by a person. Returns null when the text does not
 * look like a coordinate (a place name); throws SyraqError BAD_COORDINATE or
 * OUT_OF_RANGE when it does but is malformed, ambiguous or out of range.
 */
export function parseCoordinate(text: string): ParsedCoordinate | null {
  const input = text.trim();
  if (!/\d/.test(input)) return null;
  const compact = input.replace(/\s+/g, "").toUpperCase();
  if (MGRS_RE.test(compact)) return parseMgrs(compact, input);
  const tokens = lex(normalise(input), input);
  if (!tokens) return null;
  const groups = split(tokens, input);
  if (groups.length !== 2) {
    throw bad(input, `found ${groups.length} value(s); a coordinate needs exactly two, a latitude and a longitude`);
  }
  const [a, b] = groups.map((g) => parseComponent(g, input));
  const withHemi = [a, b].filter((c) => c.hemi).length;
  let latC: Component;
  let lonC: Component;
  if (withHemi === 2) {
    const aLat = isLatLetter(a.hemi!);
    const bLat = isLatLetter(b.hemi!);
    if (aLat === bLat) {
      const both = aLat ? "latitudes (N/S)" : "longitudes (E/W)";
      throw bad(input, `'${a.text}' and '${b.text}' are both ${both}; give one latitude (N or S) and one longitude (E or W)`, { understood: [a.text, b.text] });
    }
    [latC, lonC] = aLat ? [a, b] : [b, a];
  } else if (withHemi === 1) {
    const [withL, without] = a.hemi ? [a, b] : [b, a];
    throw bad(
      input,
      `'${withL.text}' has a hemisphere letter but '${without.text}' has none; put N/S and E/W on both values, or on neither (then it is read as lat, lon)`,
    );
  } else {
    [latC, lonC] = [a, b];
  }
  const lat = signedValue(latC);
  const lon = signedValue(lonC);
  const format: CoordinateFormat = a.parts > 1 || b.parts > 1 ? "dms" : withHemi ? "hemisphere" : "decimal";
  const how = withHemi ? `latitude from '${latC.text}', longitude from '${lonC.text}'` : "ISO 6709: latitude first, then longitude";
  if (Math.abs(lat) > 90) {
    const swapHint =
      !withHemi && Math.abs(lon) <= 90
        ? `; if you meant longitude ${fmt(lat)}, latitude ${fmt(lon)}, write '${formatLatLon(lat, lon, decimalsOf(input))}'`
        : "";
    throw new SyraqError("OUT_OF_RANGE", `'${input}': read as lat ${fmt(lat)}, lon ${fmt(lon)} (${how}); latitude must be within -90..90${swapHint}`, {
      input,
      lat,
      lon,
    });
  }
  if (Math.abs(lon) > 180) {
    throw new SyraqError("OUT_OF_RANGE", `'${input}': read as lat ${fmt(lat)}, lon ${fmt(lon)} (${how}); longitude must be within -180..180`, { input, lat, lon });
  }
  return { lon, lat, format, input };
}

function decimalsOf(input: string): number {
  const m = input.match(/\.(\d+)/g);
  return m ? Math.min(6, Math.max(...m.map((x) => x.length - 1))) : 0;
}

/** "34.2290°N 37.2400°E" (latitude first, hemisphere letters, `digits` decimals; default 4 ≈ 11 m). */
export function formatLatLon(lon: number, lat: number, digits = 4): string {
  const ns = lat < 0 ? "S" : "N";
  const ew = lon < 0 ? "W" : "E";
  return `${Math.abs(lat).toFixed(digits)}°${ns} ${Math.abs(lon).toFixed(digits)}°${ew}`;
}

/** "34°13'44.4\"N 37°14'24.0\"E" (seconds with `secondDigits` decimals). */
export function formatDms(lon: number, lat: number, secondDigits = 1): string {
  const one = (v: number, pos: string, neg: string) => {
    const scale = 10 ** secondDigits;
    let totalSeconds = Math.round(Math.abs(v) * 3600 * scale) / scale;
    const d = Math.floor(totalSeconds / 3600);
    totalSeconds -= d * 3600;
    const m = Math.floor(totalSeconds / 60);
    const s = totalSeconds - m * 60;
    return `${d}°${String(m).padStart(2, "0")}'${s.toFixed(secondDigits).padStart(secondDigits ? 3 + secondDigits : 2, "0")}"${v < 0 ? neg : pos}`;
  };
  return `${one(lat, "N", "S")} ${one(lon, "E", "W")}`;
}

/** "37SCT3789588948": MGRS at `digits` per axis (5 = 1 m … 0 = 100 km). */
export function formatMgrs(lon: number, lat: number, digits = 5): string {
  return mgrs.forward([lon, lat], digits);
}
