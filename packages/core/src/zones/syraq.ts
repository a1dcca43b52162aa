/**
 * The Syraq zone: the Syrian–Iraqi borderland the toolkit is about, built by
 * dissolving Natural Earth admin-1 polygons of the data pack with turf.
 * `scripts/build-zone.ts` writes data/zones/syraq.geojson with this function;
 * a test re-runs it and compares with the committed file.
 */
import { bboxPolygon } from "@turf/bbox-polygon";
import { featureCollection } from "@turf/helpers";
import { intersect } from "@turf/intersect";
import { union } from "@turf/union";
import { SyraqError } from "../errors.ts";
import type { PolygonalGeometry } from "../geo/types.ts";
import type { ZoneFeature, ZoneMember } from "./zone.ts";

/** Members of the zone and why; `clipWest` keeps only the part east of that meridian. */
export const SYRAQ_MEMBERS: ReadonlyArray<ZoneMember & { clipWestDegrees?: number }> = [
  {
    iso: "SY-DY",
    name: "Deir ez-Zor",
    country: "SY",
    why: "The Euphrates valley from Deir ez-Zor to al-Bukamal and the desert south of it: the 2017 campaign's core (seed places Deir ez-Zor, Mayadeen, al-Bukamal).",
  },
  {
    iso: "SY-RA",
    name: "Raqqa",
    country: "SY",
    why: "The Euphrates from Lake Assad and Tabqa to Raqqa, IS's capital until Oct 2017 (seed place Raqqa).",
  },
  {
    iso: "SY-HA",
    name: "Hasakah",
    country: "SY",
    why: "The Khabur valley and the Jazira up to the Iraqi border (seed place Qamishli).",
  },
  {
    iso: "SY-HI",
    name: "Homs (east of 37°E)",
    country: "SY",
    clip: "east of 37°E",
    clipWestDegrees: 37,
    why: "The Syrian Desert (Badia) of Homs governorate: Palmyra, Qaryatayn, Sukhna and al-Tanf (seed places). Cut at 37°E to leave out Homs city and the Orontes valley; the pack has no district polygons to cut on, so the meridian is a documented approximation.",
  },
  {
    iso: "IQ-AN",
    name: "Anbar",
    country: "IQ",
    why: "The Iraqi Euphrates from al-Qaim to Fallujah and the western desert (seed places Anbar, Fallujah).",
  },
  {
    iso: "IQ-NI",
    name: "Nineveh",
    country: "IQ",
    why: "Mosul, Tal Afar and Sinjar and the Jazira up to the Syrian border (seed place Mosul).",
  },
  {
    iso: "IQ-SD",
    name: "Salah ad-Din",
    country: "IQ",
    why: "The Tigris valley (Baiji, Tikrit, Samarra) between Nineveh, Anbar and Diyala; it joins Diyala to the rest of the zone.",
  },
  {
    iso: "IQ-DI",
    name: "Diyala",
    country: "IQ",
    why: "Named in the source interview (seed place Diyala), the eastern end of the IS insurgency belt.",
  },
];

/**
 * How the Syraq zone was built (carried in its `notes`).
 */
export const SYRAQ_ZONE_NOTES = [
  "Built from the data pack's vector/ne10m_admin1_states_provinces.geojson (Natural Earth 1:10m admin-1, public domain) by scripts/build-zone.ts: union with @turf/turf, coordinates rounded to 6 decimals.",
  "The pack clips admin-1 polygons at its bbox (35.5–45.5°E, 32.0–37.5°N): Anbar is cut at 32°N (its part south to the Saudi border, about 31°N, is missing) and Diyala at 45.5°E, so the zone's area is that of the clipped shapes.",
  "Homs governorate is cut at 37°E (desert part only).",
];

