/**
 * The one place that imports geographiclib-geodesic. The package is a UMD/CommonJS
 * bundle: Node's ESM loader exposes it only as a default export, Vite's
 * pre-bundling as default and named exports. `default ?? namespace` works in
 * both (and in vitest). Other geo modules (e.g. geo/line.ts) may import
 * `WGS84` and `GeodesicMasks` from here for GeodesicLine work.
 */
import * as geodesicNamespace from "geographiclib-geodesic";

type GeodesicModule = typeof geodesicNamespace;
const lib: GeodesicModule = (geodesicNamespace as unknown as { default?: GeodesicModule }).default ?? geodesicNamespace;

/** Karney's geodesic on the WGS84 ellipsoid (a = 6378137 m, f = 1/298.257223563). */
export const WGS84 = lib.Geodesic.WGS84;
/** Output masks (Geodesic.DISTANCE, AZIMUTH, LATITUDE, LONGITUDE, STANDARD, LONG_UNROLL…). */
export const GeodesicMasks = lib.Geodesic;
/** PolygonArea class (Karney's exact ellipsoidal area). */
export const PolygonArea = lib.PolygonArea.PolygonArea;
