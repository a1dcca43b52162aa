/**
 * The bad-input and fault suite of issue 14, through the CLI in-process: nothing lost (outputs checked first, no
 * output over an input), nothing leaked (files outside the allowed folders, contents never quoted), nothing crashes
 * (oversized jobs stop early with exit 2, hostile files and specs are coded errors), and the wrong answers and
 * messages the issue listed. Kills during writes are in kills.test.ts. Small rasters; a sparse TIFF for the huge case.
 */
import { request } from "node:http";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startViewerServer } from "../../packages/cli/src/shared/figure-render.ts";
import { writeGeoTiff } from "../../packages/core/src/io/geotiff.ts";
import { PACK_DEM } from "../../packages/core/src/io/node/dem.ts";
import { resolveDataDir } from "../../packages/core/src/io/node/datadir.ts";
import { WGS84_CRS, type Raster } from "../../packages/core/src/raster/raster.ts";
import { syraqData } from "../../packages/viewer/server/vite-data-plugin.ts";
import { cli, type CliResult } from "../helpers/cli.ts";
import { sparseGeoTiff } from "./sparse-tiff.ts";

const work = mkdtempSync(join(tmpdir(), "syraq-faults-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const f = (name: string) => join(work, name);
const DATA = resolveDataDir();
const SECRET = "TOPSECRET-4711-do-not-print";

/** A coded error with this exit status, no stack trace, no internal-error text. */
function expectError(r: CliResult, status: number, code: string): void {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stderr).toContain(`[${code}]`);
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toContain("internal error");
}

/** A small lon/lat raster: 60 × 40 cells of 0.01° from 38.0 E, 35.0 N, value 1 + (row + col) / 100. */
function small(): Raster {
  const width = 60;
  const height = 40;
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) data[r * width + c] = 300 + r + c;
  return {
    width,
    height,
    originX: 38,
    originY: 35,
    pixelSizeX: 0.01,
    pixelSizeY: 0.01,
    crs: WGS84_CRS,
    data,
    nodata: null,
  };
}

beforeAll(() => {
  writeFileSync(f("dem.tif"), writeGeoTiff(small()));
  writeFileSync(f("cost.tif"), writeGeoTiff(small()));
  writeFileSync(f("huge.tif"), sparseGeoTiff(50_000, 50_000));
  // two tiles of 0.000001° cells ten degrees apart east and north: their union would be 10 M × 10 M cells
  mkdirSync(f("tiles"));
  for (const [name, west, north] of [
    ["a.tif", 36, 35],
    ["b.tif", 46, 45],
  ] as const)
    writeFileSync(
      join(f("tiles"), name),
      writeGeoTiff({
        ...small(),
        width: 10,
        height: 10,
        data: new Float32Array(100).fill(5),
        originX: west,
        originY: north,
        pixelSizeX: 1e-6,
        pixelSizeY: 1e-6,
      }),
    );
  writeFileSync(f("secret.geojson"), `${SECRET}\nnot json at all\n`);
  writeFileSync(f("secret-object.json"), `{"type": "${SECRET}", "x": 1,}`);
  writeFileSync(f("null.geojson"), "null");
  writeFileSync(f("eight.tif"), new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0]));
});

