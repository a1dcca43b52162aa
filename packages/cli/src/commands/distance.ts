import { SyraqError, formatLatLon, geodesicDensify, geodesicInverse, type Location } from "@syraq/core";
import type { CommandSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import { beginOutputs, geoJsonText } from "../shared/outputs.ts";

interface Endpoint {
  name: string;
  lat: number;
  lon: number;
}

export interface DistanceLeg {
  from: Endpoint;
  to: Endpoint;
  lengthMetres: number;
  azimuthStartDegrees: number;
  azimuthEndDegrees: number;
}

export interface DistanceResult {
  lengthMetres: number;
  legs: DistanceLeg[];
}

const COMPASS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"];
/** Azimuth in [0, 360) with a 16-point compass label: "64.35° (ENE)". */
function bearing(azimuthDegrees: number): string {
  const a = ((azimuthDegrees % 360) + 360) % 360;
  return `${a.toFixed(2)}° (${COMPASS[Math.round(a / 22.5) % 16]})`;
}

/** km with sensible precision: metres below 1 km, else 10 m resolution (place points are not better than that). */
export function formatLength(lengthMetres: number): string {
  if (lengthMetres < 1000) return `${lengthMetres.toFixed(1)} m`;
  return `${(lengthMetres / 1000).toFixed(2)} km`;
}

function label(l: Location): string {
  const where = formatLatLon(l.lon, l.lat);
  if (l.match === "coordinate" || !l.place) return where;
  const region = [l.place.admin1, l.place.countryName].filter(Boolean).join(", ");
  return `${l.name} (${where}${region ? `, ${region}` : ""})`;
}

/** Geodesic legs between consecutive locations on WGS84 (Karney). */
export function distanceBetween(locations: readonly { name: string; lon: number; lat: number }[]): DistanceResult {
  const legs: DistanceLeg[] = [];
  for (let i = 1; i < locations.length; i++) {
    const a = locations[i - 1];
    const b = locations[i];
    const g = geodesicInverse([a.lon, a.lat], [b.lon, b.lat]);
    legs.push({
      from: { name: a.name, lat: a.lat, lon: a.lon },
      to: { name: b.name, lat: b.lat, lon: b.lon },
      lengthMetres: g.lengthMetres,
      azimuthStartDegrees: g.azimuthStartDegrees,
      azimuthEndDegrees: g.azimuthEndDegrees,
    });
  }
  return { lengthMetres: legs.reduce((s, l) => s + l.lengthMetres, 0), legs };
}

/** The legs as RFC 7946 LineStrings densified along the geodesic (1 km spacing). */
export function legsGeoJson(result: DistanceResult): unknown {
  return {
    type: "FeatureCollection",
    features: result.legs.map((leg, i) => ({
      type: "Feature",
      properties: {
        leg: i + 1,
        from: leg.from.name,
        to: leg.to.name,
        lengthMetres: leg.lengthMetres,
        azimuthStartDegrees: leg.azimuthStartDegrees,
        azimuthEndDegrees: leg.azimuthEndDegrees,
      },
      geometry: {
        type: "LineString",
        coordinates: geodesicDensify(
          [
            [leg.from.lon, leg.from.lat],
            [leg.to.lon, leg.to.lat],
          ],
          1000,
        ),
      },
    })),
  };
}

export const distanceCommand: CommandSpec = {
  name: "distance",
  summary: "true geodesic distance (WGS84, Karney) between places or coordinates, per leg and in total, with azimuths",
  description: [
    "Each argument is a place name (resolved by the gazetteer) or a coordinate: 34.229,37.240 (ISO 6709: latitude",
    "FIRST), 34.229N 37.240E or 37.240E 34.229N, 34°13'44\"N 37°14'24\"E, 34 13 44 N 37 14 24 E, or MGRS 37SCT3789588948.",
    "Quote arguments that contain spaces. Lengths are shortest paths on the WGS84 ellipsoid (not a sphere, not a map",
    "projection). Azimuths are degrees clockwise from true north: the start azimuth is the heading on leaving, the end",
    "azimuth the heading on arrival. With more than two arguments the legs are A→B, B→C, … and the total is their sum.",
  ].join("\n"),
  args: [{ name: "places", variadic: true, description: "two or more place names or coordinates, in travel order" }],
  options: [
    {
      name: "country",
      type: "string",
      placeholder: "CC",
      description: "pick places in this country when a name is ambiguous (ISO 3166-1 alpha-2, e.g. SY, IQ)",
    },
    {
      name: "out",
      type: "string",
      placeholder: "LEGS.geojson",
      description: "also write the legs as GeoJSON LineStrings that follow the geodesic (a point every 1 km), for maps",
    },
  ],
  examples: [
    'syraq distance Qaryatayn "Deir ez-Zor"',
    'syraq distance "34.229N 37.240E" "35.336N 40.140E" --json',
    'syraq distance Damascus Homs Palmyra "Deir ez-Zor"',
    "syraq distance 37SCT3789588948 Sukhna --country SY",
    'syraq distance Palmyra Sukhna "Deir ez-Zor" --out legs.geojson',
  ],
  run(ctx) {
    // --out checked before any work (folder exists and is writable, not a folder); written atomically
    const tx = beginOutputs({ "--out": ctx.options.out });
    const inputs = (ctx.args.places as string[] | undefined) ?? [];
    if (inputs.length < 2) {
      throw new SyraqError(
        "BAD_ARGUMENT",
        `distance needs at least two places or coordinates, got ${inputs.length}${inputs.length ? ` ('${inputs[0]}')` : ""}; e.g. syraq distance Qaryatayn "Deir ez-Zor"`,
        {
          inputs,
        },
      );
    }
    const country = ctx.options.country as string | undefined;
    const locations = resolveLocations(ctx, inputs, country ? { country } : {});

    // swapped-looking pairs and fuzzy matches are noted by resolveLocations
    const notes: string[] = [];
    const seen = new Set<string>();
    for (const l of locations) {
      const p = l.place;
      if (p && (p.kind === "governorate" || p.kind === "region") && !seen.has(p.id)) {
        seen.add(p.id);
        notes.push(
          `note: ${p.name} is a ${p.kind}; distances are measured from one point, ${formatLatLon(p.lon, p.lat)}`,
        );
        for (const n of p.notes ?? []) notes.push(`note: ${p.name}: ${n}`);
      }
    }
    if (!ctx.quiet) for (const n of notes) ctx.err(n);

    const result = distanceBetween(locations);
    const out = ctx.options.out as string | undefined;
    if (out) {
      tx.write(out, geoJsonText(legsGeoJson(result), 1));
      tx.commit();
    }
    const lines: string[] = [];
    result.legs.forEach((leg, i) => {
      lines.push(`${label(locations[i])} → ${label(locations[i + 1])}`);
      lines.push(
        leg.lengthMetres === 0
          ? "  0 m (same point)"
          : `  ${formatLength(leg.lengthMetres)}, leaving at ${bearing(leg.azimuthStartDegrees)}, arriving at ${bearing(leg.azimuthEndDegrees)}`,
      );
    });
    if (result.legs.length > 1)
      lines.push(`total ${formatLength(result.lengthMetres)} over ${result.legs.length} legs`);
    if (out) lines.push(`legs written to ${out}`);
    lines.push("(geodesic on the WGS84 ellipsoid; azimuths from true north)");
    return { json: result, text: lines.join("\n") };
  },
};
