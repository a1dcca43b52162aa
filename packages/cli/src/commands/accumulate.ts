import {
  SyraqError,
  accumulateCost,
  cellOfLonLat,
  classifyTerrain,
  cellsOfLine,
  costPerCellToArray,
  crsLabel,
  formatLatLon,
  gridSpecOf,
  seaMask,
  pointAtSea,
  type LandMask,
  terrainCostModel,
  terrainCostSurface,
  type AccumulateSource,
  type AnisotropicCost,
  type GridSpec,
  type Neighbourhood,
  type StepRule,
} from "@syraq/core";
import {
  BYTES_PER_CELL,
  loadDem,
  loadPackLand,
  loadTerrainLayers,
  PACK_DEM,
  readGeoJsonFile,
  readRasterFile,
  readRasterPath,
} from "@syraq/core/node";
import { join } from "node:path";
import { ACCUMULATE_CONTROL_OPTIONS, maskCostByHolder } from "../shared/control.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import { beginOutputs } from "../shared/outputs.ts";
import { COG_OPTION, T_SRS_OPTION, rasterOutputBytes } from "../shared/raster-out.ts";

const isGeoJsonPath = (s: string) => /\.(geo)?json$/i.test(s);

type Position = [number, number];

/**
 * The features of a --from / --crossing GeoJSON file as lists of [lon, lat] lines, checked strictly: every problem
 * (no features, a feature that is not an object, no geometry, a geometry without a type or of a type not in
 * `types`, coordinates that are not lists of [lon, lat] numbers) is BAD_GEOJSON naming the file and feature.
 */
function geoJsonLines(input: string, types: readonly string[]): Array<{ name: string; lines: Position[][] }> {
  const gj = readGeoJsonFile(input, "GeoJSON file") as Record<string, unknown>;
  const bad = (message: string) => new SyraqError("BAD_GEOJSON", `${input}: ${message}`, { path: input });
  let features: unknown[];
  if (gj.type === "FeatureCollection") {
    if (!Array.isArray(gj.features)) throw bad("its 'features' member is not a list");
    features = gj.features;
  } else features = gj.type === "Feature" ? [gj] : [{ type: "Feature", properties: {}, geometry: gj }];
  if (features.length === 0) throw new SyraqError("EMPTY_GEOJSON", `${input} has no features`, { path: input });
  const isPosition = (p: unknown): p is Position =>
    Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
  return features.map((f, k) => {
    if (f === null || typeof f !== "object") throw bad(`feature ${k + 1} is not a GeoJSON Feature object`);
    const feature = f as { geometry?: unknown; properties?: { name?: unknown } | null };
    const g = feature.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    if (g === null || g === undefined) throw bad(`feature ${k + 1} has no geometry`);
    if (typeof g !== "object" || typeof g.type !== "string")
      throw bad(`feature ${k + 1} has a geometry without a type`);
    if (!types.includes(g.type)) throw bad(`feature ${k + 1} is a ${g.type}; expected ${types.join(", ")}`);
    const c = g.coordinates;
    const positions = (v: unknown): Position[] => {
      if (!Array.isArray(v) || !v.every(isPosition))
        throw bad(`feature ${k + 1} (${g.type}) has coordinates that are not [lon, lat] positions`);
      return v;
    };
    const lines =
      g.type === "Point"
        ? [positions([c])]
        : g.type === "MultiPoint"
          ? positions(c).map((p) => [p])
          : g.type === "LineString"
            ? [positions(c)]
            : Array.isArray(c)
              ? c.map(positions)
              : positions(c);
    if (lines.length === 0 || lines.some((l) => l.length === 0)) throw bad(`feature ${k + 1} has no positions`);
    const name = feature.properties?.name;
    return { name: typeof name === "string" && name ? name : `${input}#${k + 1}`, lines: lines as Position[][] };
  });
}