describe("nothing lost: outputs checked before any work, never over an input", () => {
  it("a failing later output leaves the earlier ones untouched (accumulate, slope, terrain)", async () => {
    for (const [args, kept] of [
      [
        [
          "accumulate",
          "--from",
          "34.8,38.2",
          "--cost",
          f("cost.tif"),
          "--out",
          f("a.tif"),
          "--direction",
          f("missing/d.tif"),
        ],
        "a.tif",
      ],
      [["slope", "--dem", f("dem.tif"), "--out", f("s.tif"), "--aspect", f("missing/as.tif")], "s.tif"],
      [["terrain", "--dem", f("dem.tif"), "--slope", f("t.tif"), "--polygons", f("missing/p.geojson")], "t.tif"],
    ] as const) {
      writeFileSync(f(kept), "previous results");
      const r = await cli(...args);
      expectError(r, 2, "BAD_OPTION");
      expect(readFileSync(f(kept), "utf8"), args.join(" ")).toBe("previous results");
    }
  });

  it("an output that is an input, or two outputs that are one file, is refused (also through symlinks)", async () => {
    symlinkSync(work, f("same-folder"));
    const collisions = [
      ["slope", "--dem", f("dem.tif"), "--out", f("dem.tif")],
      ["slope", "--dem", f("dem.tif"), "--out", join(f("same-folder"), "dem.tif")],
      ["accumulate", "--from", "34.8,38.2", "--cost", f("cost.tif"), "--out", f("cost.tif")],
      ["accumulate", "--from", "34.8,38.2", "--cost", f("cost.tif"), "--out", f("x.tif"), "--direction", f("x.tif")],
      ["slope", "--dem", f("dem.tif"), "--out", f("y.tif"), "--aspect", join(f("same-folder"), "y.tif")],
      ["terrain", "--dem", f("dem.tif"), "--slope", f("z.tif"), "--aspect", f("z.tif")],
    ];
    const before = readFileSync(f("dem.tif"));
    for (const args of collisions) expectError(await cli(...args), 2, "OUTPUT_COLLISION");
    expect(readFileSync(f("dem.tif")).equals(before)).toBe(true);
    expect(existsSync(f("x.tif")) || existsSync(f("y.tif")) || existsSync(f("z.tif"))).toBe(false);
  });

  it("an option value that looks like an option is refused (no file named --json)", async () => {
    const r = await cli("distance", "Palmyra", "Sukhna", "--out", "--json");
    expectError(r, 2, "BAD_OPTION");
    expect(r.stderr).toContain("--out=--json");
    expect(existsSync("--json")).toBe(false);
  });

  it("completed runs leave no temporary file next to the outputs", async () => {
    const r = await cli("slope", "--dem", f("dem.tif"), "--out", f("ok-slope.tif"), "--aspect", f("ok-aspect.tif"));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(work).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});

describe("nothing leaked: file contents never quoted, figure specs confined", () => {
  it("a secret file given as a zone, front, roads, crossings or source is refused without quoting it", async () => {
    const runs = [
      ["zone", f("secret.geojson")],
      ["zone", f("secret-object.json")],
      ["depth", "Palmyra", "--front", f("secret.geojson")],
      ["route", "Palmyra", "Sukhna", "--roads", f("secret.geojson")],
      ["route", "Palmyra", "Sukhna", "--crossings", f("secret-object.json")],
      ["accumulate", "--from", f("secret.geojson"), "--cost", f("cost.tif"), "--out", f("leak.tif")],
      ["zone", "/proc/self/environ"],
    ];
    for (const args of runs) {
      const r = await cli(...args, "--json");
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBeGreaterThanOrEqual(2);
      expect(r.stderr + r.stdout, args.join(" ")).not.toContain(SECRET);
      expect(r.stderr + r.stdout, args.join(" ")).not.toContain("not json at all");
      // /proc/self/environ holds this process's environment: none of it may appear
      if (process.env.PATH) expect(r.stderr + r.stdout).not.toContain(process.env.PATH);
    }
  });

  it("a figure spec cannot read data outside its folder, data/ and the pack (a path or a symlink out)", async () => {
    const dir = mkdtempSync(join(work, "spec-"));
    symlinkSync("/etc/hostname", join(dir, "link.geojson"));
    for (const file of ["/proc/self/environ", "link.geojson", "../secret.geojson"]) {
      const spec = join(dir, "s.json");
      writeFileSync(
        spec,
        JSON.stringify({ title: "t", view: { longitude: 39, latitude: 35, zoom: 6 }, data: [{ file }] }),
      );
      const r = await cli("figure", spec, "--out", join(dir, "s.png"));
      expectError(r, 2, "BAD_ARGUMENT");
      expect(r.stderr).toContain("--allow-path");
      expect(r.stderr).not.toContain(SECRET);
      expect(existsSync(join(dir, "s.png"))).toBe(false);
    }
  });

  it("the figure server answers a malformed %-escape with 400 and stays up", async () => {
    const dist = mkdtempSync(join(work, "dist-"));
    writeFileSync(join(dist, "index.html"), "<html></html>");
    const server = await startViewerServer(dist, DATA);
    const get = (path: string) =>
      new Promise<number>((ok, fail) => {
        request(`${server.url}${path}`, (res) => {
          res.resume();
          res.on("end", () => ok(res.statusCode ?? 0));
        })
          .on("error", fail)
          .end();
      });
    try {
      expect(await get("/pack/%E0%A4%A")).toBe(400);
      expect(await get("/%")).toBe(400);
      expect(await get("/")).toBe(200);
      expect(await get("/data/../../etc/passwd")).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("the viewer dev server's data middleware answers a malformed %-escape with 400, no stack", () => {
    let handler: ((req: unknown, res: unknown, next: () => void) => void) | undefined;
    const plugin = syraqData() as unknown as { configureServer(s: unknown): void };
    plugin.configureServer({ middlewares: { use: (h: typeof handler) => (handler = h) } });
    const res = {
      statusCode: 200,
      body: "",
      setHeader() {},
      end(t: string) {
        this.body = t;
      },
    };
    let nextCalled = false;
    handler!({ url: "/pack/%E0%A4%A" }, res, () => (nextCalled = true));
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toMatch(/at .+:\d+:\d+/);
    expect(nextCalled).toBe(false);
  });
});

describe("nothing crashes: oversized jobs stop early with exit 2", () => {
  it("a 461 kB-class sparse GeoTIFF declaring 50 000 × 50 000 cells: TOO_LARGE with the estimate and how to narrow", async () => {
    expect(readFileSync(f("huge.tif")).length).toBeLessThan(200_000);
    for (const args of [
      ["accumulate", "--from", "35,38", "--cost", f("huge.tif"), "--out", f("h.tif")],
      ["accumulate", "--from", "35,38", "--model", "tobler", "--dem", f("huge.tif"), "--out", f("h.tif")],
      ["slope", "--dem", f("huge.tif"), "--out", f("h.tif")],
      ["terrain", "--dem", f("huge.tif"), "--out", f("h.tif")],
    ]) {
      const t0 = performance.now();
      const r = await cli(...args);
      expectError(r, 2, "TOO_LARGE");
      expect(r.stderr).toMatch(/needs about [\d.]+ GB/);
      expect(r.stderr).toContain("--bbox");
      // stopped before reading pixels: well under a second of work on any machine that runs the suite
      expect(performance.now() - t0).toBeLessThan(30_000);
      expect(existsSync(f("h.tif"))).toBe(false);
    }
  });

  it("a tile folder whose union extent is absurd: TOO_LARGE, not 'Invalid typed array length'", async () => {
    const r = await cli("slope", "--dem", f("tiles"), "--out", f("h.tif"));
    expectError(r, 2, "TOO_LARGE");
  });

  it("--max-memory lowers the limit: a small job beyond it stops early, within it runs", async () => {
    // 60 × 40 cells × 30 bytes (slope) = 72 kB
    expectError(await cli("slope", "--dem", f("dem.tif"), "--out", f("m.tif"), "--max-memory", "50K"), 2, "TOO_LARGE");
    expect((await cli("slope", "--dem", f("dem.tif"), "--out", f("m.tif"), "--max-memory", "1M")).status).toBe(0);
    expectError(
      await cli("slope", "--dem", f("dem.tif"), "--out", f("m.tif"), "--max-memory", "lots"),
      2,
      "BAD_OPTION",
    );
  });
});

describe("hostile and wrong-typed input: exit 2 or 3 naming the field or file", () => {
  it("null as GeoJSON, a pack file replaced by a folder, an 8-byte TIFF", async () => {
    expectError(await cli("zone", f("null.geojson")), 2, "BAD_GEOJSON");
    expectError(await cli("depth", "Palmyra", "--front", f("null.geojson")), 2, "BAD_GEOJSON");
    const r = await cli("where", "34.5,38.3", "--dem", f("eight.tif"));
    expectError(r, 3, "BAD_RASTER");
    expect(r.stderr).toContain("truncated");
    // a copy of the pack (links) whose land polygon is a folder
    const pack = mkdtempSync(join(work, "pack-"));
    for (const sub of ["raster", "vector"]) {
      mkdirSync(join(pack, sub));
      for (const n of readdirSync(join(DATA, sub))) symlinkSync(join(DATA, sub, n), join(pack, sub, n));
    }
    symlinkSync(join(DATA, "SOURCES.md"), join(pack, "SOURCES.md"));
    rmSync(join(pack, "vector", "ne10m_land.geojson"));
    mkdirSync(join(pack, "vector", "ne10m_land.geojson"));
    const route = await cli("route", "Palmyra", "Sukhna", "--data-dir", pack);
    expect(route.status, route.stderr).toBeGreaterThanOrEqual(2);
    expect(route.stderr).toContain("ne10m_land.geojson");
    expect(route.stderr).not.toContain("internal error");
  });

  it("impossible dates are refused everywhere: --date and figure specs", async () => {
    for (const date of ["2017-02-30", "2017-02-29", "2017-04-31"]) {
      expectError(await cli("route", "Palmyra", "Sukhna", "--date", date), 2, "BAD_OPTION");
      const spec = f(`date-${date}.json`);
      writeFileSync(spec, JSON.stringify({ title: "t", view: { longitude: 39, latitude: 35, zoom: 6 }, date }));
      const r = await cli("figure", spec, "--out", f("date.png"));
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain("date");
    }
  });

  it("roads with speedKmh 'fast' and crossings with invalid geometry name the field", async () => {
    writeFileSync(
      f("fast.geojson"),
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { class: "track", speedKmh: "fast" },
            geometry: {
              type: "LineString",
              coordinates: [
                [38.3, 34.6],
                [38.8, 34.9],
              ],
            },
          },
        ],
      }),
    );
    const roads = await cli("route", "Palmyra", "Sukhna", "--roads", f("fast.geojson"));
    expectError(roads, 2, "BAD_GEOJSON");
    expect(roads.stderr).toContain("speedKmh");
    writeFileSync(
      f("bad-crossing.geojson"),
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { name: "x", river: "euphrates" },
            geometry: { type: "Point", coordinates: ["a", 35] },
          },
        ],
      }),
    );
    const crossing = await cli("route", "Palmyra", "Sukhna", "--crossings", f("bad-crossing.geojson"));
    expectError(crossing, 2, "BAD_GEOJSON");
    expect(crossing.stderr).toContain("coordinates");
  });

  it("figure width × scale is capped", async () => {
    const spec = f("wide.json");
    writeFileSync(
      spec,
      JSON.stringify({
        title: "t",
        view: { longitude: 39, latitude: 35, zoom: 6 },
        width: 8000,
        height: 8000,
        scale: 8,
      }),
    );
    expect((await cli("figure", spec, "--out", f("wide.png"))).status).toBe(2);
    expect((await cli("figure", spec, "--out", f("wide.png"), "--width", "100000")).status).toBe(2);
  });
});

