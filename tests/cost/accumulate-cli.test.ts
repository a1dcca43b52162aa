import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGridMoves } from "../../packages/core/src/search/grid-moves.ts";
import { cellOfLonLat, costPerCellToArray, lonLatOfCell } from "../../packages/core/src/analysis/accumulate.ts";
import { resumPathCost } from "../../packages/core/src/analysis/path.ts";
import { readRasterFile, writeRasterFile } from "../../packages/core/src/io/node/raster-file.ts";
import type { Raster } from "../../packages/core/src/raster/raster.ts";
import { cli } from "../helpers/cli.ts";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const work = mkdtempSync(join(tmpdir(), "syraq-acc-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const W = 60;
const H = 50;
/** 90 m UTM 37N grid; costs 1..3 with a north-south "river" (nodata) at col 40 bridged at row 10, and a walled-in pocket. */
function makeCostRaster(): Raster<Float32Array> {
  const data = new Float32Array(W * H);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = 1 + (2 * s) / 2147483648;
  }
  for (let r = 0; r < H; r++) if (r !== 10) data[r * W + 40] = -9999;
  // pocket: ring of nodata around cell (45, 5)
  for (let r = 44; r <= 46; r++) for (let c = 4; c <= 6; c++) if (r !== 45 || c !== 5) data[r * W + c] = -9999;
  return {
    width: W,
    height: H,
    originX: 497300,
    originY: 3875250,
    pixelSizeX: 90,
    pixelSizeY: 90,
    crs: { epsg: 32637, geographic: false, proj4: "+proj=utm +zone=37 +datum=WGS84 +units=m +no_defs" },
    data,
    nodata: -9999,
  };
}

const costPath = join(work, "cost.tif");
let raster: Raster;
const at = (row: number, col: number) => {
  const [lon, lat] = lonLatOfCell(raster, row * W + col);
  return `${lat.toFixed(9)}N ${lon.toFixed(9)}E`;
};

beforeAll(async () => {
  writeRasterFile(costPath, makeCostRaster());
  raster = await readRasterFile(costPath);
});

describe("syraq accumulate / path (CLI)", () => {
  it("writes identical bytes run to run, NaN where unreachable, and the path's re-summed cost equals the accumulated cost", async () => {
    const outs = [0, 1].map((k) => ({
      acc: join(work, `acc${k}.tif`),
      dir: join(work, `dir${k}.tif`),
      alloc: join(work, `alloc${k}.tif`),
    }));
    for (const o of outs) {
      const r = await cli(
        "accumulate",
        "--from",
        at(25, 10),
        "--from",
        at(5, 20),
        "--cost",
        costPath,
        "--neighbours",
        "16",
        "--out",
        o.acc,
        "--direction",
        o.dir,
        "--allocation",
        o.alloc,
        "--json",
        "--quiet",
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.json().sources).toHaveLength(2);
    }
    for (const key of ["acc", "dir", "alloc"] as const)
      expect(readFileSync(outs[0]![key]).equals(readFileSync(outs[1]![key]))).toBe(true);
    const acc = await readRasterFile(outs[0]!.acc);
    expect(acc.data[25 * W + 10]).toBe(0);
    expect(acc.data[5 * W + 20]).toBe(0);
    expect(Number.isNaN(acc.data[45 * W + 5]!)).toBe(true); // walled-in pocket
    expect(Number.isNaN(acc.data[20 * W + 40]!)).toBe(true); // river cell
    const alloc = await readRasterFile(outs[0]!.alloc);
    expect(alloc.data[25 * W + 12]).toBe(1);
    expect(alloc.data[5 * W + 22]).toBe(2);
    expect(alloc.data[45 * W + 5]).toBe(0);

    // the path from the western source to a cell east of the river must use the bridge at row 10
    const p = await cli("path", "--acc", outs[0]!.acc, "--direction", outs[0]!.dir, "--to", at(45, 45), "--json");
    expect(p.status, p.stderr).toBe(0);
    const f = p.json().features[0];
    const cells: number[] = f.geometry.coordinates.map(([lon, lat]: [number, number]) =>
      cellOfLonLat(raster, lon, lat),
    );
    expect(cells.some((c) => c === 10 * W + 40)).toBe(true);
    expect(f.properties.costAtTarget).toBe(acc.data[45 * W + 45]);
    const moves = buildGridMoves(raster, { neighbours: 16 });
    const cellCost = costPerCellToArray(raster);
    const sourceCell = cells[0]!;
    expect(acc.data[sourceCell]).toBe(0);
    expect(resumPathCost(raster, cellCost, moves, cells)).toBe(f.properties.costAtTarget);
    expect(f.properties.lengthMetres).toBeGreaterThan(90 * 45);
    // unreachable target → exit 4
    const u = await cli("path", "--acc", outs[0]!.acc, "--direction", outs[0]!.dir, "--to", at(45, 5));
    expect(u.status).toBe(4);
    expect(u.stderr).toMatch(/unreachable/);
  });

  it("32 and 48 neighbours: the traced path's re-summed cost equals the accumulated cost, and longer moves never cost more", async () => {
    let previous = Infinity;
    for (const nb of [8, 16, 32, 48]) {
      const acc = join(work, `acc-n${nb}.tif`);
      const dir = join(work, `dir-n${nb}.tif`);
      expect(
        (
          await cli(
            "accumulate",
            "--from",
            at(25, 10),
            "--cost",
            costPath,
            "--neighbours",
            String(nb),
            "--out",
            acc,
            "--direction",
            dir,
          )
        ).status,
      ).toBe(0);
      const p = await cli("path", "--acc", acc, "--direction", dir, "--to", at(40, 55), "--json");
      expect(p.status, p.stderr).toBe(0);
      const f = p.json().features[0];
      const cells: number[] = f.geometry.coordinates.map(([lon, lat]: [number, number]) =>
        cellOfLonLat(raster, lon, lat),
      );
      const moves = buildGridMoves(raster, { neighbours: nb as 8 | 16 | 32 | 48 });
      expect(resumPathCost(raster, costPerCellToArray(raster), moves, cells)).toBe(f.properties.costAtTarget);
      // more move directions can only find paths as cheap or cheaper on this smooth field (a sanity check, not a law)
      expect(f.properties.costAtTarget).toBeLessThanOrEqual(previous * 1.001);
      previous = f.properties.costAtTarget;
    }
  });

  it("a GeoJSON line source has zero cost along its cells, and allocation counts one source per feature", async () => {
    const [lon0, lat0] = lonLatOfCell(raster, 5 * W + 5);
    const [lon1, lat1] = lonLatOfCell(raster, 5 * W + 30);
    const gj = join(work, "line.geojson");
    writeFileSync(
      gj,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { name: "road" },
            geometry: {
              type: "LineString",
              coordinates: [
                [lon0, lat0],
                [lon1, lat1],
              ],
            },
          },
        ],
      }),
    );
    const out = join(work, "acc-line.tif");
    const r = await cli("accumulate", "--from", gj, "--cost", costPath, "--out", out, "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(r.json().sources[0].cells).toBe(26);
    const acc = await readRasterFile(out);
    for (let c = 5; c <= 30; c++) expect(acc.data[5 * W + c]).toBe(0);
    expect(acc.data[6 * W + 17]).toBeGreaterThan(0);
  });

  it("--max-cost leaves costlier cells unreached", async () => {
    const out = join(work, "acc-max.tif");
    const r = await cli(
      "accumulate",
      "--from",
      at(25, 10),
      "--cost",
      costPath,
      "--max-cost",
      "1000",
      "--out",
      out,
      "--json",
    );
    expect(r.status, r.stderr).toBe(0);
    const acc = await readRasterFile(out);
    const finite = Array.from(acc.data).filter((v) => !Number.isNaN(v));
    expect(Math.max(...finite)).toBeLessThanOrEqual(1000);
    expect(finite.length).toBeLessThan((W * H) / 2);
    expect(finite.length).toBeGreaterThan(10);
  });

  it("input errors are coded: outside the raster, on nodata, model and cost together, bad neighbours", async () => {
    const out = join(work, "x.tif");
    expect((await cli("accumulate", "--from", "10N 10E", "--cost", costPath, "--out", out)).status).toBe(2);
    const onRiver = await cli("accumulate", "--from", at(20, 40), "--cost", costPath, "--out", out);
    expect(onRiver.status).toBe(2);
    expect(onRiver.stderr).toMatch(/impassable or nodata/);
    expect(
      (await cli("accumulate", "--from", at(1, 1), "--cost", costPath, "--model", "tobler", "--out", out)).status,
    ).toBe(2);
    expect(
      (await cli("accumulate", "--from", at(1, 1), "--cost", costPath, "--neighbours", "12", "--out", out)).status,
    ).toBe(2);
    expect(
      (
        await cli(
          "accumulate",
          "--from",
          at(1, 1),
          "--cost",
          costPath,
          "--rule",
          "mcp",
          "--neighbours",
          "16",
          "--out",
          out,
        )
      ).status,
    ).toBe(2);
    expect(
      (await cli("accumulate", "--from", at(1, 1), "--cost", join(work, "missing.tif"), "--out", out)).status,
    ).toBe(3);
  });

  it("syraq models lists every model with units and source", async () => {
    const r = await cli("models", "--json");
    expect(r.status).toBe(0);
    const names = r.json().models.map((m: { name: string }) => m.name);
    expect(names).toEqual(["tobler", "tobler-modified", "naismith-langmuir", "vehicle-offroad", "cost-raster"]);
  });
});

