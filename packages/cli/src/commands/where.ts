import {
  SyraqError,
  euphratesBank,
  formatDms,
  formatLatLon,
  geodesicInverse,
  geodesicPolygonArea,
  pointInZone,
  sampleBilinear,
  toRasterCrs,
  type Location,
  type Place,
  type Raster,
} from "@syraq/core";
import { loadDem, loadEuphrates, loadZone } from "@syraq/core/node";
import type { CommandContext, CommandSpec } from "../command.ts";
import { PACK_BBOX, PACK_BBOX_TEXT, gazetteerFor, inPack, outsidePackNote, resolveLocations } from "../locations.ts";

/** Places farther than this from the Euphrates get no bank. */
const BANK_RADIUS_METRES = 10_000;

export interface WhereRecord {
  input: string;
  name: string;
  nameAr?: string;
  id?: string;
  match?: string;
  /** A fuzzy match's warning (the next candidate and its distance). */
  warning?: string;
  kind: string;
  lon: number;
  lat: number;
  dms: string;
  admin1?: string;
  country?: string;
  countryName?: string;
  population?: number;
  /** GMTED2010 (or --dem) bilinear, metres above EGM96; null outside the DEM or on nodata. */
  elevationMetres: number | null;
  inZone?: boolean | null;
  euphrates?: { bank: "right" | "left"; distanceMetres: number } | { bank: null; distanceMetres: number } | null;
  /** Geodesic area of a governorate/region polygon (the part inside the data pack). */
  areaSquareMetres?: number;
  /** Other spellings the place answers to (first few). */
  aliases?: string[];
  /** For coordinate inputs: the nearest gazetteer town. */
  nearest?: { name: string; id: string; distanceMetres: number; azimuthDegrees: number };
  source?: string;
  approximate?: boolean;
  notes: string[];
}

/** Zone membership and Euphrates bank, when the regional layers are available. */
interface Regional {
  zoneName?: string;
  inZone?: (lon: number, lat: number) => boolean;
  bank?: (lon: number, lat: number) => { bank: "right" | "left"; distanceMetres: number };
  notes: string[];
}

function regionalFor(ctx: CommandContext, zoneName: string): Regional {
  const zone = loadZone(zoneName);
  const river = loadEuphrates(ctx.dataDir());
  const far = outsidePackNote(`zone '${zoneName}'`, zone.geometry.coordinates);
  return {
    zoneName: zone.properties.label ?? zone.properties.name,
    inZone: (lon, lat) => pointInZone(zone, [lon, lat]),
    bank: (lon, lat) => {
      const b = euphratesBank(river, [lon, lat]);
      return { bank: b.bank, distanceMetres: b.distanceMetres };
    },
    notes: far ? [far] : [],
  };
}

function elevationAt(dem: Raster, lon: number, lat: number): number | null {
  const [x, y] = dem.crs.geographic ? [lon, lat] : toRasterCrs(dem.crs, lon, lat);
  const v = sampleBilinear(dem, x, y);
  return Number.isFinite(v) ? Math.round(v * 10) / 10 : null;
}

function nearestTown(towns: Place[], lon: number, lat: number): WhereRecord["nearest"] {
  let best: WhereRecord["nearest"];
  for (const t of towns) {
    const g = geodesicInverse([lon, lat], [t.lon, t.lat]);
    if (!best || g.lengthMetres < best.distanceMetres) {
      best = {
        name: t.name,
        id: t.id,
        distanceMetres: g.lengthMetres,
        azimuthDegrees: (g.azimuthStartDegrees + 360) % 360,
      };
    }
  }
  return best;
}

const COMPASS = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
const compass = (azimuthDegrees: number) => COMPASS[Math.round((((azimuthDegrees % 360) + 360) % 360) / 45) % 8]!;