/** Sources from --from values: coordinates, place names, or GeoJSON files of points/lines (one source per feature). */
export function sourcesFromInputs(ctx: CommandContext, grid: GridSpec, inputs: string[]): AccumulateSource[] {
  const out: AccumulateSource[] = [];
  for (const input of inputs) {
    if (isGeoJsonPath(input)) {
      for (const { name, lines } of geoJsonLines(input, ["Point", "MultiPoint", "LineString", "MultiLineString"])) {
        const cells = new Set<number>();
        for (const line of lines) for (const c of cellsOfLine(grid, line)) cells.add(c);
        if (cells.size === 0)
          throw new SyraqError("OUTSIDE_RASTER", `${input}: feature '${name}' lies outside the raster`, {
            path: input,
          });
        const first = lines[0]![0]!;
        out.push({ cells: [...cells], label: name, lon: first[0], lat: first[1] });
      }
      continue;
    }
    const [loc] = resolveLocations(ctx, [input]);
    const cell = cellOfLonLat(grid, loc!.lon, loc!.lat, loc!.name);
    out.push({ cells: [cell], label: loc!.name, lon: loc!.lon, lat: loc!.lat });
  }
  return out;
}

/** --crossing values: places, coordinates, or GeoJSON files of Point features (e.g. data/crossings/crossings.geojson). */
function crossingPoints(ctx: CommandContext, inputs: string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const input of inputs) {
    if (isGeoJsonPath(input)) {
      for (const { lines } of geoJsonLines(input, ["Point", "MultiPoint"])) for (const [p] of lines) out.push(p!);
      continue;
    }
    const [loc] = resolveLocations(ctx, [input]);
    out.push([loc!.lon, loc!.lat]);
  }
  return out;
}

function parseBbox(text: string): [number, number, number, number] {
  const v = text.split(",").map((s) => Number(s.trim()));
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)))
    throw new SyraqError("BAD_OPTION", `--bbox expects west,south,east,north in degrees; got '${text}'`, {
      bbox: text,
    });
  return v as [number, number, number, number];
}

