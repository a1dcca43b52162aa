/**
 * Parsing of human coordinate input. Accepted forms (see docs/geodesy.md):
 *
 *   34.229,37.240   34.229 37.240   +34.229+037.240/   ISO 6709 decimal, LATITUDE FIRST
 *   +341344+0371424/   +3413.74+03714.4/                  ISO 6709 packed DMS / DM
 *   34.229N 37.240E   37.24E 34.229N   N34.229 E37.240   hemisphere letters, either order
 *   34°13'44"N 37°14'24"E   34 13 44 N 37 14 24 E   34°13.73'N 37°14.4'E   DMS / DM
 *   34d13m44s N 37d14m24s E                              GeoConvert-style letter marks
 *   lat 34.229 lon 37.240   lon=37.24, lat=34.229          labelled (labels decide the order)
 *   (34.229, 37.240)                                       parentheses are ignored
 *   37SCT3789588948   37S CT 37895 88948               MGRS (centre of the square)
 *
 * "[37.24, 34.229]" is rejected: brackets suggest a GeoJSON [lon, lat] position.
 *
 * Bare numbers without letters are always ISO 6709 (lat, lon): a value pair that
 * is valid either way is never guessed to be lon, lat. Text containing letters
 * other than N/S/E/W (or the words north/south/east/west, lat/lon labels and
 * d/m/s marks after numbers) is not a coordinate and gives null, so the caller
 * can try the gazetteer.
 */
import mgrs from "geographiclib-mgrs";
import proj4 from "proj4";
import { SyraqError } from "../errors.ts";

/**
 * How a coordinate was written: decimal "lat,lon", hemisphere letters, degrees-minutes-seconds or MGRS.
 */
export type CoordinateFormat = "decimal" | "hemisphere" | "dms" | "mgrs";

/**
 * A coordinate parsed by {@link parseCoordinate}: lon and lat in degrees, and its format.
 */
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

/** UTM as zone + latitude band + easting + northing in metres: "37S 330000 3790000", "37S 330000mE 3790000mN". */
const UTM_RE = /^(\d{1,2})\s*([C-HJ-NP-X])\s+(\d{5,7}(?:\.\d+)?)\s*(?:M?E)?\s+(\d{1,8}(?:\.\d+)?)\s*(?:M?N)?$/i;

/**
 * Typed UTM is refused (the band letter is read as "S = south" by some, as a latitude band by MGRS),
 * but the message gives the point as MGRS and as lat/lon so the user can confirm and paste it.
 */
function refuseUtm(input: string): never {
  const m = UTM_RE.exec(input)!;
  const zone = Number(m[1]);
  const band = m[2]!.toUpperCase();
  const easting = Number(m[3]);
  const northing = Number(m[4]);
  let seen = "";
  if (zone >= 1 && zone <= 60) {
    const south = band < "N";
    const [lon, lat] = proj4(
      `+proj=utm +zone=${zone}${south ? " +south" : ""} +datum=WGS84 +units=m +no_defs`,
      "EPSG:4326",
      [easting, northing],
    );
    if (Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 84) {
      seen = `; read with ${band} as the latitude band (MGRS convention, ${south ? "southern" : "northern"} hemisphere) it is MGRS ${formatMgrs(lon, lat)}, ${formatLatLon(lon, lat)}: give one of those`;
    }
  }
  throw bad(
    input,
    `looks like UTM (zone ${zone}, band ${band}, easting ${easting} m, northing ${northing} m), which is not accepted as typed${seen}`,
    { utm: { zone, band, easting, northing } },
  );
}

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
  return (
    text
      .trim()
      .replace(/[\u2212\u2012\u2013\u2014]/g, "-") // unicode minus and dashes
      .replace(/\u00a0/g, " ")
      .replace(/''/g, '"') // two primes are seconds
      .replace(/(?<![a-z])(north|south|east|west)(?![a-z])/gi, (w) => w[0].toUpperCase())
      // letter marks as GeoConvert writes them: 34d13m44s, 34d13.7m, 34.229d (a hemisphere letter may follow directly)
      .replace(
        /(\d)\s*(?:deg|d)\s*(\d+)\s*(?:min|m)\s*(\d+(?:\.\d*)?)\s*(?:sec|s)(?=$|[^a-z]|[nsew](?![a-z]))/gi,
        `$1°$2'$3"`,
      )
      .replace(/(\d)\s*(?:deg|d)(?=$|[^a-z]|[nsew](?![a-z]))/gi, "$1°")
      .replace(/(°\s*\d+(?:\.\d*)?)\s*(?:min|m)(?=$|[^a-z]|[nsew](?![a-z]))/gi, "$1'")
  );
}