export function describeLocation(
  ctx: CommandContext,
  loc: Location,
  dem: Raster | null,
  regional: Regional,
): WhereRecord {
  const p = loc.place;
  const notes = [...(p?.notes ?? [])];
  const rec: WhereRecord = {
    input: loc.input,
    name: loc.name,
    nameAr: p?.nameAr,
    id: p?.id,
    match: loc.match,
    ...(loc.warning ? { warning: loc.warning } : {}),
    kind: p?.kind ?? "coordinate",
    lon: loc.lon,
    lat: loc.lat,
    dms: formatDms(loc.lon, loc.lat),
    admin1: p?.admin1,
    country: p?.country,
    countryName: p?.countryName,
    population: p?.population,
    elevationMetres: dem ? elevationAt(dem, loc.lon, loc.lat) : null,
    source: p?.source,
    approximate: p?.approximate,
    notes,
  };
  if (p?.kind === "governorate" || p?.kind === "region") notes.push("position is the polygon's area centroid");
  if (p?.geometry) rec.areaSquareMetres = geodesicPolygonArea(p.geometry).areaSquareMetres;
  if (p) rec.aliases = p.aliases.slice(0, 8);
  if (!p) {
    const g = gazetteerFor(ctx);
    const gov = g.governorateAt(loc.lon, loc.lat);
    if (gov) {
      rec.admin1 = gov.name;
      rec.country = gov.country;
      rec.countryName = gov.countryName;
    }
    rec.nearest = nearestTown(
      g.all().filter((t) => t.kind === "town" || t.kind === "site"),
      loc.lon,
      loc.lat,
    );
  }
  if (regional.inZone) rec.inZone = regional.inZone(loc.lon, loc.lat);
  // a bank only makes sense for a point place, not for a governorate's centroid
  if (regional.bank && (!p || p.kind === "town" || p.kind === "site")) {
    const b = regional.bank(loc.lon, loc.lat);
    rec.euphrates = b.distanceMetres <= BANK_RADIUS_METRES ? b : { bank: null, distanceMetres: b.distanceMetres };
  }
  if (!inPack(loc.lon, loc.lat)) {
    notes.push(
      `outside the data pack (${PACK_BBOX_TEXT}): governorates, gazetteer and DEM stop at its edge, so the nearest town and governorate may be missing or far`,
    );
  } else if (!p && !rec.admin1) {
    notes.push(
      "not inside any governorate polygon of the data pack: at sea, in a lake, or in a gap between the polygons",
    );
  }
  if (rec.elevationMetres === null && dem) notes.push("outside the DEM (or on a nodata cell)");
  return rec;
}