export const accumulateCommand: CommandSpec = {
  name: "accumulate",
  summary:
    "accumulated travel cost from one or more sources over a DEM + cost model or a cost raster (direction and allocation rasters too)",
  description:
    "Dijkstra over the raster grid. --rule geodesic (default): step = mean cost of the cells a move crosses × true WGS84 ground length " +
    "(with --model: the model's slope-dependent pace × friction, result in seconds). --rule grass reproduces GRASS r.cost 8.2 and --rule mcp " +
    "skimage MCP_Geometric bit for bit (their units: cost × east-west cell widths / × cells). Unreachable cells are nodata (NaN).",
  args: [],
  options: [
    COG_OPTION,
    T_SRS_OPTION,
    {
      name: "from",
      type: "string",
      multiple: true,
      placeholder: "P",
      description:
        "source: place name, coordinate, or a GeoJSON file of points/lines (one source per feature); repeat for several",
    },
    {
      name: "dem",
      type: "string",
      placeholder: "DEM.tif",
      description: "DEM for --model (file or folder of tiles; default: the pack's GMTED2010)",
    },
    {
      name: "model",
      type: "string",
      placeholder: "NAME",
      description:
        "terrain cost model (see `syraq models`): tobler, tobler-modified, naismith-langmuir, vehicle-offroad",
    },
    {
      name: "bbox",
      type: "string",
      placeholder: "W,S,E,N",
      description: "read only this lon/lat window of the DEM or cost raster",
    },
    {
      name: "classes",
      type: "string",
      placeholder: "CLASSES.tif|auto",
      description:
        "terrain class raster on the DEM grid (syraq terrain), or 'auto' to classify the DEM with the pack's layers: per-class speed factors, water impassable",
    },
    {
      name: "crossing",
      type: "string",
      multiple: true,
      placeholder: "P",
      description:
        "declared water crossing (bridge, ferry, ford): place, coordinate or GeoJSON of points; water cells near it become passable",
    },
    {
      name: "crossing-radius-m",
      aliases: ["crossing-radius"],
      type: "number",
      unit: "m",
      default: 1000,
      description: "radius around a --crossing in which water is passable",
    },
    {
      name: "cost",
      type: "string",
      placeholder: "COST.tif",
      description: "cost raster instead of DEM + model (nodata / negative = impassable)",
    },
    { name: "band", type: "number", placeholder: "N", description: "band of a multi-band --dem or --cost (1-based)" },
    {
      name: "cost-units",
      type: "string",
      choices: ["per-metre", "per-cell"],
      default: "per-metre",
      description: "what a --cost value means for --rule geodesic",
    },
    {
      name: "out",
      type: "string",
      placeholder: "ACC.tif",
      description: "accumulated cost GeoTIFF (Float64, NaN = unreachable)",
    },
    { name: "neighbours", type: "number", default: 8, description: "8, 16 (Knight's moves), 32 or 48" },
    {
      name: "rule",
      type: "string",
      choices: ["geodesic", "grass", "mcp"],
      default: "geodesic",
      description: "step cost rule",
    },
    {
      name: "max-cost",
      type: "number",
      placeholder: "X",
      description: "leave cells costlier than X unreached (units of the result: seconds with --model)",
    },
    {
      name: "direction",
      type: "string",
      placeholder: "DIR.tif",
      description: "write the direction raster (degrees CCW from east towards the source, as r.cost outdir)",
    },
    {
      name: "allocation",
      type: "string",
      placeholder: "ALLOC.tif",
      description: "write the allocation raster (1-based index of the nearest --from source; 0 = unreachable)",
    },
    ...ACCUMULATE_CONTROL_OPTIONS,
  ],
  examples: [
    "syraq accumulate --from Palmyra --model tobler --bbox 37.5,34,39,35 --out /tmp/acc.tif --direction /tmp/dir.tif",
    "syraq accumulate --from 34.99N,39.00E --cost cost.tif --rule grass --neighbours 16 --out acc.tif",
  ],
  async run(ctx) {
    const o = ctx.options;
    const froms = (o.from as string[] | undefined) ?? [];
    if (froms.length === 0)
      throw new SyraqError(
        "BAD_ARGUMENT",
        "accumulate needs at least one --from source (place, coordinate or GeoJSON file)",
      );
    const out = o.out as string | undefined;
    if (!out) throw new SyraqError("BAD_ARGUMENT", "accumulate needs --out ACC.tif");
    const neighbours = o.neighbours as number;
    if (![8, 16, 32, 48].includes(neighbours))
      throw new SyraqError("BAD_OPTION", `--neighbours must be 8, 16, 32 or 48; got ${neighbours}`, { neighbours });
    const rule = o.rule as StepRule;
    const model = o.model as string | undefined;
    const costPath = o.cost as string | undefined;
    if (!!model === !!costPath)
      throw new SyraqError(
        "BAD_ARGUMENT",
        "give either --model NAME (with --dem or the pack DEM) or --cost COST.tif",
        {},
      );
    const band = o.band as number | undefined;
    if (band !== undefined) {
      if (!o.dem && !costPath)
        throw new SyraqError(
          "BAD_OPTION",
          "--band picks a band of a multi-band --dem or --cost; the pack's DEM has one band",
          { band },
        );
      if (!(Number.isInteger(band) && band >= 1))
        throw new SyraqError("BAD_OPTION", `--band must be a band number from 1; got ${band}`, { band });
    }
    const bandOpt = band !== undefined ? { band } : {};
    // every output checked (and none an input) before any work; files appear only when all are complete
    const inputs: Array<[string, unknown]> = [
      ["--dem", o.dem ?? (model ? join(ctx.dataDir(), PACK_DEM) : undefined)],
      ["--cost", costPath],
      ["--classes", o.classes === "auto" ? undefined : o.classes],
      ...froms.filter(isGeoJsonPath).map((p): [string, unknown] => ["--from", p]),
      ...((o.crossing as string[] | undefined) ?? [])
        .filter(isGeoJsonPath)
        .map((p): [string, unknown] => ["--crossing", p]),
    ];
    const tx = beginOutputs({ "--out": out, "--direction": o.direction, "--allocation": o.allocation }, inputs);
    try {
      return await accumulateJob(ctx, tx, { out, neighbours, rule, model, costPath, bandOpt });
    } finally {
      tx.abort();
    }
  },
};

interface AccumulateJob {
  out: string;
  neighbours: number;
  rule: StepRule;
  model: string | undefined;
  costPath: string | undefined;
  bandOpt: { band?: number };
}

/** The search's inputs; `grid` carries no cell data, so dropping this object frees the DEM and costs. */
interface SearchInputs {
  grid: GridSpec;
  cellCost: Float32Array | Float64Array;
  anisotropic: AnisotropicCost | undefined;
  units: string;
  rawCost: ArrayLike<number> | undefined;
  sources: AccumulateSource[];
}

