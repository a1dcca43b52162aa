import { resolve } from "node:path";
import {
  SyraqError,
  geodesicPolygonArea,
  pointInZone,
  syraqMemberGeometries,
  zoneMeasures,
  type Place,
  type ZoneFeature,
} from "@syraq/core";
import { listZones, loadAdmin1, loadZone } from "@syraq/core/node";
import { beginOutputs, geoJsonText } from "../shared/outputs.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { gazetteerFor, outsidePackNote, resolveLocations } from "../locations.ts";

/**
 * A zone from data/zones/ or a file; failing that, a governorate or region of the
 * gazetteer that has a polygon ("syraq zone Anbar").
 */
function zoneOrGovernorate(ctx: CommandContext, name: string): ZoneFeature {
  try {
    return loadZone(name);
  } catch (e) {
    if (!(e instanceof SyraqError) || e.code !== "BAD_ARGUMENT") throw e;
    let place: Place | undefined;
    try {
      place = gazetteerFor(ctx).lookup(name);
    } catch {
      throw new SyraqError(
        "BAD_ARGUMENT",
        `${e.message}; a governorate or region name with a polygon in the data pack (e.g. Anbar, Deir ez-Zor) also works`,
        e.details,
      );
    }
    if (!place.geometry) {
      throw new SyraqError(
        "BAD_ARGUMENT",
        `${e.message}; '${name}' is a ${place.kind} (${place.name}) without a polygon, so it cannot be a zone`,
        e.details,
      );
    }
    return {
      type: "Feature",
      geometry: place.geometry,
      properties: {
        name: place.name,
        label: `${place.name} (${place.kind}, ${place.countryName}, from the data pack)`,
        notes: place.notes ?? [],
        source: place.source,
      },
    };
  }
}

const km2 = (m2: number) => `${Math.round(m2 / 1e6).toLocaleString("en-GB")} km²`;

