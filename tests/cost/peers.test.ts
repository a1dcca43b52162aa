/**
 * --rule grass / --rule mcp against the real peers (GRASS r.cost 8.2, skimage
 * MCP_Geometric 0.19) on small synthetic rasters made by the peers' own
 * make_synthetic.py: every cell must agree to <= 1e-12 relative (in practice 0),
 * NaN exactly where the peer has NaN, and the direction map must equal r.cost's.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { readRasterFile, writeRasterFile } from "../../packages/core/src/io/node/raster-file.ts";
import {
  accumulateCost,
  cellOfLonLat,
  costPerCellToArray,
  lonLatOfCell,
} from "../../packages/core/src/analysis/accumulate.ts";
import { directionStep, resumPathCost } from "../../packages/core/src/analysis/path.ts";
import { cli } from "../helpers/cli.ts";
import { describeWithPeer, hasExecutable, hasPythonModule } from "../helpers/peers.ts";

const PEERS = "/work/shared/peers";
const PY = "/usr/bin/python3";
const work = mkdtempSync(join(tmpdir(), "syraq-cost-peers-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 41×37 UTM raster with zero costs (allowed by both peers), negative costs (null / impassable) and Float32 values. */
function makeZeros(path: string): { path: string; lon: number; lat: number } {
  const W = 41;
  const H = 37;
  const data = new Float32Array(W * H);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const u = s / 2147483648;
    data[i] = u < 0.15 ? 0 : u < 0.22 ? -1 : 0.5 + 9.5 * ((u - 0.22) / 0.78);
  }
  const src = 18 * W + 20;
  data[src] = 1;
  const raster = {
    width: W,
    height: H,
    originX: 498000,
    originY: 3874000,
    pixelSizeX: 30,
    pixelSizeY: 30,
    crs: { epsg: 32637, geographic: false },
    data,
    nodata: null,
  };
  writeRasterFile(path, raster);
  const [lon, lat] = lonLatOfCell(raster, src);
  return { path, lon, lat };
}

function makeSynthetic(name: string, args: string[]): { path: string; lon: number; lat: number } {
  const path = join(work, `${name}.tif`);
  if (args[0] === "zeros") return makeZeros(path);
  const out = execFileSync(PY, [join(PEERS, "make_synthetic.py"), path, ...args], { encoding: "utf8" });
  const lon = Number(/centre_lon=([-\d.]+)/.exec(out)![1]);
  const lat = Number(/centre_lat=([-\d.]+)/.exec(out)![1]);
  return { path, lon, lat };
}

/** max relative difference over cells finite in both; throws on a NaN mismatch. */
function compare(
  ours: Float64Array,
  theirs: ArrayLike<number>,
): { maxRel: number; nanMismatch: number; compared: number } {
  let maxRel = 0;
  let nanMismatch = 0;
  let compared = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) nanMismatch++;
      continue;
    }
    compared++;
    const rel = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    if (rel > maxRel) maxRel = rel;
  }
  return { maxRel, nanMismatch, compared };
}

const CASES: Array<{ name: string; args: string[]; dest?: [number, number]; ties?: boolean }> = [
  { name: "utm_aniso", args: ["--rows", "37", "--cols", "53", "--white-noise", "--ns-res", "30", "--ew-res", "20"] },
  {
    name: "ll_aniso",
    args: ["--rows", "37", "--cols", "53", "--white-noise", "--crs", "4326", "--ns-res", "0.001", "--ew-res", "0.0015"],
  },
  { name: "ll_square", args: ["--rows", "41", "--cols", "41", "--white-noise", "--crs", "4326"] },
  { name: "utm_nodata", args: ["--rows", "45", "--cols", "45", "--white-noise", "--nodata-frac", "0.1"] },
  { name: "river_200", args: ["--size", "200"], dest: [100, 195] },
  // zero costs make exact ties: there r.cost's heap order and our documented tie rule may pick different,
  // equally cheap, directions; every differing cell must be such a tie
  { name: "zeros_negative", args: ["zeros"], ties: true },
];

