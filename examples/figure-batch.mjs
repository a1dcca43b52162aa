#!/usr/bin/env node
// A batch of figures built in code, using only the public API of @syraq/core: for each town, a figure spec of its
// route and its straight-line (geodesic) distance to a destination. Each spec is validated against the figure
// schema, its analyses are computed (the same `buildPayload` that `syraq figure` runs before drawing), and written:
//
//   OUT/NAME.json          the figure spec: render it with `syraq figure OUT/NAME.json` (PNG, PDF)
//   OUT/NAME.geojson       what the figure draws: the route and geodesic overlays, with lengths and durations
//
// and one CSV line per figure on stdout (figure, route hours and km, geodesic km).
//
//   node examples/figure-batch.mjs OUT [TOWN …] [--to PLACE] [--date YYYY-MM-DD] [--data-dir PACK] > figures.csv
//
// Default towns: Raqqa, Deir ez-Zor, Mayadeen; default destination Palmyra. The data pack is found as by the CLI:
// --data-dir, SYRAQ_DATA_DIR, ../shared/data.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  buildPayload,
  exitStatusFor,
  isSyraqError,
  pickSnapshot,
  resolveLocation,
  routeModel,
  SyraqError,
  validateFigureSpec,
} from "@syraq/core";
import {
  loadControl,
  loadEuphrates,
  loadFront,
  loadGazetteer,
  loadRoadsDefinition,
  loadRouteGraph,
  resolveDataDir,
  writeFileAtomic,
} from "@syraq/core/node";

process.on("uncaughtException", (e) => {
  console.error(isSyraqError(e) ? `error ${e.code}: ${e.message}` : e);
  process.exit(exitStatusFor(e));
});

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new SyraqError("BAD_OPTION", `--${name} needs a value`);
  args.splice(at, 2);
  return value;
};
const dataDirOption = option("data-dir");
const destination = option("to") ?? "Palmyra";
const date = option("date");
const unknown = args.find((a) => a.startsWith("--"));
if (unknown) throw new SyraqError("BAD_OPTION", `unknown option ${unknown}`);
const [out, ...towns] = args;
if (!out) throw new SyraqError("BAD_ARGUMENT", "usage: node examples/figure-batch.mjs OUT [TOWN …] [--to PLACE]");
if (!towns.length) towns.push("Raqqa", "Deir ez-Zor", "Mayadeen");

const dataDir = resolveDataDir(dataDirOption === undefined ? {} : { dataDir: dataDirOption });
const gazetteer = loadGazetteer(dataDir);
const speeds = loadRoadsDefinition().speedsKmh;

// What the analyses need from their host (FigureContext): places, the route graph with the item's model and date,
// fronts, the Euphrates, control snapshots. Data files are not used by these specs: none is read.
const context = {
  locate(text) {
    const l = resolveLocation(text, gazetteer);
    return { name: l.name, lonLat: [l.lon, l.lat] };
  },
  async routeGraph(item) {
    const graph = await loadRouteGraph({ dataDir }); // cached: built once for the whole batch
    const crossings = { ...(item.date ? { date: item.date } : {}), closed: item.closed ?? [], open: item.open ?? [] };
    return { graph, model: routeModel(item.model ?? "vehicle", speeds), crossings };
  },
  loadFront,
  euphrates: () => loadEuphrates(dataDir),
  readData(file) {
    throw new SyraqError("BAD_ARGUMENT", `this batch reads no data files (${file})`);
  },
  control(when) {
    const snapshots = loadControl();
    if (!snapshots.length) return undefined;
    const c = pickSnapshot(snapshots, when);
    return { snapshot: c.snapshot, note: c.note };
  },
};

mkdirSync(out, { recursive: true });
const slug = (s) =>
  s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
const overlay = (payload, id) => payload.overlays.find((o) => o.id === id)?.data.features[0]?.properties ?? {};
console.log("figure,spec,route_h,route_km,geodesic_km");
for (const town of towns) {
  const from = context.locate(town).name;
  const to = context.locate(destination).name;
  const spec = validateFigureSpec({
    title: `${from} to ${to}`,
    subtitle: `Fastest vehicle route over terrain, roads and crossings${date ? ` open on ${date}` : ""}, and the geodesic`,
    width: 960,
    height: 640,
    fit: [from, to],
    labels: [from, to],
    ...(date ? { date } : {}),
    analysis: [
      { type: "route", from, to, model: "vehicle", ...(date ? { date } : {}) },
      { type: "geodesic", from, to },
    ],
  });
  const payload = await buildPayload(context, spec, { width: spec.width, height: spec.height });
  const name = slug(`${from}-${to}`);
  const specFile = join(out, `${name}.json`);
  writeFileAtomic(specFile, `${JSON.stringify(spec, null, 2)}\n`, "figure spec");
  const features = payload.overlays.flatMap((o) =>
    o.data.features.map((f) => ({ ...f, properties: { layer: o.id, ...f.properties } })),
  );
  writeFileAtomic(
    join(out, `${name}.geojson`),
    `${JSON.stringify({ type: "FeatureCollection", features })}\n`,
    "figure overlays",
  );
  const route = overlay(payload, "route");
  const geodesic = overlay(payload, "geodesic");
  console.log(
    [
      name,
      specFile,
      (route.durationSeconds / 3600).toFixed(3),
      (route.lengthMetres / 1000).toFixed(3),
      (geodesic.lengthMetres / 1000).toFixed(3),
    ].join(","),
  );
}
