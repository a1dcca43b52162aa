import { SyraqError, geodesicInverse, pointInGeometry, pointInZone, type Location, type Place } from "@syraq/core";
import { listZones, loadZone } from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "../command.ts";
import { PACK_BBOX_TEXT, gazetteerFor, inPack, outsidePackNote, resolveLocations } from "../locations.ts";

interface PlaceRow {
  id: string;
  name: string;
  nameAr?: string;
  kind: string;
  admin1?: string;
  country: string;
  lon: number;
  lat: number;
  population?: number;
  distanceMetres?: number;
  seed?: boolean;
  approximate?: boolean;
}

/** A polygon filter for --in: a zone (data/zones/NAME.geojson or a polygon file), else a governorate or region of the gazetteer. */
function areaFilter(
  ctx: CommandContext,
  name: string,
): { label: string; contains: (lon: number, lat: number) => boolean; note?: string } {
  if (/[\\/]|\.(geo)?json$/i.test(name) || listZones().some((z) => z.toLowerCase() === name.trim().toLowerCase())) {
    const zone = loadZone(name);
    const note = outsidePackNote(`--in ${name}`, zone.geometry.coordinates);
    return {
      label: zone.properties.label ?? zone.properties.name,
      contains: (lon, lat) => pointInZone(zone, [lon, lat]),
      ...(note ? { note } : {}),
    };
  }
  const g = gazetteerFor(ctx);
  const gov = g.match(name).place;
  if (!gov.geometry) {
    throw new SyraqError(
      "BAD_OPTION",
      `--in ${name}: '${gov.name}' is a ${gov.kind}, not an area; give a zone (${listZones().join(", ") || "none in data/zones"}), a polygon FILE.geojson, a governorate (e.g. "Deir ez-Zor governorate") or a region`,
      { in: name },
    );
  }
  const geometry = gov.geometry;
  return { label: `${gov.name} ${gov.kind}`, contains: (lon, lat) => pointInGeometry(geometry, lon, lat) };
}