describeWithPeer(
  "rule geodesic: step lengths are WGS84 geodesics between cell centres",
  { name: "GeodSolve", available: hasExecutable("GeodSolve"), install: "apt-get install geographiclib-tools" },
  () => {
    it("constant cost 1 per metre on a lat/lon grid: the accumulated cost of a neighbour is GeodSolve's distance", async () => {
      const grid: Raster = {
        width: 5,
        height: 5,
        originX: 39,
        originY: 35,
        pixelSizeX: 0.01,
        pixelSizeY: 0.01,
        crs: { epsg: 4326, geographic: true },
        data: new Float32Array(25).fill(1),
        nodata: null,
      };
      const p = join(work, "ll.tif");
      writeRasterFile(p, grid);
      const out = join(work, "ll-acc.tif");
      const r = await cli("accumulate", "--from", "34.975N 39.025E", "--cost", p, "--neighbours", "16", "--out", out);
      expect(r.status, r.stderr).toBe(0);
      const acc = await readRasterFile(out);
      // centre (row 2, col 2) = 34.975N 39.025E; east (2,3), north-east (1,3), knight (0,3)
      const geod = (lat2: number, lon2: number) =>
        Number(
          execFileSync("GeodSolve", ["-i", "-p", "9"], { input: `34.975 39.025 ${lat2} ${lon2}\n`, encoding: "utf8" })
            .trim()
            .split(/\s+/)[2],
        );
      expect(acc.data[2 * 5 + 3]).toBeCloseTo(geod(34.975, 39.035), 6);
      expect(acc.data[1 * 5 + 3]).toBeCloseTo(geod(34.985, 39.035), 6);
      expect(acc.data[0 * 5 + 3]).toBeCloseTo(geod(34.995, 39.035), 6);
    });
  },
);

