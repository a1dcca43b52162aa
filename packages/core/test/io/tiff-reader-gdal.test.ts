// Our own TIFF/BigTIFF directory reader (io/tiff.ts) against geotiff.js and GDAL. readRasterFile opens files with
// it, and reads the pixels of single-band images, uncompressed (straight from the file) or DEFLATE (zlib), without
// loading geotiff.js; everything else falls back to geotiff.js. For every GeoTIFF at hand (the test fixtures, the
// data pack's rasters, and files GDAL writes here in many layouts: strips, tiles with partial edge tiles, BigTIFF,
// big-endian, pixel/band interleaved, DEFLATE with and without predictors, LZW, sparse, every sample type,
// south-up, rotated, nodata set or not, EPSG:4326 and UTM), the header and pixels read through readRasterFile
// equal, bit for bit, those of the geotiff.js path (readGeoTiffImage on a geotiff.js GeoTIFF, the public API), and
// the pixels equal rasterio's (GDAL, an independent decoder). Files either path rejects give the same coded error.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromFile, GeoTIFFImage } from "geotiff";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exitStatusFor, SyraqError } from "../../src/errors.ts";
import { geoTiffInfo, openTiff, readGeoTiffImage, type GeoTiffInfo } from "../../src/io/geotiff.ts";
import { resolveDataDir } from "../../src/io/node/datadir.ts";
import { bufferTiffSource, openTiffDirectory } from "../../src/io/tiff.ts";
import { rasterFileInfo, readRasterFile } from "../../src/io/node/raster-file.ts";
import type { Bbox } from "../../src/raster/crs.ts";
import type { Raster } from "../../src/raster/raster.ts";
import { describeWithPeer, hasExecutable, hasPythonModule } from "../../../../tests/helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "syraq-tiffreader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PY = "/usr/bin/python3";
const FIXTURES = join(import.meta.dirname, "fixtures");

/** *.tif files under a folder, recursively. */
function tifsUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((n) => {
    const p = join(root, n);
    return statSync(p).isDirectory() ? tifsUnder(p) : /\.tiff?$/i.test(n) ? [p] : [];
  });
}

function packRasters(): string[] {
  try {
    return tifsUnder(join(resolveDataDir(), "raster"));
  } catch {
    return [];
  }
}

/** A file GDAL writes here: the gdal_translate / gdalwarp options, the band to read, and the path it reads by. */
interface Made {
  name: string;
  /** uncompressed single-band: read directly, without geotiff.js's readRasters */
  direct: boolean;
  band?: number;
}

const DTYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"];
const FLOATS = ["float32", "float64"];
const LAYOUTS: Array<{ tag: string; co: string[]; direct: boolean | ((dtype: string) => boolean); only?: string[] }> = [
  { tag: "strips5", co: ["-co", "BLOCKYSIZE=5"], direct: true },
  { tag: "tiled16x32", co: ["-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=32"], direct: true },
  { tag: "bigendian", co: ["-co", "ENDIANNESS=BIG", "-co", "BLOCKYSIZE=7"], direct: true },
  {
    tag: "bigtiff-tiled-bigendian",
    co: [
      "-co",
      "BIGTIFF=YES",
      "-co",
      "TILED=YES",
      "-co",
      "BLOCKXSIZE=16",
      "-co",
      "BLOCKYSIZE=16",
      "-co",
      "ENDIANNESS=BIG",
    ],
    direct: true,
  },
  { tag: "bigtiff-strips", co: ["-co", "BIGTIFF=YES"], direct: true },
  { tag: "deflate", co: ["-co", "COMPRESS=DEFLATE", "-co", "BLOCKYSIZE=6"], direct: true },
  // horizontal predictor: geotiff.js (and so our reader, which then leaves the file to it) has none for 64 bits
  {
    tag: "deflate-pred2-tiled",
    co: ["-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2", "-co", "TILED=YES", "-co", "BLOCKXSIZE=32"],
    direct: (dtype) => dtype !== "float64",
  },
  { tag: "deflate-pred3", co: ["-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"], direct: true, only: FLOATS },
  { tag: "deflate-bigendian", co: ["-co", "COMPRESS=DEFLATE", "-co", "ENDIANNESS=BIG"], direct: false },
  { tag: "lzw", co: ["-co", "COMPRESS=LZW", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16"], direct: false },
];

/**
 * Writes the files with GDAL: a base per sample type (rasterio, 45 × 53 cells of 0.01° from (38.0, 35.0), cell
 * values differing from their neighbours and using the type's range), then gdal_translate / gdalwarp variants.
 */
function makeFiles(): Made[] {
  const script = `
import sys, json, subprocess, numpy as np, rasterio
from rasterio.transform import from_origin, Affine
out, dtypes = sys.argv[1], json.loads(sys.argv[2])
w, h = 45, 53
r, c = np.mgrid[0:h, 0:w]
def values(dtype):
    v = (r * 37 + c * 11) % 251
    if dtype in ("int8", "int16", "int32"): v = v - 120
    if dtype == "uint32": v = v * 16000000
    if dtype == "int32": v = v * 8000000
    if dtype == "uint16": v = v * 250
    if dtype.startswith("float"): v = v / 8.0 - 10.25
    return v.astype(dtype)
def write(path, arr, crs="EPSG:4326", transform=from_origin(38.0, 35.0, 0.01, 0.01), nodata=None, **co):
    with rasterio.open(path, "w", driver="GTiff", width=arr.shape[-1], height=arr.shape[-2], count=1,
                       dtype=arr.dtype, crs=crs, transform=transform, nodata=nodata, **co) as d:
        d.write(arr, 1)
for dt in dtypes:
    nd = {"uint8": 250, "int8": -100, "float32": -9999.0, "float64": None}.get(dt, 7)
    write(f"{out}/base-{dt}.tif", values(dt), nodata=nd)
# float32 with NaN cells and nodata unset
v = values("float32"); v[3, 4] = np.nan; v[10, 0:5] = np.nan
write(f"{out}/base-nan.tif", v)
# south-up (positive y pixel size) and rotated
write(f"{out}/southup.tif", values("int16"), transform=Affine(0.01, 0, 38.0, 0, 0.01, 34.47), nodata=-32768)
write(f"{out}/rotated.tif", values("float32"), transform=Affine(0.01, 0.001, 38.0, 0.001, -0.01, 35.0))
# sparse tiles: only the top-left 16 × 16 tile is written
with rasterio.open(f"{out}/sparse.tif", "w", driver="GTiff", width=w, height=h, count=1, dtype="int16",
                   crs="EPSG:4326", transform=from_origin(38.0, 35.0, 0.01, 0.01), nodata=-5, tiled=True,
                   blockxsize=16, blockysize=16, sparse_ok=True) as d:
    d.write(values("int16")[0:16, 0:16], 1, window=rasterio.windows.Window(0, 0, 16, 16))
`;
  execFileSync(PY, ["-c", script, dir, JSON.stringify(DTYPES)]);
  const made: Made[] = [];
  const translate = (src: string, name: string, args: string[], m: Omit<Made, "name"> = { direct: true }) => {
    execFileSync("gdal_translate", ["-q", ...args, join(dir, src), join(dir, name)]);
    made.push({ name, ...m });
  };
  for (const dt of DTYPES)
    for (const l of LAYOUTS) {
      if (l.only && !l.only.includes(dt)) continue;
      // GDAL 3.6 keeps Int8 as signed bytes only when told
      const signed = dt === "int8" ? ["-co", "PIXELTYPE=SIGNEDBYTE"] : [];
      const direct = typeof l.direct === "boolean" ? l.direct : l.direct(dt);
      translate(`base-${dt}.tif`, `${dt}-${l.tag}.tif`, [...l.co, ...signed], { direct });
    }
  translate("base-nan.tif", "nan-strips.tif", ["-co", "BLOCKYSIZE=9"]);
  translate("base-float32.tif", "nodata-unset.tif", ["-a_nodata", "none"]);
  translate("base-int16.tif", "nodata-set.tif", ["-a_nodata", "-32768", "-co", "TILED=YES"]);
  translate("base-int16.tif", "pixel-interleaved.tif", ["-b", "1", "-b", "1", "-b", "1", "-co", "INTERLEAVE=PIXEL"], {
    direct: false,
    band: 2,
  });
  translate("base-float32.tif", "band-interleaved.tif", ["-b", "1", "-b", "1", "-co", "INTERLEAVE=BAND"], {
    direct: false,
    band: 2,
  });
  translate("base-int16.tif", "point.tif", ["-mo", "AREA_OR_POINT=Point"]);
  translate("southup.tif", "southup-tiled.tif", ["-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16"]);
  made.push({ name: "southup.tif", direct: true }, { name: "rotated.tif", direct: true });
  made.push({ name: "sparse.tif", direct: false });
  for (const [name, co] of [
    ["utm-strips.tif", []],
    ["utm-tiled-bigtiff.tif", ["-co", "TILED=YES", "-co", "BIGTIFF=YES"]],
  ] as const) {
    execFileSync("gdalwarp", [
      "-q",
      "-t_srs",
      "EPSG:32637",
      "-tr",
      "1000",
      "1000",
      "-dstnodata",
      "-9999",
      ...co,
      join(dir, "base-float32.tif"),
      join(dir, name),
    ]);
    made.push({ name, direct: true });
  }
  return made;
}

/** rasterio's pixels of every band of each file, as little-endian bytes (base64), and its dtype and shape. */
function rasterioPixels(paths: string[]): Record<string, { bands: string[]; dtype: string } | { error: string }> {
  const script = `
import sys, json, base64, rasterio
res = {}
for p in json.loads(sys.argv[1]):
    try:
        with rasterio.open(p) as d:
            a = d.read()
        le = a.astype(a.dtype.newbyteorder("<"))
        res[p] = {"dtype": str(a.dtype), "bands": [base64.b64encode(b.tobytes()).decode() for b in le]}
    except Exception as e:
        res[p] = {"error": str(e)}
print(json.dumps(res))
`;
  return JSON.parse(execFileSync(PY, ["-c", script, JSON.stringify(paths)], { maxBuffer: 1 << 28 }).toString());
}

const bytesOf = (r: Raster) => Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);

/** The geotiff.js path: the public readGeoTiffImage / geoTiffInfo on a geotiff.js GeoTIFF. */
async function viaGeotiff<T>(path: string, f: (tiff: Awaited<ReturnType<typeof fromFile>>) => Promise<T>): Promise<T> {
  const tiff = await openTiff(() => fromFile(path), path);
  try {
    return await f(tiff);
  } finally {
    await tiff.close();
  }
}

/** The outcome of a read: its value, or the coded error (code, message, exit status); anything else fails. */
async function outcome<T>(f: () => Promise<T>): Promise<{ ok: T } | { code: string; message: string; exit: number }> {
  try {
    return { ok: await f() };
  } catch (e) {
    if (!(e instanceof SyraqError)) throw new Error(`not a coded error: ${(e as Error).stack}`);
    return { code: e.code, message: e.message, exit: exitStatusFor(e) };
  }
}

/**
 * Same value, or the same error code and exit status. Messages may differ where readRasterFile's header check
 * (the TIFF magic, the first directory inside the file) speaks before geotiff.js would.
 */
function sameOutcome<T>(a: Awaited<ReturnType<typeof outcome<T>>>, b: Awaited<ReturnType<typeof outcome<T>>>): boolean {
  if ("ok" in a || "ok" in b) return "ok" in a && "ok" in b && JSON.stringify(a.ok) === JSON.stringify(b.ok);
  return a.code === b.code && a.exit === b.exit;
}

/** Cell centres of columns 3..width-5 and rows 4..height-6 (north-up): a window cutting strips and tiles. */
function innerBox(info: GeoTiffInfo): Bbox {
  const { originX: ox, originY: oy, pixelSizeX: px, pixelSizeY: py, width: w, height: h } = info;
  return [ox + 3.5 * px, oy - (h - 6.5) * py, ox + (w - 5.5) * px, oy - 4.5 * py];
}

/** Rows of `bytes` (width × height samples of `size` bytes) in reverse order. */
function flipRows(bytes: Buffer, width: number, height: number, size: number): Buffer {
  const row = width * size;
  return Buffer.concat(
    Array.from({ length: height }, (_, r) => bytes.subarray((height - 1 - r) * row, (height - r) * row)),
  );
}

/** Columns c0..c1 and rows r0..r1 (end-exclusive) of a whole image's bytes. */
function windowOf(bytes: Buffer, width: number, size: number, [c0, r0, c1, r1]: number[]): Buffer {
  return Buffer.concat(
    Array.from({ length: r1! - r0! }, (_, k) =>
      bytes.subarray(((r0! + k) * width + c0!) * size, ((r0! + k) * width + c1!) * size),
    ),
  );
}

describeWithPeer(
  "our TIFF reader = geotiff.js = GDAL on every GeoTIFF at hand",
  {
    name: "GDAL (gdal_translate, gdalwarp, rasterio)",
    available: hasExecutable("gdal_translate") && hasExecutable("gdalwarp") && hasPythonModule("rasterio"),
    install: "apt-get install gdal-bin python3-rasterio",
  },
  () => {
    let made: Made[] = [];
    let files: Array<{ path: string; band?: number; direct?: boolean }> = [];
    let gdal: ReturnType<typeof rasterioPixels>;
    beforeAll(() => {
      made = makeFiles();
      files = [
        ...tifsUnder(FIXTURES).map((path) => ({ path, band: /3band/.test(path) ? 2 : undefined })),
        ...packRasters().map((path) => ({ path })),
        ...made.map((m) => ({ path: join(dir, m.name), band: m.band, direct: m.direct })),
      ];
      gdal = rasterioPixels(files.map((f) => f.path));
    });

    it("finds the fixtures, the pack's rasters (when the pack is here) and GDAL's files", () => {
      expect(tifsUnder(FIXTURES).length).toBeGreaterThan(15);
      const layoutFiles = LAYOUTS.reduce((n, l) => n + (l.only ?? DTYPES).length, 0);
      expect(made.length).toBe(layoutFiles + 12);
      expect(files.length).toBe(tifsUnder(FIXTURES).length + packRasters().length + made.length);
    });

    it("header: rasterFileInfo equals geotiff.js's geoTiffInfo (or both give the same coded error)", async () => {
      for (const { path } of files) {
        const own = await outcome(() => rasterFileInfo(path));
        // rasterFileInfo registers a projected CRS first; the geotiff.js side reads after it
        const ref = await outcome(() => viaGeotiff(path, (t) => geoTiffInfo(t, path)));
        expect(sameOutcome(own, ref), `${path}: ${JSON.stringify([own, ref])}`).toBe(true);
      }
    });

    it("pixels: readRasterFile equals the geotiff.js path bit for bit, whole and a window; GDAL agrees", async () => {
      let directRead = 0;
      let compared = 0;
      for (const { path, band, direct } of files) {
        const readRasters = vi.spyOn(GeoTIFFImage.prototype, "readRasters");
        let own: Awaited<ReturnType<typeof outcome<Raster>>>;
        try {
          own = await outcome(() => readRasterFile(path, { band }));
          // uncompressed single-band files are read without geotiff.js's decoder, the others through it
          if (direct !== undefined && "ok" in own) expect(readRasters.mock.calls.length > 0, path).toBe(!direct);
          if ("ok" in own && readRasters.mock.calls.length === 0) directRead++;
        } finally {
          readRasters.mockRestore();
        }
        const fileBytes = statSync(path).size;
        const ref = await outcome(() => viaGeotiff(path, (t) => readGeoTiffImage(t, { name: path, band, fileBytes })));
        if (!("ok" in own) || !("ok" in ref)) {
          expect(sameOutcome(own, ref), `${path}: ${JSON.stringify([own, ref])}`).toBe(true);
          continue;
        }
        const { data: a, ...gridA } = own.ok;
        const { data: b, ...gridB } = ref.ok;
        expect(gridA, path).toEqual(gridB);
        expect(a.constructor.name, path).toBe(b.constructor.name);
        expect(bytesOf(own.ok).equals(bytesOf(ref.ok)), path).toBe(true);
        // GDAL: rasterio reads file rows (south to north for a south-up file); we return them north-up
        const g = gdal[path]!;
        expect("bands" in g, `${path}: ${JSON.stringify(g)}`).toBe(true);
        if (!("bands" in g)) continue;
        const size = a.BYTES_PER_ELEMENT;
        let expected: Buffer = Buffer.from(g.bands[(band ?? 1) - 1]!, "base64");
        const info = await rasterFileInfo(path);
        if (info.southUp) expected = flipRows(expected, own.ok.width, own.ok.height, size);
        expect(bytesOf(own.ok).equals(expected), `${path} vs GDAL (${g.dtype})`).toBe(true);
        // a window cutting strips and tiles (the fixtures' tiny rasters are too small for one)
        if (info.width < 12 || info.height < 14) continue;
        const box = innerBox(info);
        const winOwn = await readRasterFile(path, { band, bboxCrs: box });
        const winRef = await viaGeotiff(path, (t) =>
          readGeoTiffImage(t, { name: path, band, fileBytes, bboxCrs: box }),
        );
        const { data: _a, ...winGridA } = winOwn;
        const { data: _b, ...winGridB } = winRef;
        expect(winGridA, path).toEqual(winGridB);
        expect([winOwn.width, winOwn.height]).toEqual([info.width - 8, info.height - 10]);
        expect(bytesOf(winOwn).equals(bytesOf(winRef)), path).toBe(true);
        const cut = windowOf(expected, info.width, size, [3, 4, info.width - 5, info.height - 6]);
        expect(bytesOf(winOwn).equals(cut), `${path} window vs GDAL`).toBe(true);
        compared++;
      }
      // most files are read; the direct path took the uncompressed single-band ones
      expect(compared).toBeGreaterThan(60);
      expect(directRead).toBeGreaterThan(45);
    });
  },
);

describe("corrupt and truncated files give coded errors, as through geotiff.js", () => {
  const work = mkdtempSync(join(tmpdir(), "syraq-tiffbad-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // a valid uncompressed file: 20 × 10 Float32 cells (800 bytes of pixels after the header)
  const good = join(FIXTURES, "ll_float32_fltmax_nodata.tif");
  const bytes = readFileSync(good);
  const cases: Array<{ what: string; make: () => Uint8Array; code: string; message: RegExp }> = [
    {
      what: "cut inside its pixel data (a strip past the end)",
      make: () => bytes.subarray(0, bytes.length - 100),
      code: "BAD_RASTER",
      message: /is truncated: strip \d+ ends at byte \d+ but the file has \d+ bytes/,
    },
    {
      what: "garbage after the header",
      make: () => {
        const out = Buffer.from(bytes.subarray(0, 512));
        // a fixed pseudo-random fill (LCG) after the 8-byte header keeps the case reproducible
        let s = 12345;
        for (let i = 8; i < out.length; i++) out[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
        return out;
      },
      code: "BAD_RASTER",
      message: /not a readable TIFF|corrupt|truncated|rotated|pixel size|geotransform/,
    },
    {
      what: "an image directory offset past the end",
      make: () => {
        const out = Buffer.from(bytes);
        out.writeUInt32LE(out.length + 1000, 4);
        return out;
      },
      code: "BAD_RASTER",
      message: /points to an image directory at byte \d+, but the file has \d+ bytes/,
    },
    {
      what: "a DEFLATE tile overwritten with 0xff",
      make: () => {
        const deflate = readFileSync(join(FIXTURES, "ll_int16_deflate_tiled.tif"));
        const tiff = openTiffDirectory(bufferTiffSource(deflate));
        const first = (tiff.image.fileDirectory.getValue("TileOffsets") as ArrayLike<number>)[0]!;
        const out = Buffer.from(deflate);
        out.fill(0xff, first + 2, first + 40);
        return out;
      },
      code: "BAD_RASTER",
      message: /pixel data is corrupt or unreadable/,
    },
    {
      what: "cut inside its image directory",
      make: () => {
        const ifd = bytes.readUInt32LE(4);
        return bytes.subarray(0, ifd + 40);
      },
      code: "BAD_RASTER",
      message: /not a readable TIFF|truncated|corrupt/,
    },
  ];
  for (const c of cases) {
    it(`${c.what}: ${c.code}, exit 3, the same error as geotiff.js gives`, async () => {
      const path = join(work, `${c.what.replace(/\W+/g, "_")}.tif`);
      writeFileSync(path, c.make());
      const own = await outcome(() => readRasterFile(path));
      expect(own).toMatchObject({ code: c.code, exit: 3 });
      expect("message" in own && own.message).toMatch(c.message);
      // the header check (checkFile) runs before either reader for an offset past the end; otherwise geotiff.js
      // on the same file gives the same coded error
      if (!/past the end/.test(c.what)) {
        const ref = await outcome(() =>
          viaGeotiff(path, (t) => readGeoTiffImage(t, { name: path, fileBytes: statSync(path).size })),
        );
        expect(own).toEqual(ref);
      }
    });
  }
});
