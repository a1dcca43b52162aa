#!/usr/bin/env node
// Zone membership for a CSV of points (columns: name,lat,lon with a header line), using only the public API of
// @syraq/core: one output row per point with in_zone true/false.
//
//   node examples/zone-membership.mjs points.csv [ZONE] > membership.csv
//
// ZONE: a shipped zone name (default syraq) or a GeoJSON polygon file. Needs no data pack.
import { readFileSync } from "node:fs";
import { pointInZone, SyraqError } from "@syraq/core";
import { loadZone } from "@syraq/core/node";

const [file, zoneName = "syraq"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node examples/zone-membership.mjs points.csv [ZONE]");
  process.exit(2);
}
const zone = loadZone(zoneName);
const [header, ...rows] = readFileSync(file, "utf8").trim().split(/\r?\n/);
const cols = header.split(",").map((c) => c.trim().toLowerCase());
const [iName, iLat, iLon] = ["name", "lat", "lon"].map((c) => cols.indexOf(c));
if (iLat < 0 || iLon < 0) throw new SyraqError("BAD_INPUT", `${file}: needs lat and lon columns`);
console.log("name,lat,lon,in_zone");
for (const row of rows) {
  const f = row.split(",");
  const lat = Number(f[iLat]);
  const lon = Number(f[iLon]);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new SyraqError("BAD_INPUT", `${file}: bad row '${row}'`);
  console.log([iName >= 0 ? f[iName] : "", lat, lon, pointInZone(zone, [lon, lat])].join(","));
}
