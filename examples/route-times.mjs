#!/usr/bin/env node
// CSV of travel times between towns over terrain, the road skeleton and the river crossings (the route graph), one
// row per ordered pair (times differ by direction: climbing is slower than descending), using only the public API
// of @syraq/core.
//
//   node examples/route-times.mjs [TOWN …] [--model vehicle|foot|…] [--date YYYY-MM-DD] [--data-dir PACK] > times.csv
//
// Default towns: Raqqa, Palmyra, Deir ez-Zor, Mayadeen, al-Bukamal. --date applies the river crossings' state on
// that day (destroyed bridges closed). The data pack is found as by the CLI: --data-dir, SYRAQ_DATA_DIR,
// ../shared/data. A pair with no route (exit 4 in `syraq route`) is written with empty times and its error code.
import { exitStatusFor, findRoute, isSyraqError, routeModel, SyraqError } from "@syraq/core";
import { loadGazetteer, loadRoadsDefinition, loadRouteGraph, resolveDataDir } from "@syraq/core/node";

// a coded error (unknown town, missing data pack, …) is one line on stderr and the CLI's exit status, not a stack
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
const modelName = option("model") ?? "vehicle";
const date = option("date");
const unknown = args.find((a) => a.startsWith("--"));
if (unknown) throw new SyraqError("BAD_OPTION", `unknown option ${unknown}`);
const names = args.length ? args : ["Raqqa", "Palmyra", "Deir ez-Zor", "Mayadeen", "al-Bukamal"];

const dataDir = resolveDataDir(dataDirOption === undefined ? {} : { dataDir: dataDirOption });
const gazetteer = loadGazetteer(dataDir);
const towns = names.map((n) => {
  const p = gazetteer.lookup(n);
  return { name: p.name, lonLat: [p.lon, p.lat] };
});
// the graph: GMTED2010 terrain cells + the project's road skeleton + declared crossings; built once, reused by
// every pair (the first search also prepares the model's edge costs)
const graph = await loadRouteGraph({ dataDir });
const model = routeModel(modelName, loadRoadsDefinition().speedsKmh);
const crossings = date ? { date } : {};

const csv = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
console.log("from,to,model,duration_s,duration_h,length_km,road_km,off_road_km,crossings,error");
for (const from of towns) {
  for (const to of towns) {
    if (from === to) continue;
    let cells;
    try {
      const r = findRoute({ graph, model, points: [from, to], crossings });
      cells = [
        r.durationSeconds.toFixed(1),
        (r.durationSeconds / 3600).toFixed(3),
        (r.lengthMetres / 1000).toFixed(3),
        (r.roadLengthMetres / 1000).toFixed(3),
        (r.offRoadLengthMetres / 1000).toFixed(3),
        r.crossings.join("; "),
        "",
      ];
    } catch (e) {
      if (!(e instanceof SyraqError)) throw e;
      cells = ["", "", "", "", "", "", e.code];
    }
    console.log([from.name, to.name, model.name, ...cells].map(csv).join(","));
  }
}
