import { extname } from "node:path";
import {
  DEFAULT_ENSEMBLE,
  type EnsembleIsochroneCounts,
  type EnsembleOptions,
  type EnsembleRouteRun,
  checkEnsembleOptions,
  percentile,
  ROUTE_MODEL_NAMES,
  routeModel,
  SyraqError,
  selectCrossings,
  summarizeEnsembleRoutes,
  writeGeoTiff,
} from "@syraq/core";
import { loadCrossings, OutputTransaction } from "@syraq/core/node";
import type { CommandContext, CommandSpec, OptionSpec } from "../command.ts";
import { resolveLocations } from "../locations.ts";
import { defaultPoolSize } from "../shared/pool.ts";

const ENSEMBLE_OPTIONS: OptionSpec[] = [
  { name: "runs", type: "number", default: 100, placeholder: "N", description: "number of runs (1-10000)" },
  {
    name: "seed",
    type: "number",
    default: 1,
    placeholder: "S",
    description: "seed: the same seed gives the same runs",
  },
  {
    name: "dem-error-m",
    type: "number",
    default: DEFAULT_ENSEMBLE.demErrorMetres,
    unit: "m",
    placeholder: "M",
    description: "standard deviation of the DEM error field (spatially correlated, see --correlation-length-km)",
  },
  {
    name: "correlation-length-km",
    type: "number",
    default: DEFAULT_ENSEMBLE.correlationLengthMetres / 1000,
    unit: "km",
    placeholder: "KM",
    description: "correlation length L of the DEM error: correlation exp(-d²/2L²) between cells d apart",
  },
  {
    name: "speed-error",
    type: "number",
    default: DEFAULT_ENSEMBLE.speedError,
    placeholder: "R",
    description: "relative standard deviation of the road and off-road speed factors (0.2 = 20 %)",
  },
  {
    name: "closure-probability",
    type: "number",
    default: DEFAULT_ENSEMBLE.closureProbability,
    placeholder: "P",
    description: "probability that each open crossing is closed in a run",
  },
  {
    name: "model",
    type: "string",
    default: "vehicle",
    placeholder: "NAME",
    description: `travel model: ${ROUTE_MODEL_NAMES.join(", ")}`,
  },
  { name: "date", type: "string", placeholder: "YYYY-MM-DD", description: "crossing statuses on this date" },
  { name: "closed", type: "string", multiple: true, placeholder: "NAME", description: "close a crossing" },
  { name: "open", type: "string", multiple: true, placeholder: "NAME", description: "open a crossing" },
  {
    name: "country",
    type: "string",
    placeholder: "CC",
    description: "prefer places in this country when a name is ambiguous",
  },
  {
    name: "workers",
    type: "number",
    placeholder: "N",
    description: "worker threads (default: 1 below 20 runs, else the machine's cores, at most 4)",
  },
];

function setup(ctx: CommandContext, places: string[]) {
  const o = ctx.options;
  const options: EnsembleOptions = {
    runs: Number(o.runs),
    seed: Number(o.seed),
    demErrorMetres: Number(o["dem-error-m"]),
    correlationLengthMetres: Number(o["correlation-length-km"]) * 1000,
    speedError: Number(o["speed-error"]),
    closureProbability: Number(o["closure-probability"]),
  };
  checkEnsembleOptions(options);
  const model = String(o.model ?? "vehicle");
  routeModel(model);
  const crossings = {
    ...(o.date ? { date: String(o.date) } : {}),
    closed: (o.closed as string[] | undefined) ?? [],
    open: (o.open as string[] | undefined) ?? [],
  };
  selectCrossings(loadCrossings(), crossings);
  const workers = o.workers === undefined ? (options.runs >= 20 ? defaultPoolSize() : 1) : Number(o.workers);
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64))
    throw new SyraqError("BAD_OPTION", `--workers must be an integer from 1 to 64; got ${workers}`, { workers });
  const country = typeof o.country === "string" && o.country ? { country: o.country } : {};
  const points = resolveLocations(ctx, places, country).map((l) => ({
    name: l.name,
    lonLat: [l.lon, l.lat] as [number, number],
  }));
  return { options, model, crossings, workers, points };
}

const hm = (s: number | null) => {
  if (s === null) return "—";
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")}`;
};
const km = (m: number | null) => (m === null ? "—" : `${(m / 1000).toFixed(1)} km`);

function checkTif(path: unknown, option: string): string | undefined {
  if (path === undefined) return undefined;
  const p = String(path);
  if (!/\.tiff?$/i.test(p)) throw new SyraqError("BAD_OPTION", `${option} must be a .tif file; got '${p}'`, {});
  return p;
}