async function searchInputs(
  ctx: CommandContext,
  { rule, model, costPath, bandOpt }: AccumulateJob,
  jobBytesPerCell: number,
): Promise<SearchInputs> {
  const o = ctx.options;
  const froms = (o.from as string[] | undefined) ?? [];
  let grid: GridSpec;
  let cellCost: Float32Array | Float64Array;
  let anisotropic: AnisotropicCost | undefined;
  let units: string;
  let rawCost: ArrayLike<number> | undefined;
  let sources: AccumulateSource[];
  if (model) {
    if (rule !== "geodesic")
      throw new SyraqError(
        "BAD_OPTION",
        `--rule ${rule} applies to --cost rasters (it reproduces a peer tool); terrain models need --rule geodesic`,
        { rule },
      );
    const m = terrainCostModel(model);
    const dem = await loadDem({
      dataDir: o.dem ? "" : ctx.dataDir(),
      demPath: o.dem as string | undefined,
      bbox: o.bbox ? parseBbox(o.bbox as string) : undefined,
      jobBytesPerCell,
      ...bandOpt,
    });
    // "auto": classify the DEM with the pack's water and drainage layers (as `syraq terrain` does)
    const classes =
      o.classes === "auto"
        ? classifyTerrain(dem, loadTerrainLayers(ctx.dataDir())).classes
        : o.classes
          ? await readRasterFile(o.classes as string)
          : undefined;
    const radius = o["crossing-radius-m"] as number;
    if (!(radius >= 0 && Number.isFinite(radius)))
      throw new SyraqError("BAD_OPTION", `--crossing-radius-m must be a distance >= 0 in metres; got ${radius}`, {
        crossingRadius: radius,
      });
    const crossings = crossingPoints(ctx, (o.crossing as string[] | undefined) ?? []);
    const surface = terrainCostSurface(dem, m, {
      classes,
      crossings,
      crossingRadiusMetres: o["crossing-radius-m"] as number,
    });
    grid = gridSpecOf(surface.grid);
    cellCost = surface.cellCost;
    anisotropic = surface.anisotropic;
    sources = sourcesFromInputs(ctx, grid, froms);
    // the sea (0 m in the pack DEM) is not land: cells outside the pack's land polygon are impassable
    if (grid.crs.geographic) seaImpassable(grid, cellCost, sources, loadPackLand(ctx.dataDir()));
    units = "seconds";
  } else {
    const raster = await readRasterPath(costPath!, {
      bbox: o.bbox ? parseBbox(o.bbox as string) : undefined,
      jobBytesPerCell,
      ...bandOpt,
    });
    grid = gridSpecOf(raster);
    cellCost = costPerCellToArray(raster, { perCell: o["cost-units"] === "per-cell", rule });
    rawCost = raster.data as ArrayLike<number>;
    units =
      rule === "geodesic"
        ? "cost × metres"
        : rule === "grass"
          ? "cost × east-west cell widths (r.cost units)"
          : "cost × cells (MCP_Geometric units, sampling 1,1)";
    sources = sourcesFromInputs(ctx, grid, froms);
  }
  return { grid, cellCost, anisotropic, units, rawCost, sources };
}

/**
 * Cells at sea (outside the pack's land polygon) made impassable (NaN) in place. A source whose cells all lie at
 * sea keeps their costs when its point is on land (a harbour town whose cell centre lies at sea starts from its own
 * cell, as route does); a source truly at sea is UNREACHABLE. Only the sources' own costs are kept aside (not a
 * copy of the whole surface).
 */
function seaImpassable(
  grid: GridSpec,
  cellCost: Float32Array | Float64Array,
  sources: AccumulateSource[],
  land: LandMask,
): void {
  const sea = seaMask(grid, land.polygons, land.bbox);
  const keep: Array<[number, number]> = [];
  for (const s of sources) {
    if (!s.cells.length || !s.cells.every((c) => sea[c] === 1)) continue;
    if (s.lon !== undefined && s.lat !== undefined && !pointAtSea(grid, land, sea, [s.lon, s.lat])) {
      for (const c of s.cells) keep.push([c, cellCost[c]!]);
      continue;
    }
    throw new SyraqError(
      "UNREACHABLE",
      `source ${s.label} (${formatLatLon(s.lon!, s.lat!)}) is at sea (outside the Natural Earth land polygon): no land cost surface starts there; give a point on land`,
      { source: s.label, atSea: true },
    );
  }
  for (let i = 0; i < sea.length; i++) if (sea[i] === 1) cellCost[i] = NaN;
  for (const [c, v] of keep) cellCost[c] = v;
}

