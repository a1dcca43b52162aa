/**
 * Route-graph barriers and the sea mask from the data pack's GeoJSON, browser-safe:
 * the CLI (routing/node/load.ts, which reads and checksums the files) and the
 * viewer (which fetches them) build the same graph from the same rules.
 */
import type { LonLat } from "../geo/types.ts";
import type { BarrierSource } from "./barriers.ts";
import type { LandMask } from "./routegraph.ts";
import { SyraqError } from "../errors.ts";

type Coords = number[][];
interface Geometry {
  type: string;
  coordinates: unknown;
}
interface Collection {
  features: Array<{ geometry: Geometry | null; properties?: Record<string, unknown> | null }>;
}

const asLines = (g: Geometry | null): Coords[] =>
  !g
    ? []
    : g.type === "LineString"
      ? [g.coordinates as Coords]
      : g.type === "MultiLineString"
        ? (g.coordinates as Coords[])
        : [];
const asPolygons = (g: Geometry | null): Coords[][] =>
  !g
    ? []
    : g.type === "Polygon"
      ? [g.coordinates as Coords[]]
      : g.type === "MultiPolygon"
        ? (g.coordinates as Coords[][])
        : [];
const toLonLat = (c: Coords): LonLat[] => c.map((p) => [p[0]!, p[1]!] as LonLat);

/** Whether any vertex of `lines` lies within `tolDeg` (planar degrees, a selection tolerance only) of p. */
function passesNear(lines: Coords[], p: LonLat, tolDeg: number): boolean {
  return lines.some((l) =>
    l.some((q) => Math.hypot((q[0]! - p[0]) * Math.cos((p[1] * Math.PI) / 180), q[1]! - p[1]) < tolDeg),
  );
}

/** al-Hasakah and ash-Shaddadi: the GSHHG "Additional rivers" line passing both is the Khabur. */
const KHABUR_TOWNS: [LonLat, LonLat] = [
  [40.7477, 36.5024],
  [40.74, 36.055],
];

/**
 * Barriers from the pack: Euphrates (Natural Earth: Euphrates, Firat, Al Furat, including
 * the lake centrelines), Tigris (NE: Tigris, Dicle), Khabur (GSHHG/WDBII "Additional
 * rivers" lines passing al-Hasakah and ash-Shaddadi) and every NE lake (Lake Assad
 * belongs to the Euphrates: the Tabqa Dam crosses it).
 *
 * Throws DATA_CORRUPT when the pack's rivers lack one of the barrier rivers.
 *
 * @example
 * ```ts
 * import { packBarriersFromGeoJson } from "@syraq/core";
 * import { readGeoJsonFile } from "@syraq/core/node";
 * const barriers = packBarriersFromGeoJson(
 *   readGeoJsonFile("pack/ne_10m_rivers.geojson") as any,
 *   readGeoJsonFile("pack/wdbii_rivers.geojson") as any,
 *   readGeoJsonFile("pack/ne_10m_lakes.geojson") as any,
 * );
 * ```
 */
export function packBarriersFromGeoJson(
  neRivers: Collection,
  gshhgRivers: Collection,
  lakes: Collection,
): BarrierSource[] {
  const euphrates: Coords[] = [];
  const tigris: Coords[] = [];
  for (const f of neRivers.features) {
    const name = String(f.properties?.name ?? "");
    if (["Euphrates", "Firat", "Al Furat"].includes(name)) euphrates.push(...asLines(f.geometry));
    if (["Tigris", "Dicle"].includes(name)) tigris.push(...asLines(f.geometry));
  }
  const khabur: Coords[] = [];
  for (const f of gshhgRivers.features) {
    if (f.properties?.wdbii_class !== "Additional rivers") continue;
    const lines = asLines(f.geometry);
    if (passesNear(lines, KHABUR_TOWNS[0], 0.06) && passesNear(lines, KHABUR_TOWNS[1], 0.06)) khabur.push(...lines);
  }
  if (!euphrates.length || !tigris.length || !khabur.length) {
    const lacking = [
      !euphrates.length && "the Euphrates",
      !tigris.length && "the Tigris",
      !khabur.length && "the Khabur",
    ]
      .filter(Boolean)
      .join(", ");
    throw new SyraqError("DATA_CORRUPT", `the data pack's rivers lack ${lacking}`, { lacking });
  }
  const out: BarrierSource[] = [
    { name: "euphrates", river: "euphrates", lines: euphrates.map(toLonLat), polygons: [] },
    { name: "tigris", river: "tigris", lines: tigris.map(toLonLat), polygons: [] },
    { name: "khabur", river: "khabur", lines: khabur.map(toLonLat), polygons: [] },
  ];
  for (const f of lakes.features) {
    const name = String(f.properties?.name ?? "lake");
    out.push({
      name,
      river: name === "Buhayrat al-Assad" ? "euphrates" : `lake:${name}`,
      lines: [],
      polygons: asPolygons(f.geometry).map((poly) => poly.map(toLonLat)),
    });
  }
  return out;
}

/**
 * The sea mask from the pack's land polygon (Natural Earth 1:10m, clipped to the region).
 * The bbox is the extent of its coordinates (the clip box): beyond it nothing is known and
 * nothing is masked.
 *
 * Throws DATA_CORRUPT when the land file holds no polygon.
 *
 * @example
 * ```ts
 * import { landMaskFromGeoJson } from "@syraq/core";
 * import { readGeoJsonFile } from "@syraq/core/node";
 * const land = landMaskFromGeoJson(readGeoJsonFile("pack/ne_10m_land.geojson") as any); // land.bbox in degrees
 * ```
 */
export function landMaskFromGeoJson(land: Collection): LandMask {
  const polygons: LonLat[][][] = [];
  for (const f of land.features ?? [])
    if (f?.geometry) for (const poly of asPolygons(f.geometry)) polygons.push(poly.map(toLonLat));
  if (!polygons.length) throw new SyraqError("DATA_CORRUPT", "the data pack's land file holds no polygon");
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons)
    for (const [x, y] of poly[0]!) {
      bbox[0] = Math.min(bbox[0], x);
      bbox[1] = Math.min(bbox[1], y);
      bbox[2] = Math.max(bbox[2], x);
      bbox[3] = Math.max(bbox[3], y);
    }
  return { polygons, bbox };
}
