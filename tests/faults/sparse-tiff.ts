/**
 * A sparse GeoTIFF built by hand: a header that declares a huge grid (e.g. 50 000 × 50 000 Float32 cells on
 * EPSG:4326) with every tile absent (offset and byte count 0, as GDAL writes with SPARSE_OK=TRUE). The file is a few
 * tens of kB; a reader that trusts the header and allocates the grid needs gigabytes. Layout per TIFF 6.0 (tiled
 * images, section 15) and GeoTIFF 1.0 (ModelPixelScale, ModelTiepoint, GeoKeyDirectory).
 */
export function sparseGeoTiff(
  width: number,
  height: number,
  options: { tile?: number; west?: number; north?: number; pixel?: number } = {},
): Uint8Array {
  const tile = options.tile ?? 512;
  const west = options.west ?? 35.5;
  const north = options.north ?? 37.5;
  const pixel = options.pixel ?? 10 / width;
  const tiles = Math.ceil(width / tile) * Math.ceil(height / tile);
  type Entry = { tag: number; type: number; values: number[] };
  const SHORT = 3;
  const LONG = 4;
  const DOUBLE = 12;
  const geoKeys = [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326];
  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [width] },
    { tag: 257, type: LONG, values: [height] },
    { tag: 258, type: SHORT, values: [32] },
    { tag: 259, type: SHORT, values: [1] },
    { tag: 262, type: SHORT, values: [1] },
    { tag: 277, type: SHORT, values: [1] },
    { tag: 284, type: SHORT, values: [1] },
    { tag: 322, type: SHORT, values: [tile] },
    { tag: 323, type: SHORT, values: [tile] },
    { tag: 324, type: LONG, values: new Array(tiles).fill(0) },
    { tag: 325, type: LONG, values: new Array(tiles).fill(0) },
    { tag: 339, type: SHORT, values: [3] },
    { tag: 33550, type: DOUBLE, values: [pixel, pixel, 0] },
    { tag: 33922, type: DOUBLE, values: [0, 0, 0, west, north, 0] },
    { tag: 34735, type: SHORT, values: geoKeys },
  ];
  const size = (t: number) => (t === SHORT ? 2 : t === LONG ? 4 : 8);
  const ifdBytes = 2 + entries.length * 12 + 4;
  let extra = 8 + ifdBytes;
  const placed = entries.map((e) => {
    const bytes = e.values.length * size(e.type);
    if (bytes <= 4) return { ...e, offset: -1 };
    const offset = extra;
    extra += bytes + (bytes % 2);
    return { ...e, offset };
  });
  const buf = new ArrayBuffer(extra);
  const v = new DataView(buf);
  v.setUint8(0, 0x49);
  v.setUint8(1, 0x49);
  v.setUint16(2, 42, true);
  v.setUint32(4, 8, true);
  v.setUint16(8, entries.length, true);
  const put = (at: number, type: number, value: number) => {
    if (type === SHORT) v.setUint16(at, value, true);
    else if (type === LONG) v.setUint32(at, value, true);
    else v.setFloat64(at, value, true);
  };
  placed.forEach((e, k) => {
    const at = 10 + k * 12;
    v.setUint16(at, e.tag, true);
    v.setUint16(at + 2, e.type, true);
    v.setUint32(at + 4, e.values.length, true);
    const base = e.offset < 0 ? at + 8 : e.offset;
    if (e.offset >= 0) v.setUint32(at + 8, e.offset, true);
    for (let j = 0; j < e.values.length; j++) put(base + j * size(e.type), e.type, e.values[j]!);
  });
  v.setUint32(10 + entries.length * 12, 0, true);
  return new Uint8Array(buf);
}