/** Splits into tokens; returns null when the text contains letters that cannot be part of a coordinate. */
function lex(s: string, input: string): Token[] | null {
  const tokens: Token[] = [];
  // A stray character is an error only if the text is not a name after all ("3-Zor" is a name).
  let error: SyraqError | undefined;
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
      tokens.push({
        kind: "num",
        text,
        value: Math.abs(Number(text)),
        signed: /^[+-]/.test(text),
        negative: text.startsWith("-"),
      });
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
    } else if (c === "-" || c === "+") error ??= bad(input, `a '${c}' sign must be followed directly by a number`);
    else error ??= bad(input, `unexpected character '${c}'`);
    i++;
  }
  if (error) throw error;
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
      throw bad(
        input,
        `expected exactly two values separated by one comma, found ${g.filter((x) => x.length).length} value(s) and ${g.length - 1} separator(s)` +
          ` (use '.' for decimals)`,
      );
    }
    return g;
  }
  const ts = solid(tokens);
  if (ts.some((t) => t.kind === "hemi")) {
    const groups: Token[][] = [];
    const mixed =
      ts[0].kind === "hemi" && ts[ts.length - 1].kind === "hemi" && ts.filter((t) => t.kind === "hemi").length === 2;
    if (mixed)
      throw bad(
        input,
        "hemisphere letters must all come before their numbers (N34.2 E37.1) or all after them (34.2N 37.1E), not one of each",
      );
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
      throw bad(
        input,
        "hemisphere letters must all come before their numbers (N34.2 E37.1) or all after them (34.2N 37.1E)",
      );
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
      if (
        groups.length === 0 ||
        ((startsDegrees || afterSeconds) && groups[groups.length - 1].some((x) => x.kind === "num"))
      ) {
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
  if (nums === 1) {
    throw bad(
      input,
      "a single number is not a coordinate; give latitude and longitude together in one argument, e.g. 34.229,37.240 (quote it in a shell if it has spaces)",
    );
  }
  throw bad(input, `found ${nums} numbers; expected 2 (lat lon), 4 (deg min, deg min) or 6 (deg min sec, deg min sec)`);
}

function parseComponent(group: Token[], input: string): Component {
  const text = group
    .map((t) =>
      t.kind === "num"
        ? t.text
        : t.kind === "hemi"
          ? t.letter
          : t.kind === "mark"
            ? { deg: "°", min: "'", sec: '"' }[t.mark]
            : " ",
    )
    .join("");
  const hemis = group.filter((t): t is Extract<Token, { kind: "hemi" }> => t.kind === "hemi");
  if (hemis.length > 1) throw bad(input, `'${text}' has two hemisphere letters`);
  const hemiIndex = group.findIndex((t) => t.kind === "hemi");
  if (hemiIndex > 0 && hemiIndex < group.length - 1)
    throw bad(input, `in '${text}' the hemisphere letter must come first or last`);
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
  if (values.length > 3)
    throw bad(input, `'${text}' has ${values.length} numbers; at most degrees, minutes and seconds`);
  const order: Mark[] = ["deg", "min", "sec"];
  values.forEach((v, k) => {
    if (v.mark && v.mark !== order[k]) {
      throw bad(
        input,
        `in '${text}' the ${k === 0 ? "first" : k === 1 ? "second" : "third"} number is marked as ${v.mark === "deg" ? "degrees" : v.mark === "min" ? "minutes" : "seconds"}; expected degrees, then minutes, then seconds`,
      );
    }
    if (k > 0 && v.t.signed) throw bad(input, `in '${text}' only the degrees may carry a sign`);
  });
  const [d, m, sec] = values.map((v) => v.t);
  if (m && !Number.isInteger(d.value))
    throw bad(input, `in '${text}' degrees ${d.text} have a fraction but minutes follow`);
  if (sec && !Number.isInteger(m.value))
    throw bad(input, `in '${text}' minutes ${m.text} have a fraction but seconds follow`);
  if (m && m.value >= 60)
    throw new SyraqError("OUT_OF_RANGE", `'${input}': in '${text}' minutes ${m.text} must be below 60`, { input });
  if (sec && sec.value >= 60)
    throw new SyraqError("OUT_OF_RANGE", `'${input}': in '${text}' seconds ${sec.text} must be below 60`, { input });
  const hemi = hemis[0]?.letter;
  if (hemi && d.signed) {
    throw bad(
      input,
      `'${text}' has both a sign and a hemisphere letter; write either ${d.negative ? (hemi === "N" || hemi === "S" ? "S" : "W") : hemi} with no sign or a signed number with no letter`,
    );
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
  if (m[5].length % 2 !== 0)
    throw bad(input, `MGRS digits '${m[5]}' must be an even count (easting and northing of equal length)`);
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
 *
 * @example
 * ```ts
 * import { parseCoordinate } from "@syraq/core";
 * parseCoordinate("34.229, 37.240"); // { lat: 34.229, lon: 37.24, format: "decimal", … }: latitude first
 * parseCoordinate("34°13'44\"N 37°14'24\"E"); // format "dms"
 * parseCoordinate("Palmyra"); // null: a place name
 * ```
 */
export function parseCoordinate(text: string): ParsedCoordinate | null {
  const input = text.trim();
  const numeric = numericPair(input);
  if (numeric) {
    try {
      return parseCoordinate(numeric);
    } catch (e) {
      if (!(e instanceof SyraqError)) throw e;
      throw new SyraqError(e.code, e.message.replace(`'${numeric}'`, `'${input}' (${numeric})`), e.details);
    }
  }
  if (!/\d/.test(input)) return null;
  const compact = input.replace(/\s+/g, "").toUpperCase();
  if (MGRS_RE.test(compact)) return parseMgrs(compact, input);
  if (UTM_RE.test(input)) refuseUtm(input);
  let body = normalise(input);
  if (/^\[.*\]$/.test(body)) {
    // "[37.24, 34.229]" is how GeoJSON writes a position: [lon, lat]. Typed input is lat first,
    // so neither reading can be assumed.
    if (/\p{L}/u.test(body)) return null;
    const nums = body
      .slice(1, -1)
      .split(",")
      .map((x) => Number(x.trim()));
    if (nums.length === 2 && nums.every(Number.isFinite)) {
      const [x, y] = nums;
      const asLonLat =
        Math.abs(y) <= 90 && Math.abs(x) <= 180
          ? `; if it is a GeoJSON position [lon, lat], write '${formatLatLon(x, y, decimalsOf(input))}'`
          : "";
      throw bad(
        input,
        `square brackets look like a GeoJSON position, which is [lon, lat], while typed coordinates are lat,lon (ISO 6709)${asLonLat}; drop the brackets to mean lat,lon`,
      );
    }
    throw bad(
      input,
      "square brackets look like a GeoJSON position [lon, lat]; type a coordinate as lat,lon without brackets",
    );
  }
  if (/^\(.*\)$/.test(body)) body = body.slice(1, -1).trim();

  const iso = parseIsoString(body, input);
  if (iso) return iso;

  const labelled = parseLabelled(body, input);
  if (labelled !== undefined) return labelled;

  const tokens = lex(body, input);
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
      throw bad(
        input,
        `'${a.text}' and '${b.text}' are both ${both}; give one latitude (N or S) and one longitude (E or W)`,
        { understood: [a.text, b.text] },
      );
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
  const how = withHemi
    ? `latitude from '${latC.text}', longitude from '${lonC.text}'`
    : "ISO 6709: latitude first, then longitude";
  return finish(latC, lonC, input, how, !withHemi);
}

const NOT_A_NUMBER = /^[+-]?(nan|inf|infinity)$/i;
const EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Two values written as programs print numbers: "NaN,NaN" and "1e309,38" are refused saying why (not numbers,
 * not finite), "3.4e1,3.8e1" is read as "34,38" (the 'e' is an exponent, not East). Null for anything else.
 */
function numericPair(input: string): string | null {
  const parts = input.split(/\s*[,;]\s*|\s+/);
  if (parts.length !== 2) return null;
  const kinds = parts.map((p) =>
    NOT_A_NUMBER.test(p) ? "nan" : EXPONENT.test(p) ? "exp" : DECIMAL.test(p) ? "dec" : "",
  );
  if (kinds.includes("")) return null;
  const nan = parts.find((_, k) => kinds[k] === "nan");
  if (nan) throw bad(input, `'${nan}' is not a number; a coordinate needs two numbers, a latitude and a longitude`);
  if (!kinds.includes("exp")) return null;
  const values = parts.map(Number);
  const huge = parts.find((_, k) => !Number.isFinite(values[k]!));
  if (huge) throw bad(input, `'${huge}' is not a finite number`, { value: huge });
  // plain decimals (17 significant digits at most), so the usual rules (ranges, swaps) apply
  const decimal = (v: number) => (Math.abs(v) >= 1e-6 || v === 0 ? String(v) : v.toFixed(12).replace(/0+$/, ""));
  return `${decimal(values[0]!)},${decimal(values[1]!)}`;
}

/** Range checks and the result; `bare` = no letters or labels (then a swapped reading is suggested). */
function finish(latC: Component, lonC: Component, input: string, how: string, bare: boolean): ParsedCoordinate {
  const lat = signedValue(latC);
  const lon = signedValue(lonC);
  const format: CoordinateFormat =
    latC.parts > 1 || lonC.parts > 1 ? "dms" : latC.hemi || lonC.hemi ? "hemisphere" : "decimal";
  if (Math.abs(lat) > 90) {
    const swapHint =
      bare && Math.abs(lon) <= 90
        ? `; if you meant longitude ${fmt(lat)}, latitude ${fmt(lon)}, write '${formatLatLon(lat, lon, decimalsOf(input))}'`
        : "";
    throw new SyraqError(
      "OUT_OF_RANGE",
      `'${input}': read as lat ${fmt(lat)}, lon ${fmt(lon)} (${how}); latitude must be within -90..90${swapHint}`,
      {
        input,
        lat,
        lon,
      },
    );
  }
  if (Math.abs(lon) > 180) {
    throw new SyraqError(
      "OUT_OF_RANGE",
      `'${input}': read as lat ${fmt(lat)}, lon ${fmt(lon)} (${how}); longitude must be within -180..180`,
      { input, lat, lon },
    );
  }
  return { lon, lat, format, input };
}

/**
 * ISO 6709 string form with sexagesimal packing: "+341344.4+0371424/" (±DDMMSS±DDDMMSS),
 * "+3413.74+03714.4/" (±DDMM±DDDMM); the width of the integer part says which.
 * Plain "+34.229+037.240/" (±DD±DDD) is left to the general reader. An altitude
 * ("+34.229+037.240+350/") is not accepted.
 */
function parseIsoString(body: string, input: string): ParsedCoordinate | null {
  const m = /^([+-])(\d+)(\.\d+)?([+-])(\d+)(\.\d+)?\/?$/.exec(body.replace(/\s+/g, ""));
  if (!m) return null;
  const [, latSign, latInt, latFrac = "", lonSign, lonInt, lonFrac = ""] = m;
  const packed = (latInt.length === 4 && lonInt.length === 5) || (latInt.length === 6 && lonInt.length === 7);
  if (!packed) return null;
  const unpack = (sign: string, int: string, frac: string, degWidth: number): Component => {
    const d = Number(int.slice(0, degWidth));
    const mm = Number(int.slice(degWidth, degWidth + 2) + (int.length === degWidth + 2 ? frac : ""));
    const ss = int.length === degWidth + 4 ? Number(int.slice(degWidth + 2) + frac) : 0;
    const text = `${sign}${int}${frac}`;
    if (mm >= 60)
      throw new SyraqError("OUT_OF_RANGE", `'${input}': in '${text}' minutes ${mm} must be below 60`, { input });
    if (ss >= 60)
      throw new SyraqError("OUT_OF_RANGE", `'${input}': in '${text}' seconds ${ss} must be below 60`, { input });
    return {
      text,
      degrees: d + mm / 60 + ss / 3600,
      negative: sign === "-",
      signed: true,
      parts: int.length === degWidth + 4 ? 3 : 2,
    };
  };
  return finish(
    unpack(latSign, latInt, latFrac, 2),
    unpack(lonSign, lonInt, lonFrac, 3),
    input,
    "ISO 6709 ±DDMMSS±DDDMMSS",
    false,
  );
}

const LABEL_RE = /(?<![a-z])(latitude|lat|longitude|long|lon|lng)(?![a-z])\s*[:=]?\s*/gi;

/**
 * "lat 34.229 lon 37.240", "lon=37.24, lat=34.229", "latitude: 34°13'44\"N longitude: 37°14'24\"E".
 * Returns undefined when the text has no such labels.
 */
function parseLabelled(body: string, input: string): ParsedCoordinate | null | undefined {
  const labels = [...body.matchAll(LABEL_RE)];
  if (labels.length === 0) return undefined;
  // "Long Island 5" is a name, not a labelled coordinate: other letters mean not a coordinate.
  if (lex(body.replace(LABEL_RE, " "), input) === null) return null;
  if (labels.length !== 2 || labels[0].index !== 0) {
    throw bad(
      input,
      "with labels, write exactly one latitude and one longitude, each label before its value (lat 34.229 lon 37.240)",
    );
  }
  const axes = labels.map((m) => (m[1].toLowerCase().startsWith("lat") ? "lat" : "lon"));
  if (axes[0] === axes[1]) throw bad(input, `both values are labelled ${axes[0] === "lat" ? "latitude" : "longitude"}`);
  const values = [
    body.slice(labels[0][0].length, labels[1].index),
    body.slice(labels[1].index! + labels[1][0].length),
  ].map((v) => v.trim().replace(/[,;]$/, "").trim());
  const comps = values.map((v, k) => {
    const tokens = lex(v, input);
    if (!tokens) throw bad(input, `cannot read the ${axes[k] === "lat" ? "latitude" : "longitude"} '${v}'`);
    const solid = tokens.filter((t) => t.kind !== "space");
    if (solid.some((t) => t.kind === "sep") || solid.length === 0)
      throw bad(input, `cannot read the ${axes[k] === "lat" ? "latitude" : "longitude"} '${v}'`);
    const c = parseComponent(solid, input);
    if (c.hemi && isLatLetter(c.hemi) !== (axes[k] === "lat")) {
      throw bad(
        input,
        `'${c.text}' is labelled ${axes[k] === "lat" ? "latitude" : "longitude"} but carries the letter ${c.hemi}`,
      );
    }
    return c;
  });
  const [latC, lonC] = axes[0] === "lat" ? comps : [comps[1], comps[0]];
  return finish(latC, lonC, input, "from the lat/lon labels", false);
}

function decimalsOf(input: string): number {
  const m = input.match(/\.(\d+)/g);
  return m ? Math.min(6, Math.max(...m.map((x) => x.length - 1))) : 0;
}

/**
 * "34.2290°N 37.2400°E" (latitude first, hemisphere letters, `digits` decimals; default 4 ≈ 11 m).
 *
 * @example
 * ```ts
 * import { formatLatLon } from "@syraq/core";
 * formatLatLon(37.24, 34.229); // "34.2290°N 37.2400°E"
 * ```
 */
export function formatLatLon(lon: number, lat: number, digits = 4): string {
  const ns = lat < 0 ? "S" : "N";
  const ew = lon < 0 ? "W" : "E";
  return `${Math.abs(lat).toFixed(digits)}°${ns} ${Math.abs(lon).toFixed(digits)}°${ew}`;
}

/**
 * "34°13'44.4\"N 37°14'24.0\"E" (seconds with `secondDigits` decimals).
 *
 * @example
 * ```ts
 * import { formatDms } from "@syraq/core";
 * formatDms(37.24, 34.229); // "34°13'44.4\"N 37°14'24.0\"E"
 * ```
 */
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

/**
 * "37SCT3789588948": MGRS at `digits` per axis (5 = 1 m … 0 = 100 km) of a WGS84 position in degrees.
 *
 * @example
 * ```ts
 * import { formatMgrs } from "@syraq/core";
 * formatMgrs(38.284, 34.5624); // Palmyra: "37SDU…", 1 m digits
 * ```
 */
export function formatMgrs(lon: number, lat: number, digits = 5): string {
  // geographiclib-mgrs 1.0.4 assigns to a constant for a latitude of exactly 0 (a TypeError): the equator is
  // given as the smallest positive latitude, which is where the library's own fix puts it (northern hemisphere)
  // and changes no digit. Installed copies do not carry the workspace's patch, so the library is not relied on.
  return mgrs.forward([lon, lat === 0 ? Number.MIN_VALUE : lat], digits);
}
