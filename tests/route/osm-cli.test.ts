/**
 * `syraq route --roads FILE.osm.pbf` and `--network-only` through the CLI, on an extract authored
 * here and converted by osmium-tool: one trunk road Palmyra–Sukhna (M20) with a one-way link.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cli } from "../helpers/cli.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-osmcli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="syraq test">
  <node id="1" version="1" lat="34.5604" lon="38.2684"/>
  <node id="2" version="1" lat="34.7000" lon="38.5500"/>
  <node id="3" version="1" lat="34.8836" lon="38.8687"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="trunk"/><tag k="name" v="M20"/></way>
</osm>
`;

describeWithPeer(
  "route with an OSM PBF extract (osmium-tool)",
  { name: "osmium", available: hasExecutable("osmium"), install: "apt-get install osmium-tool" },
  () => {
    const pbf = join(dir, "m20.osm.pbf");
    beforeAll(() => {
      writeFileSync(join(dir, "m20.osm"), OSM);
      execFileSync("osmium", ["cat", join(dir, "m20.osm"), "-o", pbf, "-O"]);
      process.env.SYRAQ_CACHE_DIR = join(dir, "cache");
    });

    it("--network-only: the road's length at the trunk (motorway class) speed; the joint route is not slower", async () => {
      const args = ["route", "Palmyra", "Sukhna", "--roads", pbf, "--roads-mode", "replace", "--json", "--quiet"];
      const net = await cli(...args, "--network-only");
      expect(net.status).toBe(0);
      const p = net.json().features[0].properties;
      expect(p.networkOnly).toBe(true);
      // vehicle motorway class speed 90 km/h (data/roads/roads.json), trunk → motorway (OSM_HIGHWAY_CLASSES)
      expect(p.durationSeconds).toBeCloseTo(p.lengthMetres / (90 / 3.6), 6);
      const joint = await cli(...args);
      expect(joint.status).toBe(0);
      const j = joint.json().features[0].properties;
      // both run along the M20; they may enter and leave it at different pieces (≤ one 1.5′ cell each end)
      expect(Math.abs(j.roadLengthMetres - p.lengthMetres)).toBeLessThan(6000);
      // the joint route adds the off-road legs from the towns to the road, the network-only answer does not
      expect(j.durationSeconds).toBeGreaterThan(p.durationSeconds);
    });

    it("a bad --osm-table is exit 2 naming the problem", async () => {
      const table = join(dir, "table.json");
      writeFileSync(table, JSON.stringify({ highway: { trunk: "autobahn" } }));
      const r = await cli("route", "Palmyra", "Sukhna", "--roads", pbf, "--osm-table", table, "--quiet");
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/highway 'trunk' → "autobahn" is not a road class/);
    });

    it("a file that is not OSM PBF is exit 3", async () => {
      const bad = join(dir, "bad.osm.pbf");
      writeFileSync(bad, "not a pbf".repeat(20));
      const r = await cli("route", "Palmyra", "Sukhna", "--roads", bad, "--quiet");
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/syraq: error \[DATA_CORRUPT\]: .*is not a readable OSM PBF file/);
    });
  },
);