describe("clear messages", () => {
  it("coordinates: NaN and 1e309 say why; 3.4e1,3.8e1 is 34°N 38°E", async () => {
    const nan = await cli("distance", "NaN,NaN", "Palmyra");
    expectError(nan, 2, "BAD_COORDINATE");
    expect(nan.stderr).toContain("not a number");
    const inf = await cli("distance", "1e309,38", "Palmyra");
    expectError(inf, 2, "BAD_COORDINATE");
    expect(inf.stderr).toContain("not a finite number");
    const exp = await cli("distance", "3.4e1,3.8e1", "34,38", "--json");
    expect(exp.status, exp.stderr).toBe(0);
    expect(exp.json().totalLengthMetres ?? exp.json().legs?.[0]?.lengthMetres).toBe(0);
  });

  it("huge raster is 'too large', corrupt DEFLATE has a reason, accumulate sources name the bad feature", async () => {
    expect((await cli("slope", "--dem", f("huge.tif"), "--out", f("h.tif"))).stderr).toContain("too large");
    // the pack DEM (DEFLATE) with bytes in the middle of its first strip overwritten
    const dem = readFileSync(join(DATA, PACK_DEM));
    const broken = Buffer.from(dem);
    for (let i = 4000; i < 4400; i++) broken[i] = 0xff;
    writeFileSync(f("corrupt.tif"), broken);
    const r = await cli("slope", "--dem", f("corrupt.tif"), "--out", f("c.tif"));
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).not.toContain("(undefined)");
    writeFileSync(
      f("untyped.geojson"),
      JSON.stringify({
        type: "FeatureCollection",
        features: [{ type: "Feature", properties: {}, geometry: { coordinates: [38.2, 34.8] } }],
      }),
    );
    const s = await cli("accumulate", "--from", f("untyped.geojson"), "--cost", f("cost.tif"), "--out", f("u.tif"));
    expectError(s, 2, "BAD_GEOJSON");
    expect(s.stderr).toContain("feature 1 has a geometry without a type");
    expect(s.stderr).not.toContain("undefined");
  });

  it("corridor --tolerance 10 explains the range; depth notes go to stderr and --quiet silences them", async () => {
    const c = await cli("corridor", "Palmyra", "Sukhna", "--tolerance", "10");
    expectError(c, 2, "BAD_OPTION");
    expect(c.stderr).toContain("up to but not including 10");
    const d = await cli("depth", "Qaryatayn", "--front", "saa-2017-09-29", "--quiet");
    expect(d.status).toBe(0);
    expect(d.stdout).not.toContain("note:");
    expect(d.stderr).toBe("");
  });
});