/** Rounds to 6 decimals (the pack's precision) and drops repeated positions. */
function roundRing(ring: number[][]): number[][] {
  const out: number[][] = [];
  for (const p of ring) {
    const q = [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out;
}

function roundGeometry(g: PolygonalGeometry): PolygonalGeometry {
  if (g.type === "Polygon") return { type: "Polygon", coordinates: g.coordinates.map(roundRing) };
  return { type: "MultiPolygon", coordinates: g.coordinates.map((p) => p.map(roundRing)) };
}

/**
 * Admin-1 polygons (governorates) as a GeoJSON FeatureCollection, [lon, lat] degrees.
 */
export interface Admin1Collection {
  features: Array<{ type: "Feature"; properties: Record<string, unknown> | null; geometry: PolygonalGeometry }>;
}

/**
 * The member shapes (clipped where the member says so), in SYRAQ_MEMBERS order.
 *
 * Throws DATA_CORRUPT when a member governorate is missing from `admin1` or nothing of it lies east of its clip.
 *
 * @example
 * ```ts
 * import { syraqMemberGeometries } from "@syraq/core";
 * import { loadAdmin1, resolveDataDir } from "@syraq/core/node";
 * const members = syraqMemberGeometries(loadAdmin1(resolveDataDir()));
 * members.map((m) => m.member.iso); // ["SY-DY", "SY-RA", …]
 * ```
 */
export function syraqMemberGeometries(
  admin1: Admin1Collection,
  sourceName = "vector/ne10m_admin1_states_provinces.geojson",
): Array<{ member: ZoneMember; geometry: PolygonalGeometry }> {
  return SYRAQ_MEMBERS.map(({ clipWestDegrees, ...member }) => {
    const f = admin1.features.find((x) => x.properties?.iso_3166_2 === member.iso);
    if (!f)
      throw new SyraqError("DATA_CORRUPT", `admin-1 unit ${member.iso} (${member.name}) is not in ${sourceName}`, {
        iso: member.iso,
      });
    if (clipWestDegrees === undefined) return { member, geometry: f.geometry };
    const feat = { type: "Feature" as const, properties: {}, geometry: f.geometry };
    const clipped = intersect(featureCollection([feat as never, bboxPolygon([clipWestDegrees, -89, 179, 89])]));
    if (!clipped)
      throw new SyraqError("DATA_CORRUPT", `${member.name}: nothing east of ${clipWestDegrees}°E`, { iso: member.iso });
    return { member, geometry: clipped.geometry as PolygonalGeometry };
  });
}

/**
 * Dissolves the member governorates of the admin-1 collection into the Syraq zone feature.
 *
 * Throws DATA_CORRUPT as {@link syraqMemberGeometries}, or when the members dissolve to nothing.
 *
 * @example
 * ```ts
 * import { buildSyraqZone, zoneMeasures } from "@syraq/core";
 * import { loadAdmin1, resolveDataDir } from "@syraq/core/node";
 * const zone = buildSyraqZone(loadAdmin1(resolveDataDir()));
 * zoneMeasures(zone).areaSquareMetres / 1e6; // km²
 * ```
 */
export function buildSyraqZone(
  admin1: Admin1Collection,
  sourceName = "vector/ne10m_admin1_states_provinces.geojson",
): ZoneFeature {
  const shapes = syraqMemberGeometries(admin1, sourceName);
  const parts = shapes.map((x) => ({ type: "Feature" as const, properties: {}, geometry: x.geometry }));
  const merged = union(featureCollection(parts as never[]));
  if (!merged) throw new SyraqError("DATA_CORRUPT", "the Syraq members dissolve to nothing");
  const members: ZoneMember[] = shapes.map((x) => x.member);
  return {
    type: "Feature",
    properties: {
      name: "syraq",
      label: "Syraq zone: the Syrian–Iraqi borderland",
      description:
        "Eastern Syria and western/northern Iraq: the Euphrates valley from Lake Assad to Fallujah, the Khabur and Tigris valleys, the Jazira and the Syrian Desert. A working frame for analysis, not an official or historical unit.",
      members,
      notes: SYRAQ_ZONE_NOTES,
      source: `Natural Earth 1:10m admin-1 via the Syraq data pack (${sourceName}), public domain`,
    },
    geometry: roundGeometry(merged.geometry as PolygonalGeometry),
  };
}