describe("syraq accumulate --model with terrain classes (pack DEM around Deir ez-Zor)", () => {
  it("the Euphrates blocks a vehicle until a crossing is declared; the crossing's path is found", async () => {
    const bbox = "39.9,35.1,40.5,35.6";
    const classes = join(work, "dez-classes.tif");
    const t = await cli("terrain", "--bbox", bbox, "--out", classes, "--quiet");
    expect(t.status, t.stderr).toBe(0);
    const acc = join(work, "dez-acc.tif");
    const dir = join(work, "dez-dir.tif");
    const from = "35.2N 40.0E"; // right (south-west) bank
    const to = "35.5N 40.4E"; // left bank
    const a1 = await cli(
      "accumulate",
      "--from",
      from,
      "--model",
      "vehicle-offroad",
      "--bbox",
      bbox,
      "--classes",
      classes,
      "--out",
      acc,
      "--direction",
      dir,
      "--json",
    );
    expect(a1.status, a1.stderr).toBe(0);
    expect(a1.json().units).toBe("seconds");
    expect((await cli("path", "--acc", acc, "--direction", dir, "--to", to)).status).toBe(4);
    // --classes auto classifies the DEM on the fly: same classes, same blocked river
    const auto = await cli(
      "accumulate",
      "--from",
      from,
      "--model",
      "vehicle-offroad",
      "--bbox",
      bbox,
      "--classes",
      "auto",
      "--out",
      join(work, "dez-auto.tif"),
      "--json",
    );
    expect(auto.status, auto.stderr).toBe(0);
    expect(auto.json().reachableCells).toBe(a1.json().reachableCells);
    const a2 = await cli(
      "accumulate",
      "--from",
      from,
      "--model",
      "vehicle-offroad",
      "--bbox",
      bbox,
      "--classes",
      classes,
      "--crossing",
      "35.3359N 40.1408E",
      "--crossing-radius",
      "3000",
      "--out",
      acc,
      "--direction",
      dir,
      "--json",
    );
    expect(a2.status, a2.stderr).toBe(0);
    expect(a2.json().reachableCells).toBeGreaterThan(a1.json().reachableCells);
    const p = await cli("path", "--acc", acc, "--direction", dir, "--to", to, "--json");
    expect(p.status, p.stderr).toBe(0);
    const f = p.json().features[0];
    // the path passes within a few km of the declared crossing (cells are ~2.3 × 2.8 km)
    const nearCrossing = f.geometry.coordinates.some(
      ([lon, lat]: number[]) => Math.abs(lon! - 40.1408) < 0.05 && Math.abs(lat! - 35.3359) < 0.05,
    );
    expect(nearCrossing).toBe(true);
    // a 40 km/h vehicle needs at least straight-line / 40 km/h
    expect(f.properties.costAtTarget).toBeGreaterThan(f.properties.lengthMetres / (40 / 3.6) - 1e-6);
  });
});
