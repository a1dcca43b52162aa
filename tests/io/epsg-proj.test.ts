/**
 * Any EPSG CRS through the EPSG database (epsg-index) and proj4, checked against PROJ's cs2cs:
 * EPSG:3857, every WGS84 UTM zone, and the national grids of Syria and Iraq that have an EPSG
 * code. cs2cs gets the same proj4 definition (so datum shifts are the same +towgs84 Helmert) and,
 * for the WGS84-based CRSs, the EPSG code itself (PROJ's own database).
 */
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { ensureEpsg, epsgDefinition, parseEpsgOption } from "../../packages/core/src/raster/node/epsg.ts";
import { crsFromEpsg, crsLabel, fromRasterCrs, toRasterCrs } from "../../packages/core/src/raster/crs.ts";
import { describeWithPeer, hasExecutable, hasPythonModule } from "../helpers/peers.ts";

/** Points across the region (lon, lat): Aleppo, Deir ez-Zor, Palmyra, Mosul, Ramadi, Baghdad, Rutba. */
const REGION: Array<[number, number]> = [
  [37.16, 36.2],
  [40.14, 35.33],
  [38.27, 34.56],
  [43.13, 36.34],
  [43.3, 33.42],
  [44.36, 33.31],
  [40.29, 33.04],
];

/** cs2cs from WGS84 lon/lat to `target` (a proj4 string or "EPSG:n"), one line per point. */
function cs2cs(target: string, pts: Array<[number, number]>): Array<[number, number]> {
  const args = target.startsWith("EPSG:")
    ? ["-f", "%.6f", "EPSG:4326", target] // EPSG:4326 is lat, lon in PROJ's database order
    : ["-f", "%.6f", "+proj=longlat", "+datum=WGS84", "+no_defs", "+to", ...target.split(/\s+/)];
  const input = pts.map(([lon, lat]) => (target.startsWith("EPSG:") ? `${lat} ${lon}` : `${lon} ${lat}`)).join("\n");
  const out = execFileSync("cs2cs", args, { input: `${input}\n` })
    .toString()
    .trim()
    .split("\n");
  return out.map((l) => {
    const [x, y] = l.trim().split(/\s+/).map(Number);
    return [x!, y!];
  });
}

const NATIONAL = [3200, 3391, 3392, 3393, 3394, 3893, 6646, 7005, 7006, 7007, 20437, 20438, 22770, 22780, 23037, 23038];