describeWithPeer(
  "rule grass == GRASS r.cost 8.2 (8 and 16 neighbours)",
  { name: "GRASS (grass)", available: hasExecutable("grass"), install: "apt-get install grass-core" },
  () => {
    for (const c of CASES) {
      it(`${c.name}: every cell, both neighbourhoods, and the direction maps`, async () => {
        const syn = makeSynthetic(`g_${c.name}`, c.args);
        const out = join(work, `g_${c.name}.grass.tif`);
        const raster = await readRasterFile(syn.path);
        // without a real destination, destination = source: r.path is trivial, but the script writes the direction maps
        const [dlon, dlat] = c.dest ? lonLatOfCell(raster, c.dest[0] * raster.width + c.dest[1]) : [syn.lon, syn.lat];
        const grassPath = join(work, `g_${c.name}.path.geojson`);
        execFileSync(
          join(PEERS, "grass_cost.sh"),
          [syn.path, String(syn.lon), String(syn.lat), out, String(dlon), String(dlat), grassPath],
          {
            env: { ...process.env, OVERHEAD: "0" },
            stdio: "pipe",
          },
        );
        const cellCost = costPerCellToArray(raster, { rule: "grass" });
        const src = cellOfLonLat(raster, syn.lon, syn.lat);
        for (const [neighbours, suffix] of [
          [8, ""],
          [16, ".k16"],
        ] as const) {
          const ours = accumulateCost({
            grid: raster,
            cellCost,
            sources: [{ cells: [src] }],
            rule: "grass",
            neighbours,
            direction: true,
          });
          const theirs = await readRasterFile(out.replace(/\.tif$/, `${suffix}.tif`));
          const cmp = compare(ours.accumulated.data, theirs.data);
          expect(cmp.nanMismatch, `${c.name} ${neighbours}: NaN mismatches`).toBe(0);
          expect(cmp.compared).toBeGreaterThan(raster.width * raster.height * 0.85);
          expect(cmp.maxRel, `${c.name} ${neighbours}: max relative difference`).toBeLessThanOrEqual(1e-12);
          const dir = await readRasterFile(out.replace(/\.tif$/, `${suffix}.dir.tif`));
          let dirMismatch = 0;
          let notTies = 0;
          const acc = ours.accumulated.data;
          /** Does following direction code `code` from cell v give a predecessor u with cum(u) + step == cum(v)? */
          const optimal = (v: number, code: number) => {
            const s = directionStep(code);
            if (!s) return false;
            const u = v + s.dr * raster.width + s.dc;
            return resumPathCost(raster, cellCost, ours.moves, [u, v], acc[u]!) === acc[v];
          };
          for (let i = 0; i < dir.data.length; i++) {
            const a = ours.direction!.data[i]!;
            const b = dir.data[i]!;
            if (!(Number.isNaN(a) && Number.isNaN(b)) && a !== b) {
              dirMismatch++;
              if (!(optimal(i, a) && optimal(i, b))) notTies++;
            }
          }
          expect(notTies, `${c.name} ${neighbours}: direction cells differing from r.cost outdir other than ties`).toBe(
            0,
          );
          if (!c.ties)
            expect(dirMismatch, `${c.name} ${neighbours}: direction cells differing from r.cost outdir`).toBe(0);
          if (c.dest) {
            // syraq path over our rasters follows the same cells as r.path over GRASS's
            const acc = join(work, `g_${c.name}.${neighbours}.acc.tif`);
            const dirFile = join(work, `g_${c.name}.${neighbours}.dir.tif`);
            const ours = join(work, `g_${c.name}.${neighbours}.path.geojson`);
            const a = await cli(
              "accumulate",
              "--from",
              `${syn.lat}N ${syn.lon}E`,
              "--cost",
              syn.path,
              "--rule",
              "grass",
              "--neighbours",
              String(neighbours),
              "--out",
              acc,
              "--direction",
              dirFile,
            );
            expect(a.status, a.stderr).toBe(0);
            const p = await cli(
              "path",
              "--acc",
              acc,
              "--direction",
              dirFile,
              "--to",
              `${dlat}N ${dlon}E`,
              "--out",
              ours,
            );
            expect(p.status, p.stderr).toBe(0);
            const cmp = execFileSync(
              PY,
              [join(PEERS, "compare_paths.py"), syn.path, ours, grassPath.replace(/\.geojson$/, `${suffix}.geojson`)],
              { encoding: "utf8" },
            );
            const num = (key: string) => Number(new RegExp(`${key}=([\\d.]+)`).exec(cmp)![1]);
            expect(num("hausdorff_cells"), cmp).toBe(0);
            expect(num("a_on_b"), cmp).toBe(1);
            expect(num("b_on_a"), cmp).toBe(1);
            expect(num("cells_a"), cmp).toBe(num("cells_b"));
          }
        }
      });
    }
  },
);

describeWithPeer(
  "rule mcp == skimage MCP_Geometric (8 neighbours)",
  {
    name: "scikit-image (/usr/bin/python3)",
    available: hasPythonModule("skimage.graph") && hasPythonModule("osgeo.gdal"),
    install: "apt-get install python3-skimage python3-gdal",
  },
  () => {
    for (const c of CASES) {
      it(`${c.name}: every cell`, async () => {
        const syn = makeSynthetic(`s_${c.name}`, c.args);
        const out = join(work, `s_${c.name}.sk.tif`);
        execFileSync(PY, [join(PEERS, "skimage_cost.py"), syn.path, String(syn.lon), String(syn.lat), out], {
          stdio: "pipe",
        });
        const raster = await readRasterFile(syn.path);
        const cellCost = costPerCellToArray(raster, { rule: "mcp" });
        const src = cellOfLonLat(raster, syn.lon, syn.lat);
        const ours = accumulateCost({ grid: raster, cellCost, sources: [{ cells: [src] }], rule: "mcp" });
        const theirs = await readRasterFile(out);
        const cmp = compare(ours.accumulated.data, theirs.data);
        expect(cmp.nanMismatch).toBe(0);
        expect(cmp.compared).toBeGreaterThan(raster.width * raster.height * 0.85);
        expect(cmp.maxRel).toBeLessThanOrEqual(1e-12);
      });
    }
  },
);