export const zoneCommand: CommandSpec = {
  name: "zone",
  summary:
    "a zone's geodesic area and perimeter, its member governorates, which seed places it contains (and any --contains PLACE)",
  description:
    "Zones are data: NAME is a zone in data/zones/ (default: syraq, the Syrian–Iraqi borderland dissolved from Natural Earth admin-1 polygons) or a user's Polygon/MultiPolygon GeoJSON file. Area (holes subtracted) and perimeter are geodesic on WGS84 (Karney). For the syraq zone the members' own areas are summed as a cross-check of the dissolve.",
  args: [{ name: "zone", description: "zone name (data/zones/NAME.geojson) or FILE.geojson", optional: true }],
  options: [
    {
      name: "contains",
      type: "string",
      variadic: true,
      placeholder: "PLACE",
      description: "places or coordinates to test for containment (several may follow one --contains)",
    },
    {
      name: "out",
      type: "string",
      placeholder: "F.geojson",
      description: "write the zone (with its measures in properties) to this GeoJSON file",
    },
  ],
  examples: [
    "syraq zone",
    'syraq zone syraq --contains Palmyra Mosul "33.5N 36.3E"',
    "syraq zone my-area.geojson --json",
    "syraq zone --out /tmp/syraq.geojson",
  ],
  run(ctx) {
    const name = (ctx.args.zone as string | undefined) ?? "syraq";
    const outOption = ctx.options.out as string | undefined;
    if (outOption !== undefined && !/\.(geo)?json$/i.test(outOption))
      throw new SyraqError("BAD_OPTION", `--out ${outOption}: give a .geojson (or .json) file name`, {
        out: outOption,
      });
    // --out checked first, and refused when it is the zone file itself; written atomically
    const tx = beginOutputs({ "--out": outOption }, { zone: /\.(geo)?json$/i.test(name) ? name : undefined });
    const zone: ZoneFeature = zoneOrGovernorate(ctx, name);
    const m = zoneMeasures(zone);
    const props = zone.properties;
    const lines: string[] = [`zone: ${props.label ?? props.name} (${name})`];
    const far = outsidePackNote(`zone '${name}'`, zone.geometry.coordinates);
    const extraNotes = far ? [far] : [];
    lines.push(
      `  area ${km2(m.areaSquareMetres)}, perimeter ${(m.perimeterMetres / 1000).toFixed(0)} km (geodesic, WGS84); ${m.polygons} polygon(s), ${m.holes} hole(s)`,
    );

    // Cross-check for zones built from the pack's admin-1 units: the members' own geodesic areas.
    let membersCheck: {
      sumSquareMetres: number;
      differenceSquareMetres: number;
      members: Array<{ iso: string; name: string; areaSquareMetres: number }>;
    } | null = null;
    if (props.members?.length) {
      lines.push("  members:");
      let shapes: ReturnType<typeof syraqMemberGeometries> | null = null;
      if (props.name === "syraq") {
        try {
          shapes = syraqMemberGeometries(loadAdmin1(ctx.dataDir()));
        } catch (e) {
          ctx.err(`note: member areas not checked (${(e as Error).message})`);
        }
      }
      const areas: Array<{ iso: string; name: string; areaSquareMetres: number }> = [];
      for (const mem of props.members) {
        const shape = shapes?.find((s) => s.member.iso === mem.iso);
        const a = shape ? geodesicPolygonArea(shape.geometry).areaSquareMetres : NaN;
        if (shape) areas.push({ iso: mem.iso, name: mem.name, areaSquareMetres: a });
        lines.push(`    ${mem.iso.padEnd(6)} ${mem.name}${shape ? ` (${km2(a)})` : ""}: ${mem.why}`);
      }
      if (shapes) {
        const sum = areas.reduce((s, x) => s + x.areaSquareMetres, 0);
        membersCheck = { sumSquareMetres: sum, differenceSquareMetres: m.areaSquareMetres - sum, members: areas };
        lines.push(
          `  check: members' areas sum to ${km2(sum)}; the dissolved zone differs by ${((m.areaSquareMetres - sum) / 1e6).toFixed(3)} km² (${(((m.areaSquareMetres - sum) / sum) * 100).toExponential(1)} %)`,
        );
      }
    }
    for (const n of [...(props.notes ?? []), ...extraNotes]) lines.push(`  note: ${n}`);

    // Seed places: the project's curated places from the gazetteer (when the pack is there).
    let seeds: Array<{ name: string; lon: number; lat: number; kind: string; inside: boolean }> = [];
    try {
      seeds = gazetteerFor(ctx)
        .all()
        .filter((p) => p.seed)
        .map((p) => ({
          name: p.name,
          lon: p.lon,
          lat: p.lat,
          kind: p.kind,
          inside: pointInZone(zone, [p.lon, p.lat]),
        }));
    } catch (e) {
      ctx.err(`note: seed places not listed (${(e as Error).message})`);
    }
    if (seeds.length) {
      const inside = seeds.filter((s) => s.inside).map((s) => s.name + (s.kind === "governorate" ? " (centroid)" : ""));
      const outside = seeds.filter((s) => !s.inside).map((s) => s.name);
      lines.push(`  seed places inside (${inside.length}): ${inside.join(", ")}`);
      lines.push(`  seed places outside (${outside.length}): ${outside.join(", ")}`);
    }

    const containsInputs = (ctx.options.contains as string[] | undefined) ?? [];
    const contains = resolveLocations(ctx, containsInputs).map((l) => ({
      input: l.input,
      name: l.name,
      lon: l.lon,
      lat: l.lat,
      inside: pointInZone(zone, [l.lon, l.lat]),
    }));
    for (const c of contains) lines.push(`  ${c.name}: ${c.inside ? "inside" : "outside"} the zone`);

    const out = ctx.options.out as string | undefined;
    let written: string | null = null;
    if (out) {
      written = resolve(out);
      const feature = {
        ...zone,
        properties: { ...props, areaSquareMetres: m.areaSquareMetres, perimeterMetres: m.perimeterMetres },
      };
      tx.write(out, geoJsonText(feature));
      tx.commit();
      lines.push(`  written: ${written}`);
    }
    return {
      json: {
        name: props.name,
        label: props.label ?? null,
        source: name,
        areaSquareMetres: m.areaSquareMetres,
        perimeterMetres: m.perimeterMetres,
        polygons: m.polygons,
        holes: m.holes,
        members: props.members ?? [],
        membersCheck,
        notes: [...(props.notes ?? []), ...extraNotes],
        seedPlaces: seeds,
        contains,
        out: written,
        knownZones: listZones(),
      },
      text: lines.join("\n"),
    };
  },
};