describeWithPeer(
  "EPSG CRSs through epsg-index + proj4 against PROJ cs2cs",
  {
    name: "cs2cs and pyproj",
    available: hasExecutable("cs2cs") && hasPythonModule("pyproj"),
    install: "apt-get install proj-bin python3-pyproj",
  },
  () => {
    it("EPSG:3857 agrees with PROJ's EPSG:3857 to 1 mm", () => {
      const crs = crsFromEpsg(ensureEpsg(3857).epsg);
      expect(crsLabel(crs)).toBe("EPSG:3857 (WGS 84 / Pseudo-Mercator)");
      const ref = cs2cs("EPSG:3857", REGION);
      REGION.forEach(([lon, lat], i) => {
        const [x, y] = toRasterCrs(crs, lon, lat);
        expect(Math.abs(x - ref[i]![0])).toBeLessThan(1e-3);
        expect(Math.abs(y - ref[i]![1])).toBeLessThan(1e-3);
        const [lon2, lat2] = fromRasterCrs(crs, x, y);
        expect(Math.abs(lon2 - lon)).toBeLessThan(1e-9);
        expect(Math.abs(lat2 - lat)).toBeLessThan(1e-9);
      });
    });

    it("every WGS84 UTM zone (north and south) agrees with PROJ's own EPSG codes (pyproj) to 1 mm", () => {
      const cases: Array<{ code: number; lon: number; lat: number }> = [];
      for (const south of [false, true])
        for (let zone = 1; zone <= 60; zone++)
          cases.push({ code: (south ? 32700 : 32600) + zone, lon: -183 + 6 * zone + 2.3, lat: south ? -33.7 : 35.2 });
      const py =
        "import sys, json\nfrom pyproj import Transformer\nout = []\nfor c in json.loads(sys.argv[1]):\n" +
        "    t = Transformer.from_crs(4326, c['code'], always_xy=True)\n    out.append(t.transform(c['lon'], c['lat']))\n" +
        "print(json.dumps(out))";
      const ref = JSON.parse(
        execFileSync("/usr/bin/python3", ["-c", py, JSON.stringify(cases)]).toString(),
      ) as number[][];
      cases.forEach(({ code, lon, lat }, i) => {
        const def = ensureEpsg(code);
        expect(def.name).toBe(`WGS 84 / UTM zone ${code % 100}${code > 32700 ? "S" : "N"}`);
        const [x, y] = toRasterCrs(crsFromEpsg(code), lon, lat);
        expect(Math.abs(x - ref[i]![0]!), `EPSG:${code} x`).toBeLessThan(1e-3);
        expect(Math.abs(y - ref[i]![1]!), `EPSG:${code} y`).toBeLessThan(1e-3);
      });
    });

    it("national grids of Syria and Iraq agree with PROJ on the same definition to 1 cm", () => {
      for (const code of NATIONAL) {
        const def = ensureEpsg(code);
        const crs = crsFromEpsg(code);
        const ref = cs2cs(def.proj4, REGION);
        REGION.forEach(([lon, lat], i) => {
          const [x, y] = toRasterCrs(crs, lon, lat);
          expect(Math.abs(x - ref[i]![0]), `EPSG:${code} (${def.name}) x at ${lon},${lat}`).toBeLessThan(0.01);
          expect(Math.abs(y - ref[i]![1]), `EPSG:${code} (${def.name}) y at ${lon},${lat}`).toBeLessThan(0.01);
        });
      }
    });
  },
);

