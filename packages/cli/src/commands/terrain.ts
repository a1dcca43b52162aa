import { join } from "node:path";
import {
  parseLonLatBbox,
  classifyTerrain,
  crsLabel,
  slopeAspect,
  SyraqError,
  terrainClassPolygons,
  DEFAULT_TERRAIN_THRESHOLDS,
  TERRAIN_CLASSES,
  type TerrainThresholds,
} from "@syraq/core";
import { BYTES_PER_CELL, loadDem, loadTerrainLayers, PACK_DEM } from "@syraq/core/node";
import type { CommandSpec, OptionSpec } from "../command.ts";
import { beginOutputs, geoJsonText } from "../shared/outputs.ts";
import { COG_OPTION, T_SRS_OPTION, rasterOutputBytes } from "../shared/raster-out.ts";
import { classNamesAuxXml } from "@syraq/core";

/** CLI flag → threshold key and the factor from the flag's unit to SI. */
const THRESHOLD_FLAGS: Array<{
  flag: string;
  /** The flag's former name (before units were put in names). */
  alias?: string;
  key: keyof TerrainThresholds;
  unit: string;
  toSi: number;
  description: string;
}> = [
  {
    flag: "corridor-km",
    key: "corridorDistanceMetres",
    unit: "km",
    toSi: 1000,
    description: "Euphrates corridor: land within this distance of the river",
  },
  {
    flag: "valley-km",
    key: "valleyDistanceMetres",
    unit: "km",
    toSi: 1000,
    description: "valley floor: at most this far from a river or wadi",
  },
  {
    flag: "valley-height-m",
    alias: "valley-height",
    key: "valleyHeightMetres",
    unit: "m",
    toSi: 1,
    description: "valley floor: at most this high above the nearest river/wadi cell",
  },
  {
    flag: "valley-slope-degrees",
    alias: "valley-slope",
    key: "valleySlopeDegrees",
    unit: "degrees",
    toSi: 1,
    description: "valley floor: slope at most this",
  },
  {
    flag: "relief-radius-km",
    key: "reliefRadiusMetres",
    unit: "km",
    toSi: 1000,
    description: "local relief window half-size",
  },
  {
    flag: "upland-relief-m",
    alias: "upland-relief",
    key: "uplandReliefMetres",
    unit: "m",
    toSi: 1,
    description: "upland: local relief at least this (or the upland slope or elevation)",
  },
  {
    flag: "upland-slope-degrees",
    alias: "upland-slope",
    key: "uplandSlopeDegrees",
    unit: "degrees",
    toSi: 1,
    description: "upland: slope at least this",
  },
  {
    flag: "upland-elevation-m",
    alias: "upland-elevation",
    key: "uplandElevationMetres",
    unit: "m",
    toSi: 1,
    description: "upland: elevation at least this",
  },
  {
    flag: "mountain-relief-m",
    alias: "mountain-relief",
    key: "mountainReliefMetres",
    unit: "m",
    toSi: 1,
    description: "mountain: local relief at least this",
  },
  {
    flag: "mountain-slope-degrees",
    alias: "mountain-slope",
    key: "mountainSlopeDegrees",
    unit: "degrees",
    toSi: 1,
    description: "mountain: slope at least this",
  },
  {
    flag: "mountain-elevation-m",
    alias: "mountain-elevation",
    key: "mountainElevationMetres",
    unit: "m",
    toSi: 1,
    description: "mountain: elevation at least this",
  },
];

const thresholdOptions: OptionSpec[] = THRESHOLD_FLAGS.map((t) => ({
  name: t.flag,
  ...(t.alias ? { aliases: [t.alias] } : {}),
  type: "number",
  unit: t.unit,
  description: `${t.description} (default ${DEFAULT_TERRAIN_THRESHOLDS[t.key] / t.toSi})`,
}));