export const ensembleRouteCommand: CommandSpec = {
  name: "ensemble route",
  summary:
    "a route under uncertainty: seeded runs with a correlated DEM error, speed errors and random closures; p5/p50/p95 and a path-density raster",
  description: [
    "Each run perturbs the inputs with its own seeded draws (analysis/ensemble.ts): a DEM error field (white noise",
    "filtered by a Gaussian, correlation exp(-d²/2L²), standard deviation --dem-error-m), road and off-road speed",
    "factors 1 + N(0, --speed-error), and each open crossing closed with --closure-probability; then routes A → B",
    "as 'syraq route'. Reports the 5th, 50th and 95th percentiles of duration and length over the reachable runs,",
    "the share of runs using each crossing, a path-density GeoTIFF (share of runs through each cell) and the runs",
    "as GeoJSON. The same seed gives the same runs, whatever the number of worker threads.",
  ].join("\n"),
  args: [
    { name: "from", description: "start: place name or coordinate" },
    { name: "to", description: "destination: place name or coordinate" },
  ],
  options: [
    ...ENSEMBLE_OPTIONS,
    { name: "density", type: "string", placeholder: "density.tif", description: "write the path density (GeoTIFF)" },
    { name: "out-runs", type: "string", placeholder: "runs.geojson", description: "write every run's route" },
  ],
  examples: [
    "syraq ensemble route Raqqa Palmyra --runs 100 --seed 1",
    "syraq ensemble route Hajin Mayadeen --runs 200 --closure-probability 0.3 --date 2017-10-01 --density d.tif --out-runs runs.geojson",
  ],
  async run(ctx) {
    const s = setup(ctx, [String(ctx.args.from), String(ctx.args.to)]);
    const density = checkTif(ctx.options.density, "--density");
    const outRuns = ctx.options["out-runs"] as string | undefined;
    if (outRuns && extname(outRuns).toLowerCase() !== ".geojson" && extname(outRuns).toLowerCase() !== ".json")
      throw new SyraqError("BAD_OPTION", `--out-runs must be a .geojson file; got '${outRuns}'`, {});
    const { runEnsemble } = await import("../shared/ensemble-run.ts");
    const bar = ctx.progress(`ensemble of ${s.options.runs} routes`);
    const { grid, parts } = await runEnsemble(
      ctx.dataDir(),
      s.workers,
      { mode: "route", points: s.points, model: s.model, crossings: s.crossings, options: s.options },
      (d, t) => bar.update(d / t),
    );
    bar.done();
    const runs = (parts as EnsembleRouteRun[][]).flat();
    const summary = summarizeEnsembleRoutes(runs, grid.width * grid.height);
    const tx = OutputTransaction.begin([
      ...(density ? [{ path: density, label: "--density" }] : []),
      ...(outRuns ? [{ path: outRuns, label: "--out-runs" }] : []),
    ]);
    try {
      if (density) tx.write(density, writeGeoTiff({ ...grid, data: summary.density, nodata: null }));
      if (outRuns) {
        const features = runs
          .filter((r) => r.reachable)
          .map((r) => ({
            type: "Feature",
            geometry: {
              type: "LineString",
              coordinates: r.coordinates.map((p) => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6]),
            },
            properties: {
              run: r.run,
              durationSeconds: r.durationSeconds,
              lengthMetres: r.lengthMetres,
              crossings: r.crossings,
              closedByDraw: r.closedByDraw,
              roadFactor: r.roadFactor,
              offRoadFactor: r.offRoadFactor,
            },
          }));
        tx.write(outRuns, `${JSON.stringify({ type: "FeatureCollection", features })}\n`);
      }
      tx.commit();
    } finally {
      tx.abort();
    }
    const json = {
      from: s.points[0]!.name,
      to: s.points[1]!.name,
      model: s.model,
      ...(s.crossings.date ? { date: s.crossings.date } : {}),
      options: s.options,
      runs: summary.runs,
      reachableRuns: summary.reachableRuns,
      durationSeconds: summary.durationSeconds,
      lengthMetres: summary.lengthMetres,
      crossingShare: summary.crossingShare,
      unreachableRuns: runs.filter((r) => !r.reachable).map((r) => ({ run: r.run, closedByDraw: r.closedByDraw })),
      ...(density ? { density } : {}),
      ...(outRuns ? { outRuns } : {}),
    };
    const d = summary.durationSeconds;
    const l = summary.lengthMetres;
    const text = [
      `ensemble route ${json.from} → ${json.to} (model ${s.model}, ${summary.runs} runs, seed ${s.options.seed}; DEM error ${s.options.demErrorMetres} m over ${s.options.correlationLengthMetres / 1000} km, speed error ${s.options.speedError}, closure probability ${s.options.closureProbability})`,
      `  reachable in ${summary.reachableRuns} of ${summary.runs} runs`,
      `  duration p5 ${hm(d.p5)}, p50 ${hm(d.p50)}, p95 ${hm(d.p95)}`,
      `  length   p5 ${km(l.p5)}, p50 ${km(l.p50)}, p95 ${km(l.p95)}`,
      `  crossings used: ${
        Object.entries(summary.crossingShare)
          .map(([k, v]) => `${k} ${(v * 100).toFixed(0)} %`)
          .join(", ") || "none"
      }`,
      ...(density ? [`wrote ${density}`] : []),
      ...(outRuns ? [`wrote ${outRuns}`] : []),
    ].join("\n");
    return { json, text };
  },
};

