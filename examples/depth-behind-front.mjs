#!/usr/bin/env node
// CSV of how deep every seed town of the gazetteer lies behind a dated front line (true geodesic distance to the
// nearest point of the front, WGS84), using only the public API of @syraq/core.
//
//   node examples/depth-behind-front.mjs [FRONT] [--data-dir PACK] > depth.csv
//
// FRONT: a shipped front name (default saa-2017-09-29) or a GeoJSON file. The data pack is found as by the CLI:
// --data-dir, SYRAQ_DATA_DIR, ../shared/data.
import { readFileSync } from "node:fs";
import { depthBehindFront } from "@syraq/core";
import { GAZETTEER_SEED_FILE, loadFront, loadGazetteer, resolveDataDir } from "@syraq/core/node";

const args = process.argv.slice(2);
const at = args.indexOf("--data-dir");
const dataDir = resolveDataDir(at >= 0 ? { dataDir: args[at + 1] } : {});
const frontName = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--data-dir") ?? "saa-2017-09-29";

const front = loadFront(frontName);
const gazetteer = loadGazetteer(dataDir);
// seed towns: the project's own places, not governorates (admin1Code) nor spelling-only entries (aliasOnly)
const seed = JSON.parse(readFileSync(GAZETTEER_SEED_FILE, "utf8")).places.filter(
  (p) => !p.admin1Code && !p.aliasOnly && !p.region,
);

const csv = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
console.log("place,lat,lon,depth_km,side,nearest_lat,nearest_lon");
for (const s of seed) {
  const place = gazetteer.lookup(s.name);
  const d = depthBehindFront(front, [place.lon, place.lat]);
  console.log(
    [
      place.name,
      place.lat.toFixed(5),
      place.lon.toFixed(5),
      (d.depthMetres / 1000).toFixed(3),
      d.side,
      d.nearest[1].toFixed(5),
      d.nearest[0].toFixed(5),
    ]
      .map(csv)
      .join(","),
  );
}