export const terrainCommand: CommandSpec = {
  name: "terrain",
  summary:
    "classify terrain (water, valley floor, Euphrates corridor, desert plain, upland, mountain); slope and aspect rasters; per-class areas",
  description:
    "Reads a DEM (default: the pack's GMTED2010 1.5′; or any single-band GeoTIFF in EPSG:4326 or WGS84 UTM, or a folder of tiles), " +
    "computes slope and aspect (Horn 1981, true WGS84 cell sizes) and classes each cell (first rule that matches): water (lakes, major rivers), " +
    "Euphrates corridor (within --corridor-km of the river), valley floor (near a river or wadi, low above it, gentle), mountain, upland, desert plain. " +
    "Prints each class's area (km², ellipsoidal cell areas). Writes the class raster (Uint8, nodata 0), dissolved class polygons (GeoJSON), slope and aspect " +
    "(Float32 degrees; aspect clockwise from north, NaN where flat). Thresholds are documented in docs/rasters-and-terrain.md.",
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
    {
      name: "out",
      type: "string",
      placeholder: "CLASSES.tif",
      description:
        "class raster (1 water, 2 valley floor, 3 Euphrates corridor, 4 desert plain, 5 upland, 6 mountain; 0 nodata)",
    },
    {
      name: "polygons",
      type: "string",
      placeholder: "CLASSES.geojson",
      description: "dissolved class polygons, one MultiPolygon per class",
    },
    { name: "slope", type: "string", placeholder: "SLOPE.tif", description: "slope raster, degrees" },
    {
      name: "aspect",
      type: "string",
      placeholder: "ASPECT.tif",
      description: "aspect raster, degrees clockwise from north",
    },
    {
      name: "compute-edges",
      type: "boolean",
      description: "slope/aspect also on the outer ring and next to nodata (missing neighbours take the centre value)",
    },
    ...thresholdOptions,
  ],
  examples: [
    "syraq terrain --out classes.tif --polygons classes.geojson",
    "syraq terrain --bbox 39,34,42,36 --corridor-km 15 --slope slope.tif --aspect aspect.tif",
    "syraq terrain --dem srtm_tiles/ --out classes.tif --json",
  ],
  async run(ctx) {
    const o = ctx.options;
    const bbox = o.bbox !== undefined ? parseLonLatBbox(String(o.bbox)) : undefined;
    const thresholds: Partial<TerrainThresholds> = {};
    for (const t of THRESHOLD_FLAGS) {
      const v = o[t.flag];
      if (v !== undefined) {
        if (typeof v !== "number" || !(v >= 0))
          throw new SyraqError("BAD_OPTION", `--${t.flag} must be a number ≥ 0 (${t.unit}), got ${String(v)}`, {
            option: t.flag,
            value: v,
          });
        thresholds[t.key] = v * t.toSi;
      }
    }
    const demPath = o.dem as string | undefined;
    const dataDir = ctx.dataDir();
    // Fail before the work when an output cannot be written or is an input; write all outputs together at the end.
    const tx = beginOutputs(
      {
        "--out": o.out,
        "--out class names": o.out ? `${String(o.out)}.aux.xml` : undefined,
        "--polygons": o.polygons,
        "--slope": o.slope,
        "--aspect": o.aspect,
      },
      { "--dem": demPath ?? join(dataDir, PACK_DEM) },
    );
    try {
      const progress = ctx.progress("terrain");
      const dem = await loadDem({
        dataDir,
        demPath,
        bbox,
        band: o.band as number | undefined,
        jobBytesPerCell: BYTES_PER_CELL.terrain,
      });
      progress.update(0.2);
      const result = classifyTerrain(dem, loadTerrainLayers(dataDir), thresholds);
      progress.update(0.7);
      const written: Record<string, string> = {};
      if (o.out) {
        const colourMap: Record<number, [number, number, number]> = { 0: [255, 255, 255] };
        for (const c of TERRAIN_CLASSES)
          colourMap[c.code] = [1, 3, 5].map((k) => parseInt(c.colour.slice(k, k + 2), 16)) as [number, number, number];
        tx.write(String(o.out), rasterOutputBytes(o, result.classes, { colourMap }));
        // class names for GDAL and QGIS: a raster attribute table and category names in OUT.aux.xml
        tx.write(
          `${String(o.out)}.aux.xml`,
          classNamesAuxXml([
            { value: 0, name: "nodata", rgb: colourMap[0]! },
            ...TERRAIN_CLASSES.map((c) => ({ value: c.code, name: c.name, rgb: colourMap[c.code]! })),
          ]),
        );
        written.classes = String(o.out);
      }
      if (o.slope || o.aspect) {
        const sa = slopeAspect(dem, { computeEdges: Boolean(o["compute-edges"]) });
        if (o.slope) {
          tx.write(String(o.slope), rasterOutputBytes(o, sa.slope));
          written.slope = String(o.slope);
        }
        if (o.aspect) {
          tx.write(String(o.aspect), rasterOutputBytes(o, sa.aspect));
          written.aspect = String(o.aspect);
        }
      }
      if (o.polygons) {
        tx.write(String(o.polygons), geoJsonText(terrainClassPolygons(result)));
        written.polygons = String(o.polygons);
      }
      tx.commit();
      progress.done();
      const total = result.areas.reduce((s, a) => s + a.areaSquareMetres, 0);
      const rows = result.areas.map((a) => ({
        ...a,
        areaKm2: a.areaSquareMetres / 1e6,
        percent: total > 0 ? (100 * a.areaSquareMetres) / total : 0,
      }));
      const demInfo = {
        path: demPath ?? "pack: GMTED2010 1.5′",
        crs: crsLabel(dem.crs),
        width: dem.width,
        height: dem.height,
        pixelSize: [dem.pixelSizeX, dem.pixelSizeY],
        bounds: [
          dem.originX,
          dem.originY - dem.height * dem.pixelSizeY,
          dem.originX + dem.width * dem.pixelSizeX,
          dem.originY,
        ],
      };
      const fmt = (v: number, d = 0) =>
        v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
      const lines = [
        `DEM: ${demInfo.path} (${demInfo.crs}, ${dem.width}×${dem.height} cells)`,
        "",
        `${"class".padEnd(20)} ${"cells".padStart(8)} ${"area km²".padStart(12)} ${"share".padStart(7)}`,
        ...rows.map(
          (r) =>
            `${`${r.code} ${r.name}`.padEnd(20)} ${fmt(r.cells).padStart(8)} ${fmt(r.areaKm2, 1).padStart(12)} ${`${r.percent.toFixed(1)}%`.padStart(7)}`,
        ),
        `${"total".padEnd(20)} ${fmt(rows.reduce((s, r) => s + r.cells, 0)).padStart(8)} ${fmt(total / 1e6, 1).padStart(12)}`,
        "",
        "areas: WGS84 ellipsoidal cell areas; thresholds: " +
          THRESHOLD_FLAGS.map((t) => `--${t.flag} ${result.thresholds[t.key] / t.toSi}`).join(" "),
        ...Object.entries(written).map(([k, p]) => `wrote ${k}: ${p}`),
      ];
      return {
        json: { dem: demInfo, thresholds: result.thresholds, classes: rows, written },
        text: lines.join("\n"),
      };
    } finally {
      tx.abort();
    }
  },
};