export const placesCommand: CommandSpec = {
  name: "places",
  summary: "list gazetteer places, optionally near a place, inside an area, or in one country",
  description:
    "Lists towns and sites (with --kind all: also governorates and regions) with Arabic name, governorate and country. " +
    "--near P sorts by geodesic distance (WGS84) from P; --within-km limits that distance. --in takes a zone name " +
    "(data/zones), a polygon file, or a governorate/region name. Sorted by distance with --near, else by population.",
  args: [],
  options: [
    {
      name: "near",
      type: "string",
      placeholder: "PLACE",
      description: "centre place or coordinate; rows get a geodesic distance",
    },
    {
      name: "within-km",
      aliases: ["within"],
      type: "number",
      unit: "km",
      description: "only places at most this far from --near",
    },
    {
      name: "in",
      type: "string",
      placeholder: "ZONE|AREA",
      description: "only places inside this zone (e.g. syraq, or a polygon FILE.geojson), governorate or region",
    },
    {
      name: "country",
      type: "string",
      placeholder: "CC",
      description: "only places in this country (ISO code or name)",
    },
    {
      name: "kind",
      type: "string",
      choices: ["town", "site", "governorate", "region", "all"],
      description: "only this kind (default: towns and sites)",
    },
    { name: "seed", type: "boolean", description: "only the project's seed places" },
    { name: "limit", type: "number", default: 50, description: "at most this many rows (0 = all)" },
  ],
  examples: [
    "syraq places --near Mayadeen --within-km 30",
    "syraq places --in syraq --seed",
    'syraq places --in "Deir ez-Zor governorate" --limit 20',
    "syraq places --country IQ --seed",
    "syraq places --kind governorate --country SY --json",
  ],
  run(ctx) {
    const g = gazetteerFor(ctx);
    const o = ctx.options;
    const withinKm = o["within-km"] as number | undefined;
    const nearText = o.near as string | undefined;
    if (withinKm !== undefined && !nearText)
      throw new SyraqError(
        "BAD_OPTION",
        "--within-km needs --near PLACE (the centre the distance is measured from)",
        {},
      );
    if (withinKm !== undefined && !(withinKm >= 0))
      throw new SyraqError("BAD_OPTION", `--within-km must be a distance ≥ 0 km, got ${withinKm}`, {
        within: withinKm,
      });
    const limit = (o.limit as number | undefined) ?? 50;
    if (!Number.isInteger(limit) || limit < 0)
      throw new SyraqError("BAD_OPTION", `--limit must be a whole number ≥ 0, got ${limit}`, { limit });
    const country = o.country ? g.requireCountry(String(o.country)) : undefined;
    const kind = (o.kind as string | undefined) ?? "default";
    let near: Location | undefined;
    if (nearText) near = resolveLocations(ctx, [nearText])[0];
    const area = o.in ? areaFilter(ctx, String(o.in)) : undefined;

    let rows: PlaceRow[] = [];
    for (const p of g.all()) {
      if (kind === "default" ? !(p.kind === "town" || p.kind === "site") : kind !== "all" && p.kind !== kind) continue;
      if (country && p.country !== country) continue;
      if (o.seed && !p.seed) continue;
      if (area && !area.contains(p.lon, p.lat)) continue;
      if (near && p === near.place) continue;
      const row = toRow(p);
      if (near) {
        row.distanceMetres = geodesicInverse([near.lon, near.lat], [p.lon, p.lat]).lengthMetres;
        if (withinKm !== undefined && row.distanceMetres > withinKm * 1000) continue;
      }
      rows.push(row);
    }
    rows.sort((a, b) =>
      near
        ? a.distanceMetres! - b.distanceMetres! || a.id.localeCompare(b.id)
        : (b.population ?? 0) - (a.population ?? 0) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    );
    const total = rows.length;
    if (limit > 0) rows = rows.slice(0, limit);
    const header = [
      `${total} place${total === 1 ? "" : "s"}`,
      near ? `near ${near.name}${withinKm !== undefined ? ` within ${withinKm} km` : ""}` : "",
      area ? `in ${area.label}` : "",
      country ? `in ${country}` : "",
      rows.length < total ? `(showing ${rows.length}; --limit 0 for all)` : "",
    ]
      .filter(Boolean)
      .join(" ");
    // The gazetteer holds only the data pack's places: an empty or thin answer out there is the data's edge, not the region's.
    const notes: string[] = [];
    if (near && !inPack(near.lon, near.lat)) {
      notes.push(
        `${near.name} lies outside the data pack (${PACK_BBOX_TEXT}); the gazetteer only holds places inside it, so places beyond its edge are missing`,
      );
    }
    if (area?.note) notes.push(area.note);
    const table = rows.map((r) =>
      [
        near ? `${(r.distanceMetres! / 1000).toFixed(1).padStart(7)} km` : "",
        r.name.padEnd(24),
        `${r.admin1 ?? "?"}, ${r.country || "-"}`.padEnd(24),
        [
          r.kind === "town" ? "" : r.kind,
          r.population ? `pop. ${r.population.toLocaleString("en-US")}` : "",
          r.approximate ? "approximate" : "",
        ]
          .filter(Boolean)
          .join(", ")
          .padEnd(22),
        // Arabic last: right-to-left text would disturb the columns after it
        r.nameAr ?? "",
      ]
        .filter((x, i) => i > 0 || x)
        .join("  ")
        .trimEnd(),
    );
    return {
      json: {
        near: near ? { name: near.name, lon: near.lon, lat: near.lat, id: near.place?.id } : null,
        withinMetres: withinKm !== undefined ? withinKm * 1000 : null,
        in: area?.label ?? null,
        country: country ?? null,
        total,
        places: rows,
        notes,
      },
      text: [header, ...table, ...notes.map((n) => `note: ${n}`)].join("\n"),
    };
  },
};

function toRow(p: Place): PlaceRow {
  return {
    id: p.id,
    name: p.name,
    nameAr: p.nameAr,
    kind: p.kind,
    admin1: p.admin1,
    country: p.country,
    lon: p.lon,
    lat: p.lat,
    population: p.population,
    seed: p.seed,
    approximate: p.approximate,
  };
}
