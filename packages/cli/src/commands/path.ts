import { SyraqError, cellOfLonLat, formatLatLon, pathFeature, traceDirections } from "@syraq/core";
import { readRasterFile } from "@syraq/core/node";
import type { CommandSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import { beginOutputs, geoJsonText } from "../shared/outputs.ts";

export const pathCommand: CommandSpec = {
  name: "path",
  summary: "least-cost path from an accumulated-cost raster and its direction raster to a target (GeoJSON LineString)",
  description:
    "Follows the direction raster written by `syraq accumulate --direction` (or GRASS r.cost outdir) from the target cell back to the source. " +
    "The LineString runs source → target through cell centres; properties: costAtTarget (the accumulated cost there), lengthMetres (geodesic), cells.",
  args: [],
  options: [
    {
      name: "acc",
      type: "string",
      placeholder: "ACC.tif",
      description: "accumulated cost raster (syraq accumulate --out)",
    },
    {
      name: "direction",
      type: "string",
      placeholder: "DIR.tif",
      description: "direction raster of the same run (syraq accumulate --direction)",
    },
    {
      name: "to",
      type: "string",
      multiple: true,
      placeholder: "P",
      description: "target: place name or coordinate; repeat for several paths",
    },
    {
      name: "band",
      type: "number",
      placeholder: "N",
      description: "band to read from multi-band --acc and --direction files (1-based; the same band of both)",
    },
    {
      name: "out",
      type: "string",
      placeholder: "PATH.geojson",
      description: "write the FeatureCollection here (default: print it with --json)",
    },
  ],
  examples: ["syraq path --acc /tmp/acc.tif --direction /tmp/dir.tif --to Sukhna --out /tmp/path.geojson"],
  async run(ctx) {
    const o = ctx.options;
    if (!o.acc || !o.direction)
      throw new SyraqError("BAD_ARGUMENT", "path needs --acc ACC.tif and --direction DIR.tif (from syraq accumulate)");
    const targets = (o.to as string[] | undefined) ?? [];
    if (targets.length === 0)
      throw new SyraqError("BAD_ARGUMENT", "path needs at least one --to target (place or coordinate)");
    const band = o.band as number | undefined;
    if (band !== undefined && !(Number.isInteger(band) && band >= 1))
      throw new SyraqError("BAD_OPTION", `--band must be a band number from 1; got ${band}`, { band });
    // --out checked before reading (and refused when it is --acc or --direction); written atomically
    const tx = beginOutputs({ "--out": o.out }, { "--acc": o.acc, "--direction": o.direction });
    const acc = await readRasterFile(o.acc as string, band !== undefined ? { band } : {});
    const dir = await readRasterFile(o.direction as string, band !== undefined ? { band } : {});
    const features = resolveLocations(ctx, targets).map((loc) => {
      const cell = cellOfLonLat(acc, loc.lon, loc.lat, loc.name);
      const cells = traceDirections(acc, dir, cell);
      const f = pathFeature(acc, cells, acc.data[cell]!);
      return { ...f, properties: { ...f.properties, name: loc.name } };
    });
    const fc = { type: "FeatureCollection" as const, features };
    if (o.out) {
      tx.write(o.out as string, geoJsonText(fc));
      tx.commit();
    }
    const text = features
      .map(
        (f) =>
          `${f.properties.name}: cost ${f.properties.costAtTarget.toPrecision(8)}, ${(f.properties.lengthMetres / 1000).toFixed(2)} km, ${f.properties.cells} cells, from ${formatLatLon(...f.properties.source)}`,
      )
      .concat(o.out ? [`paths → ${o.out}`] : [])
      .join("\n");
    return { json: fc, text };
  },
};