it("unknown or unusable codes stop with UNSUPPORTED_CRS naming the code", () => {
  expect(() => ensureEpsg(999999)).toThrow(/EPSG:999999 is not in the EPSG database/);
  // Deir ez Zor / Levant Zone: Lambert Conic Near-Conformal, no proj4 definition
  expect(() => ensureEpsg(22700)).toThrow(/EPSG:22700 \(Deir ez Zor \/ Levant Zone/);
  try {
    epsgDefinition(999999);
  } catch (e) {
    expect((e as { code: string }).code).toBe("UNSUPPORTED_CRS");
  }
  expect(parseEpsgOption("EPSG:32637")).toBe(32637);
  expect(parseEpsgOption("3857")).toBe(3857);
  expect(() => parseEpsgOption("UTM37")).toThrow(/expects an EPSG code/);
});

describeWithPeer(
  "GeoTIFFs in other projected CRSs read in their own CRS",
  {
    name: "GDAL python + gdallocationinfo",
    available: hasExecutable("gdallocationinfo") && hasPythonModule("osgeo.gdal"),
    install: "apt-get install gdal-bin python3-gdal",
  },
  () => {
    it("EPSG:22770 (Syria Lambert) and EPSG:3857 rasters: CRS named, values at lon/lat points as gdallocationinfo -wgs84", async () => {
      const { mkdtempSync } = await import("node:fs");
      const { tmpdir } = await import("node:os");
      const { join } = await import("node:path");
      const { readRasterFile } = await import("../../packages/core/src/io/node/raster-file.ts");
      const dir = mkdtempSync(join(tmpdir(), "syraq-epsg-"));
      const make = (path: string, epsg: number, x0: number, y0: number, px: number) =>
        execFileSync("/usr/bin/python3", [
          "-c",
          "import sys, numpy as np\nfrom osgeo import gdal, osr\n" +
            "p, e, x0, y0, px = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])\n" +
            "d = gdal.GetDriverByName('GTiff').Create(p, 120, 90, 1, gdal.GDT_Int32)\n" +
            "d.SetGeoTransform([x0, px, 0, y0, 0, -px]); s = osr.SpatialReference(); s.ImportFromEPSG(e); d.SetProjection(s.ExportToWkt())\n" +
            "d.GetRasterBand(1).WriteArray(np.arange(120 * 90, dtype='int32').reshape(90, 120)); d = None",
          path,
          String(epsg),
          String(x0),
          String(y0),
          String(px),
        ]);
      // Syria Lambert: false origin 300 km / 300 km at 34.65°N 37.35°E; 2 km cells around Palmyra–Deir ez-Zor
      const cases = [
        {
          file: join(dir, "lambert.tif"),
          epsg: 22770,
          x0: 330000,
          y0: 420000,
          px: 2000,
          name: "Deir ez Zor / Syria Lambert",
        },
        {
          file: join(dir, "merc.tif"),
          epsg: 3857,
          x0: 4260000,
          y0: 4220000,
          px: 2000,
          name: "WGS 84 / Pseudo-Mercator",
        },
      ];
      for (const c of cases) {
        make(c.file, c.epsg, c.x0, c.y0, c.px);
        const r = await readRasterFile(c.file);
        expect(crsLabel(r.crs)).toBe(`EPSG:${c.epsg} (${c.name})`);
        // points at cell centres (through our transform), away from cell edges by construction
        for (const [col, row] of [
          [10, 10],
          [60, 45],
          [110, 80],
        ] as const) {
          const [lon, lat] = fromRasterCrs(
            r.crs,
            r.originX + (col + 0.5) * r.pixelSizeX,
            r.originY - (row + 0.5) * r.pixelSizeY,
          );
          const gdal = Number(
            execFileSync("gdallocationinfo", ["-valonly", "-wgs84", c.file, String(lon), String(lat)])
              .toString()
              .trim(),
          );
          expect(r.data[row * r.width + col]).toBe(gdal);
          expect(gdal).toBe(row * 120 + col);
        }
      }
      // a code the database does not know stops with UNSUPPORTED_CRS naming it
      const bad = join(dir, "bad.tif");
      make(bad, 22700, 0, 0, 1000); // Levant Zone: no proj4 definition
      await expect(readRasterFile(bad)).rejects.toMatchObject({ code: "UNSUPPORTED_CRS" });
      await expect(readRasterFile(bad)).rejects.toThrow(/EPSG:22700/);
    });
  },
);

it("cell sizes on a Web Mercator grid are ground lengths (N·cos φ·Δλ and M·Δφ by hand), not the pixel size", async () => {
  const { rowCellSizes } = await import("../../packages/core/src/raster/cellsize.ts");
  ensureEpsg(3857);
  const grid = {
    width: 10,
    height: 300,
    originX: 4300000,
    originY: 4400000, // ≈ 36.7° N
    pixelSizeX: 1000,
    pixelSizeY: 1000,
    crs: crsFromEpsg(3857),
  };
  const { ewMetres, nsMetres } = rowCellSizes(grid);
  const a = 6378137;
  const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
  for (const r of [0, 150, 299]) {
    // EPSG:3857: y = a·ln tan(π/4 + φ/2) with geodetic φ, x = a·λ: Δλ = 1000/a, Δφ = cos φ · 1000/a
    const y = grid.originY - (r + 0.5) * 1000;
    const phi = 2 * Math.atan(Math.exp(y / a)) - Math.PI / 2;
    const s = Math.sin(phi);
    const N = a / Math.sqrt(1 - e2 * s * s);
    const M = (a * (1 - e2)) / (1 - e2 * s * s) ** 1.5;
    expect(Math.abs(ewMetres[r]! / (N * Math.cos(phi) * (1000 / a)) - 1)).toBeLessThan(1e-6);
    expect(Math.abs(nsMetres[r]! / (M * Math.cos(phi) * (1000 / a)) - 1)).toBeLessThan(1e-5);
    expect(ewMetres[r]).toBeLessThan(830); // not the 1000 m pixel
  }
  // UTM keeps the pixel size (scale factor ignored, as GRASS and gdaldem)
  const utm = rowCellSizes({ ...grid, crs: crsFromEpsg(32637), originX: 500000 });
  expect(utm.ewMetres[0]).toBe(1000);
});
