import { formatLatLon, parseCoordinate, resolveLocation, type Gazetteer, type Location, type Place } from "@syraq/core";
import { loadGazetteer } from "@syraq/core/node";
import type { CommandContext } from "./command.ts";

/** The gazetteer of the command's data pack (cached per data directory). */
export function gazetteerFor(ctx: CommandContext): Gazetteer {
  return loadGazetteer(ctx.dataDir());
}

/** The data pack's bbox (35.5–45.5 E, 32–37.5 N): the DEM, governorates and gazetteer stop there. */
export const PACK_BBOX = { west: 35.5, south: 32, east: 45.5, north: 37.5 } as const;
export const PACK_BBOX_TEXT = "35.5–45.5°E, 32–37.5°N";

export function inPack(lon: number, lat: number): boolean {
  return lon >= PACK_BBOX.west && lon <= PACK_BBOX.east && lat >= PACK_BBOX.south && lat <= PACK_BBOX.north;
}

/** True when a lon/lat bbox does not touch the data pack's bbox at all. */
export function bboxOutsidePack(bbox: readonly [number, number, number, number]): boolean {
  const [w, s, e, n] = bbox;
  return e < PACK_BBOX.west || w > PACK_BBOX.east || n < PACK_BBOX.south || s > PACK_BBOX.north;
}

/** Bbox [west, south, east, north] of every [lon, lat] position nested anywhere in `coords`. */
export function bboxOfPositions(coords: unknown): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === "number" && typeof c[1] === "number") {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
      return;
    }
    for (const x of c) walk(x);
  };
  walk(coords);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/**
 * A note for a user's geometry (front, zone) that lies wholly outside the data pack:
 * most often a file written [lat, lon] instead of GeoJSON's [lon, lat]. Undefined when it touches the pack.
 */
export function outsidePackNote(what: string, coords: unknown): string | undefined {
  const b = bboxOfPositions(coords);
  if (!b || !bboxOutsidePack(b)) return undefined;
  const [w, s, e, n] = b;
  const span = `lon ${w}..${e}, lat ${s}..${n}`;
  const swapped = !bboxOutsidePack([s, w, n, e]);
  return (
    `${what} lies wholly outside the data pack (${PACK_BBOX_TEXT}): ${span}` +
    (swapped
      ? `; with latitude and longitude swapped it would fall inside: GeoJSON positions are [lon, lat], is the file written [lat, lon]?`
      : "")
  );
}

/**
 * Notes on how inputs were read, for stderr: a bare decimal pair outside the region
 * whose swap falls inside it (probably typed lon,lat: we never swap silently, ISO 6709
 * is latitude first), and names that matched only fuzzily.
 */
export function locationNotes(locations: readonly Location[]): string[] {
  const notes: string[] = [];
  for (const l of locations) {
    const p = parseCoordinate(l.input);
    if (p && p.format === "decimal" && !inPack(p.lon, p.lat) && inPack(p.lat, p.lon)) {
      notes.push(
        `note: '${l.input}' was read as latitude ${p.lat}, longitude ${p.lon} (ISO 6709: latitude first), outside the Syraq region; ` +
          `if you meant ${formatLatLon(p.lat, p.lon)}, write it with hemisphere letters.`,
      );
    }
    if (l.match === "fuzzy")
      notes.push(
        `warning: ${l.warning ?? `'${l.input}' was read as ${l.name}${l.place?.admin1 ? ` (${l.place.admin1})` : ""} by nearest spelling`}`,
      );
  }
  return notes;
}

/**
 * Resolves each input (coordinate or place name) to a location. Coordinates do not
 * need the data pack: the gazetteer is loaded only when a name must be looked up.
 * Throws the first UNKNOWN_PLACE / AMBIGUOUS_PLACE / BAD_COORDINATE (exit 2).
 * Writes the notes of `locationNotes` (swapped-looking pairs, fuzzy matches) to stderr.
 */
export function resolveLocations(ctx: CommandContext, inputs: string[], opts: { country?: string } = {}): Location[] {
  const strict = ctx.options.strict === true ? { strict: true } : {};
  const locations = inputs.map((input) => resolveLocation(input, () => gazetteerFor(ctx), { ...opts, ...strict }));
  if (!ctx.quiet) {
    const notes = locationNotes(locations);
    // names were looked up: the gazetteer is loaded already
    if (locations.some((l) => l.place)) notes.push(...homonymNotes(gazetteerFor(ctx), locations, opts));
    for (const n of notes) ctx.err(n);
  }
  return locations;
}

const isPointPlace = (p: Place) => p.kind === "town" || p.kind === "site";

/**
 * A name shared by several towns resolves to one of them (the seed place, or one ten
 * times more populous): say which, and how to ask for the others ("Sinjar" is in
 * Nineveh, Iraq and in Idlib, Syria).
 */
export function homonymNotes(g: Gazetteer, locations: readonly Location[], opts: { country?: string } = {}): string[] {
  const notes: string[] = [];
  for (const l of locations) {
    const p = l.place;
    if (!p || !isPointPlace(p) || l.match === "fuzzy") continue;
    let others: Place[];
    try {
      others = g.candidates(l.input, opts).filter((o) => isPointPlace(o) && o.id !== p.id);
    } catch {
      continue;
    }
    if (!others.length) continue;
    const label = (o: Place) => `${o.name} (${[o.admin1, o.country].filter(Boolean).join(", ")})`;
    const ask = others.map((o) => `'${l.input.trim()}, ${o.admin1 ?? o.country}'`).join(" or ");
    notes.push(
      `note: '${l.input.trim()}' also names ${others.map(label).join(", ")}; took ${label(p)}. Write ${ask} for ${others.length > 1 ? "the others" : "the other"}.`,
    );
  }
  return notes;
}