async function accumulateJob(ctx: CommandContext, tx: ReturnType<typeof beginOutputs>, job: AccumulateJob) {
  const { out, neighbours, rule, model } = job;
  const o = ctx.options;
  // memory guard: bytes per cell of this job (measured, io/node/memory.ts)
  const extras = [o.direction, o.allocation, o.classes].filter(Boolean).length;
  const jobBytesPerCell =
    (model ? BYTES_PER_CELL.accumulateModel : BYTES_PER_CELL.accumulateCost) + extras * BYTES_PER_CELL.accumulateExtra;
  const t0 = performance.now();
  let inputs: SearchInputs | undefined = await searchInputs(ctx, job, jobBytesPerCell);
  const { grid, units, sources } = inputs;
  const costPath = job.costPath;
  const control = maskCostByHolder(ctx, grid, inputs.cellCost, sources);
  const progress = ctx.progress("accumulate");
  const res = accumulateCost({
    grid,
    cellCost: inputs.cellCost,
    anisotropic: inputs.anisotropic,
    sources,
    neighbours: neighbours as Neighbourhood,
    rule,
    maxCost: o["max-cost"] as number | undefined,
    direction: !!o.direction,
    allocation: !!o.allocation,
    onProgress: (f) => progress.update(f),
    ...(inputs.rawCost ? { rawCost: inputs.rawCost } : {}),
  });
  inputs = undefined; // the DEM, elevations and costs are garbage before the output bytes are made
  progress.done();
  tx.write(out, rasterOutputBytes(o, res.accumulated));
  if (o.direction) tx.write(o.direction as string, rasterOutputBytes(o, res.direction!, { noWarp: "--direction" }));
  if (o.allocation) {
    // 1-based source numbers, 0 = unreachable, so the file reads naturally in GIS tools
    const a = res.allocation!;
    const data = new Int32Array(a.data.length);
    for (let i = 0; i < data.length; i++) data[i] = a.data[i]! + 1;
    tx.write(o.allocation as string, rasterOutputBytes(o, { ...a, data, nodata: 0 }));
  }
  tx.commit();
  let reachable = 0;
  let maxAcc = 0;
  const acc = res.accumulated.data;
  for (let i = 0; i < acc.length; i++) {
    const v = acc[i]!;
    if (v === v) {
      reachable++;
      if (v > maxAcc) maxAcc = v;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const srcInfo = sources.map((s, k) => {
    return { index: k + 1, label: s.label, lon: s.lon!, lat: s.lat!, cells: s.cells.length };
  });
  const json = {
    out,
    direction: o.direction ?? null,
    allocation: o.allocation ?? null,
    model: model ?? null,
    cost: costPath ?? null,
    rule,
    neighbours,
    units,
    crs: crsLabel(grid.crs),
    width: grid.width,
    height: grid.height,
    cells: grid.width * grid.height,
    reachableCells: reachable,
    maxAccumulated: maxAcc,
    sources: srcInfo,
    elapsedSeconds: seconds,
    control,
  };
  const text = [
    `accumulated cost → ${out} (${grid.width}×${grid.height}, ${crsLabel(grid.crs)})`,
    `rule ${rule}, ${neighbours} neighbours, ${model ? `model ${model}` : `cost ${costPath}`}; units: ${units}`,
    ...srcInfo.map(
      (s) =>
        `  source ${s.index}: ${s.label} (${formatLatLon(s.lon, s.lat)})${s.cells > 1 ? `, ${s.cells} cells` : ""}`,
    ),
    `reachable cells: ${reachable} of ${grid.width * grid.height}; largest accumulated cost ${maxAcc.toPrecision(8)}${units === "seconds" ? ` (${(maxAcc / 3600).toFixed(2)} h)` : ""}`,
    ...(o.direction ? [`direction → ${o.direction}`] : []),
    ...(o.allocation ? [`allocation → ${o.allocation}`] : []),
    control.applied
      ? `control: as ${control.as} in its area of the snapshot ${control.snapshot} (${control.cellsOutsideArea} cells outside it ${control.enemyPenalty !== undefined ? `at ×${control.enemyPenalty}` : "impassable"})`
      : "control: ignored (no --as HOLDER)",
    `${seconds.toFixed(2)} s`,
  ].join("\n");
  return { json, text };
}