function km(m: number): string {
  return m < 10_000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m / 1000)} km`;
}

export function whereText(r: WhereRecord, zoneName: string | undefined): string {
  const lines: string[] = [];
  lines.push(`${r.name}${r.nameAr ? `  ${r.nameAr}` : ""}`);
  if (r.match === "spelling" || r.match === "fuzzy") {
    lines.push(
      `  matched      '${r.input}' (${r.match === "fuzzy" ? (r.warning ?? "nearest spelling: check this is the place you mean") : "spelling variant"})`,
    );
  }
  lines.push(`  position     ${formatLatLon(r.lon, r.lat)}  (${r.dms})${r.approximate ? "  approximate" : ""}`);
  if (r.admin1 || r.country)
    lines.push(
      `  governorate  ${r.admin1 ?? "?"}, ${r.countryName ?? r.country ?? "?"}${r.country ? ` (${r.country})` : ""}`,
    );
  const kind =
    r.kind === "coordinate"
      ? "coordinate"
      : `${r.kind}${r.population ? `, pop. ${r.population.toLocaleString("en-US")}` : ""}`;
  lines.push(`  kind         ${kind}`);
  if (r.areaSquareMetres !== undefined)
    lines.push(`  area         ${Math.round(r.areaSquareMetres / 1e6).toLocaleString("en-US")} km² (geodesic)`);
  if (r.aliases?.length) lines.push(`  also         ${r.aliases.slice(0, 6).join(", ")}`);
  if (r.nearest)
    lines.push(
      `  nearest      ${r.nearest.name}, ${km(r.nearest.distanceMetres)} ${compass(r.nearest.azimuthDegrees)} of here`,
    );
  lines.push(
    `  elevation    ${r.elevationMetres === null ? "n/a" : `${Math.round(r.elevationMetres)} m`} (DEM, bilinear, above EGM96)`,
  );
  if (r.inZone !== undefined && r.inZone !== null)
    lines.push(`  zone         ${r.inZone ? "inside" : "outside"} ${zoneName ?? "the zone"}`);
  if (r.euphrates && r.euphrates.distanceMetres <= 30_000) {
    const e = r.euphrates;
    lines.push(
      e.bank
        ? `  Euphrates    ${e.bank} (${e.bank === "right" ? "south-west" : "north-east"}) bank, ${km(e.distanceMetres)} from the river`
        : `  Euphrates    ${km(e.distanceMetres)} away (no bank given beyond ${BANK_RADIUS_METRES / 1000} km)`,
    );
  }
  if (r.source) lines.push(`  source       ${r.source}`);
  for (const n of r.notes) lines.push(`  note         ${n}`);
  return lines.join("\n");
}

/** Degrees of DEM read around the places: a few cells of margin for the bilinear sample (GMTED2010 is 1.5′). */
const DEM_MARGIN_DEGREES = 0.1;

/**
 * The DEM to sample: for the pack's DEM only a window around the places is read (the whole of it costs more than
 * the rest of the command); a user's --dem, places outside the pack, or a window without data read it all.
 */
async function demAround(
  ctx: CommandContext,
  locations: readonly Location[],
  demPath: string | undefined,
  band: number | undefined,
): Promise<Raster> {
  const whole = () => loadDem({ dataDir: ctx.dataDir(), demPath, ...(band !== undefined ? { band } : {}) });
  if (demPath || locations.length === 0 || !locations.every((l) => inPack(l.lon, l.lat))) return whole();
  const lons = locations.map((l) => l.lon);
  const lats = locations.map((l) => l.lat);
  const bbox: [number, number, number, number] = [
    Math.max(PACK_BBOX.west, Math.min(...lons) - DEM_MARGIN_DEGREES),
    Math.max(PACK_BBOX.south, Math.min(...lats) - DEM_MARGIN_DEGREES),
    Math.min(PACK_BBOX.east, Math.max(...lons) + DEM_MARGIN_DEGREES),
    Math.min(PACK_BBOX.north, Math.max(...lats) + DEM_MARGIN_DEGREES),
  ];
  try {
    return await loadDem({ dataDir: ctx.dataDir(), bbox });
  } catch (e) {
    if (e instanceof SyraqError && e.code === "BAD_RASTER") return whole(); // a window of nodata only
    throw e;
  }
}

export const whereCommand: CommandSpec = {
  name: "where",
  summary:
    "where a place or coordinate is: position (decimal + DMS), governorate, country, elevation, Syraq zone, Euphrates bank",
  description:
    "Each PLACE is a name (any common transliteration or Arabic; 'Name, Governorate' or 'Name, Country' to disambiguate) " +
    'or a coordinate ("34.229,37.240" lat,lon; "34.229N 37.240E"; DMS; MGRS). Elevation is GMTED2010 at 1.5′, bilinear ' +
    "between cell centres (metres above the EGM96 geoid). The Euphrates bank is given for places within 10 km of the river; " +
    "right bank = south-west side (flow direction).",
  args: [{ name: "PLACE", description: "place names or coordinates", variadic: true }],
  options: [
    {
      name: "country",
      type: "string",
      placeholder: "CC",
      description: "only places in this country (ISO code or name), e.g. SY, IQ",
    },
    {
      name: "zone",
      type: "string",
      placeholder: "NAME|FILE",
      default: "syraq",
      description: "zone for the inside/outside line (data/zones/NAME.geojson or a polygon file)",
    },
    {
      name: "dem",
      type: "string",
      placeholder: "FILE|DIR",
      description: "DEM to sample instead of the pack's GMTED2010",
    },
    { name: "band", type: "number", placeholder: "N", description: "band of a multi-band --dem (1-based)" },
  ],
  examples: [
    "syraq where Mayadeen",
    'syraq where "Dayr al-Zor" Tadmor "Abu Kemal"',
    'syraq where "Sinjar, Idlib" --json',
    "syraq where 34.229,37.240",
  ],
  async run(ctx) {
    const inputs = ctx.args.PLACE as string[];
    const country = ctx.options.country as string | undefined;
    const locations = resolveLocations(ctx, inputs, { country });
    const demPath = ctx.options.dem as string | undefined;
    const band = ctx.options.band as number | undefined;
    if (band !== undefined && !demPath)
      throw new SyraqError("BAD_OPTION", "--band picks a band of a multi-band --dem; the pack's DEM has one band", {
        band,
      });
    const dem = await demAround(ctx, locations, demPath, band);
    const zone = String(ctx.options.zone ?? "syraq");
    const regional = regionalFor(ctx, zone);
    const records = locations.map((l) => describeLocation(ctx, l, dem, regional));
    const notes = regional.notes;
    return {
      json: { places: records, zone: regional.zoneName ?? null, notes },
      text: [...records.map((r) => whereText(r, regional.zoneName)), ...notes.map((n) => `(${n})`)].join("\n\n"),
    };
  },
};
