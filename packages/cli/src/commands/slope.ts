import { join } from "node:path";
import { cellCentre, parseLonLatBbox, crsLabel, fromRasterCrs, slopeAspect } from "@syraq/core";
import { COG_OPTION, T_SRS_OPTION, rasterOutputBytes } from "../shared/raster-out.ts";
import { BYTES_PER_CELL, loadDem, PACK_DEM } from "@syraq/core/node";
import type { CommandSpec } from "../command.ts";
import { beginOutputs } from "../shared/outputs.ts";

export const slopeCommand: CommandSpec = {
  name: "slope",
  summary: "slope and aspect of a DEM (Horn 1981, true WGS84 cell sizes) as GeoTIFF, with summary statistics",
  description:
    "Slope in degrees (or percent with --percent) and aspect in degrees clockwise from north (the direction the slope faces; NaN where flat), " +
    "by Horn's 3×3 weighted differences. On lon/lat DEMs the east-west and north-south cell sizes come from the WGS84 ellipsoid per row. " +
    "The outer ring and cells next to nodata are NaN unless --compute-edges. --ew-width centre-row reproduces GRASS r.slope.aspect.",
  args: [],
  options: [
    COG_OPTION,
    T_SRS_OPTION,
    {
      name: "dem",
      type: "string",
      placeholder: "DEM.tif|DIR",
      description: "DEM GeoTIFF or folder of tiles (default: the pack's GMTED2010)",
    },
    { name: "band", type: "number", description: "band of a multi-band DEM (1-based)" },
    { name: "bbox", type: "string", placeholder: "W,S,E,N", description: "only this lon/lat box (degrees)" },
    { name: "out", type: "string", placeholder: "SLOPE.tif", description: "slope raster (Float32)" },
    {
      name: "aspect",
      type: "string",
      placeholder: "ASPECT.tif",
      description: "aspect raster (Float32, degrees clockwise from north)",
    },
    { name: "percent", type: "boolean", description: "slope as percent rise (100·tan) instead of degrees" },
    {
      name: "compute-edges",
      type: "boolean",
      description: "also on the outer ring and next to nodata (missing neighbours take the centre value)",
    },
    {
      name: "ew-width",
      type: "string",
      choices: ["per-row", "centre-row"],
      default: "per-row",
      description: "east-west width for the 3 rows of the window on lon/lat grids (centre-row = GRASS)",
    },
  ],
  examples: [
    "syraq slope --out slope.tif --aspect aspect.tif",
    "syraq slope --dem utm.tif --percent --out slope_pct.tif --json",
  ],
  async run(ctx) {
    const o = ctx.options;
    const demPath = o.dem as string | undefined;
    // outputs checked (and none the DEM) before any work; written together when both are complete
    const tx = beginOutputs(
      { "--out": o.out, "--aspect": o.aspect },
      { "--dem": demPath ?? join(ctx.dataDir(), PACK_DEM) },
    );
    try {
      const bbox = o.bbox !== undefined ? parseLonLatBbox(String(o.bbox)) : undefined;
      const dem = await loadDem({
        dataDir: demPath ? "" : ctx.dataDir(),
        demPath,
        bbox,
        band: o.band as number | undefined,
        jobBytesPerCell: BYTES_PER_CELL.slope,
      });
      const { slope, aspect } = slopeAspect(dem, {
        computeEdges: Boolean(o["compute-edges"]),
        eastWestWidth: o["ew-width"] as "per-row" | "centre-row",
      });
      const percent = Boolean(o.percent);
      if (percent)
        for (let i = 0; i < slope.data.length; i++) slope.data[i] = 100 * Math.tan((slope.data[i]! * Math.PI) / 180);
      let n = 0,
        sum = 0,
        max = -Infinity,
        maxAt = -1;
      for (let i = 0; i < slope.data.length; i++) {
        const v = slope.data[i]!;
        if (v !== v) continue;
        n++;
        sum += v;
        if (v > max) {
          max = v;
          maxAt = i;
        }
      }
      const written: Record<string, string> = {};
      if (o.out) {
        tx.write(String(o.out), rasterOutputBytes(o, slope));
        written.slope = String(o.out);
      }
      if (o.aspect) {
        tx.write(String(o.aspect), rasterOutputBytes(o, aspect));
        written.aspect = String(o.aspect);
      }
      tx.commit();
      const unit = percent ? "%" : "°";
      const where =
        maxAt >= 0
          ? fromRasterCrs(dem.crs, ...cellCentre(dem, maxAt % dem.width, Math.floor(maxAt / dem.width)))
          : null;
      const stats = {
        cells: n,
        meanSlope: n ? sum / n : null,
        maxSlope: n ? max : null,
        maxAtLonLat: where,
        unit: percent ? "percent" : "degrees",
      };
      return {
        json: {
          dem: {
            path: demPath ?? "pack: GMTED2010 1.5′",
            crs: crsLabel(dem.crs),
            width: dem.width,
            height: dem.height,
          },
          ...stats,
          written,
        },
        text: [
          `DEM: ${demPath ?? "pack: GMTED2010 1.5′"} (${crsLabel(dem.crs)}, ${dem.width}×${dem.height} cells)`,
          n
            ? `slope over ${n.toLocaleString("en-US")} cells: mean ${(sum / n).toFixed(2)}${unit}, max ${max.toFixed(2)}${unit} at ${where![1].toFixed(4)}°N ${where![0].toFixed(4)}°E`
            : "no cell has a defined slope",
          ...Object.entries(written).map(([k, p]) => `wrote ${k}: ${p}`),
        ].join("\n"),
      };
    } finally {
      tx.abort();
    }
  },
};
