/**
 * Lists of places for `syraq matrix`: "A,B,C" on the command line or a CSV file with a
 * `name` (or `place`) column and/or `lat` + `lon` columns (and an optional `label`).
 */
import { readFileSync } from "node:fs";
import { SyraqError } from "@syraq/core";

export interface PlaceInput {
  /** What to resolve: a place name or a "lat,lon" coordinate. */
  input: string;
  /** Name to show in the output (the CSV's label or name column), when given. */
  label?: string;
}

const NUM = /^\s*[-+]?\d+(\.\d+)?\s*$/;

/**
 * Splits "Raqqa,Palmyra,34.55,38.27,Sinjar, Nineveh" into places: commas separate places,
 * two numbers in a row form one "lat,lon" coordinate, and a comma followed by a space stays
 * inside a name ("Name, Governorate"). ";" also separates places.
 */
export function splitPlaceList(text: string): PlaceInput[] {
  const out: string[] = [];
  for (const chunk of text.split(";")) {
    const tokens = chunk.split(/,(?! )/);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (NUM.test(t) && i + 1 < tokens.length && NUM.test(tokens[i + 1]!)) {
        out.push(`${t.trim()},${tokens[i + 1]!.trim()}`);
        i++;
      } else if (t.trim()) out.push(t.trim());
    }
  }
  return out.map((input) => ({ input }));
}

/** One CSV line into fields (RFC 4180 quotes: "a, b" and "" for a quote). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(cur), (cur = "");
    else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/** Reads a places CSV (header row first). BAD_ARGUMENT names the line and what was expected. */
export function readPlaceCsv(path: string, option: string): PlaceInput[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SyraqError("DATA_MISSING", `cannot read ${option} ${path}: ${(e as NodeJS.ErrnoException).code}`, {
      path,
    });
  }
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (!lines.length) throw new SyraqError("BAD_ARGUMENT", `${option} ${path} is empty`, { path });
  const header = csvFields(lines[0]!).map((h) => h.toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const name = col("name", "place");
  const lat = col("lat", "latitude");
  const lon = col("lon", "lng", "longitude");
  const label = col("label", "id");
  if (name < 0 && (lat < 0 || lon < 0))
    throw new SyraqError(
      "BAD_ARGUMENT",
      `${option} ${path}: the header needs a 'name' column or 'lat' and 'lon' columns; got ${header.join(", ")}`,
      { path },
    );
  return lines.slice(1).map((line, i) => {
    const f = csvFields(line);
    const at = `${option} ${path} line ${i + 2}`;
    if (lat >= 0 && lon >= 0 && (f[lat] ?? "") !== "") {
      const la = Number(f[lat]);
      const lo = Number(f[lon]);
      if (!(Math.abs(la) <= 90 && Math.abs(lo) <= 180) || !NUM.test(f[lat]!) || !NUM.test(f[lon] ?? ""))
        throw new SyraqError("BAD_COORDINATE", `${at}: lat/lon must be decimal degrees; got '${f[lat]}', '${f[lon]}'`, {
          path,
          line: i + 2,
        });
      const shown = (label >= 0 && f[label]) || (name >= 0 && f[name]) || undefined;
      return { input: `${la},${lo}`, ...(shown ? { label: shown } : {}) };
    }
    const n = name >= 0 ? f[name] : undefined;
    if (!n) throw new SyraqError("BAD_ARGUMENT", `${at}: no name and no lat/lon`, { path, line: i + 2 });
    return { input: n, ...(label >= 0 && f[label] ? { label: f[label] } : {}) };
  });
}

/** Quotes a CSV field when needed. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