function parseMinutes(raw: unknown): number[] {
  const text = String(raw ?? "");
  const values = text.split(",").map((x) => (x.trim() === "" ? Number.NaN : Number(x)));
  if (!values.length || values.some((v) => !(v > 0 && Number.isFinite(v))))
    throw new SyraqError("BAD_OPTION", `--minutes expects positive numbers separated by commas; got '${text}'`, {});
  return [...new Set(values)].sort((a, b) => a - b);
}

export const ensembleIsochroneCommand: CommandSpec = {
  name: "ensemble isochrone",
  summary:
    "isochrones under uncertainty: the probability of reaching each cell within T over seeded perturbed runs (GeoTIFF)",
  description: [
    "The runs of 'syraq ensemble route' (same draws, same seeds) applied to 'syraq isochrone': for each band, the share",
    "of runs that reach each cell within it (a GeoTIFF per band) and the 5th, 50th and 95th percentiles of the area.",
  ].join("\n"),
  args: [{ name: "from", variadic: true, description: "one or more sources: place names or coordinates" }],
  options: [
    {
      name: "minutes",
      type: "string",
      default: "120",
      placeholder: "M,M,…",
      unit: "minutes",
      description: "band limits in minutes, comma-separated",
    },
    ...ENSEMBLE_OPTIONS,
    {
      name: "out",
      type: "string",
      placeholder: "reach.tif",
      description:
        "write the probability of reaching each cell (one GeoTIFF per band: -{M}min before .tif when several)",
    },
  ],
  examples: ["syraq ensemble isochrone Sukhna --minutes 120 --runs 100 --out reach.tif"],
  async run(ctx) {
    const minutes = parseMinutes(ctx.options.minutes);
    const s = setup(ctx, ctx.args.from as string[]);
    const out = checkTif(ctx.options.out, "--out");
    const { runEnsemble } = await import("../shared/ensemble-run.ts");
    const bar = ctx.progress(`ensemble of ${s.options.runs} isochrones`);
    const { grid, parts } = await runEnsemble(
      ctx.dataDir(),
      s.workers,
      {
        mode: "isochrone",
        points: s.points,
        model: s.model,
        crossings: s.crossings,
        options: s.options,
        durationsSeconds: minutes.map((m) => m * 60),
      },
      (d, t) => bar.update(d / t),
    );
    bar.done();
    const counts = parts as EnsembleIsochroneCounts[];
    const N = grid.width * grid.height;
    const files: string[] = [];
    const bands = minutes.map((m, b) => {
      const prob = new Float32Array(N);
      for (const part of counts) {
        const c = part.counts[b]!;
        for (let i = 0; i < N; i++) prob[i]! += c[i]!;
      }
      for (let i = 0; i < N; i++) prob[i]! /= s.options.runs;
      const areas = counts.flatMap((p) => p.areasSquareMetres[b]!).sort((a, c) => a - c);
      let always = 0;
      let ever = 0;
      for (let i = 0; i < N; i++) {
        if (prob[i] === 1) always++;
        if (prob[i]! > 0) ever++;
      }
      const file = out && minutes.length > 1 ? out.replace(/(\.tiff?)$/i, `-${m}min$1`) : out;
      if (file) files.push(file);
      return {
        minutes: m,
        areaSquareMetres: { p5: percentile(areas, 5), p50: percentile(areas, 50), p95: percentile(areas, 95) },
        cellsAlwaysReached: always,
        cellsEverReached: ever,
        prob,
        ...(file ? { file } : {}),
      };
    });
    if (files.length) {
      const tx = OutputTransaction.begin(files.map((path) => ({ path, label: "--out" })));
      try {
        for (const b of bands) if (b.file) tx.write(b.file, writeGeoTiff({ ...grid, data: b.prob, nodata: null }));
        tx.commit();
      } finally {
        tx.abort();
      }
    }
    const json = {
      sources: s.points.map((p) => p.name),
      model: s.model,
      ...(s.crossings.date ? { date: s.crossings.date } : {}),
      options: s.options,
      bands: bands.map(({ prob, ...rest }) => rest),
    };
    const km2 = (a: number | null) => (a === null ? "—" : `${(a / 1e6).toFixed(0)} km²`);
    const text = [
      `ensemble isochrone from ${json.sources.join(", ")} (model ${s.model}, ${s.options.runs} runs, seed ${s.options.seed})`,
      ...bands.map(
        (b) =>
          `  ≤ ${b.minutes} min: area p5 ${km2(b.areaSquareMetres.p5)}, p50 ${km2(b.areaSquareMetres.p50)}, p95 ${km2(b.areaSquareMetres.p95)}; ${b.cellsAlwaysReached} cells in every run, ${b.cellsEverReached} in at least one${b.file ? `; wrote ${b.file}` : ""}`,
      ),
    ].join("\n");
    return { json, text };
  },
};
