/**
 * Google's Encoded Polyline Algorithm Format (the `polyline` / `polyline6` geometries of
 * OSRM's API): latitude first, values rounded to 1e-5 or 1e-6 degrees, zig-zag deltas in
 * 5-bit chunks offset by 63 (developers.google.com/maps/documentation/utilities/polylinealgorithm).
 * Positions here are GeoJSON [lon, lat].
 */
export function encodePolyline(positions: ReadonlyArray<readonly [number, number]>, precision = 5): string {
  const f = 10 ** precision;
  let out = "";
  let lastLat = 0;
  let lastLon = 0;
  const put = (delta: number) => {
    let v = delta < 0 ? ~(delta << 1) : delta << 1;
    while (v >= 0x20) {
      out += String.fromCharCode((0x20 | (v & 0x1f)) + 63);
      v >>>= 5;
    }
    out += String.fromCharCode(v + 63);
  };
  for (const [lon, lat] of positions) {
    const la = Math.round(lat * f);
    const lo = Math.round(lon * f);
    put(la - lastLat);
    put(lo - lastLon);
    lastLat = la;
    lastLon = lo;
  }
  return out;
}

/** Decodes a polyline to [lon, lat] positions; null when the text is not a well-formed polyline. */
export function decodePolyline(text: string, precision = 5): Array<[number, number]> | null {
  const f = 10 ** precision;
  const out: Array<[number, number]> = [];
  let i = 0;
  let lat = 0;
  let lon = 0;
  const next = (): number | null => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= text.length || shift > 30) return null;
      const b = text.charCodeAt(i++) - 63;
      if (b < 0 || b > 63) return null;
      result |= (b & 0x1f) << shift;
      shift += 5;
      if (b < 0x20) break;
    }
    return result & 1 ? ~(result >> 1) : result >> 1;
  };
  while (i < text.length) {
    const dLat = next();
    const dLon = next();
    if (dLat === null || dLon === null) return null;
    lat += dLat;
    lon += dLon;
    out.push([lon / f, lat / f]);
  }
  return out;
}
