/**
 * MGRS grid references for figures: the UTM grid lines (WGS84) of every zone a view touches, cut at the zones'
 * 6° meridians, and the 100 km square identifiers ("37S CT") that name where a grid reference lies. Browser-safe
 * (GeographicLib's UTM/UPS and MGRS port, the same package as the coordinate parser in geo/coordinates.ts).
 * Standard 6° zones only: the Norway and Svalbard exceptions (56-84° N) are not applied, and UPS (beyond 80° S and
 * 84° N) is not drawn.
 */
import mgrs from "geographiclib-mgrs";
import { formatMgrs } from "../geo/coordinates.ts";

interface UtmUps {
  forward(lat: number, lon: number, setzone?: number, mgrslimits?: boolean): { x: number; y: number };
  reverse(zone: number, northp: boolean, x: number, y: number, mgrslimits?: boolean): { lat: number; lon: number };
}
/** GeographicLib's UTMUPS (the package exposes it beside forward/toPoint; geo/mgrs.d.ts declares only those). */
const UTM = (mgrs as unknown as { UTMUPS: UtmUps }).UTMUPS;

/**
 * A position [longitude, latitude] in degrees (WGS84).
 */
export type LonLatPair = [number, number];

/**
 * One UTM grid line of an MGRS grid: its zone, easting or northing in metres, label and lon/lat pieces.
 */
export interface MgrsGridLine {
  /** UTM zone number (1-60). */
  zone: number;
  /** A line of constant easting (runs north) or of constant northing (runs east). */
  axis: "easting" | "northing";
  /** The easting or northing in metres (UTM, false easting 500 km). */
  metres: number;
  /** True on a 100 km square's edge. */
  hundredKm: boolean;
  /** The grid's MGRS principal digits for this line: kilometres within the 100 km square, two digits ("30"). */
  label: string;
  /** The line in lon/lat, cut to its zone and the requested box (one run per piece). */
  paths: LonLatPair[][];
}

/**
 * A 100 km MGRS square and where to write its identifier ([lon, lat] degrees).
 */
export interface MgrsGridSquare {
  /** Grid zone designation and 100 km square, e.g. "37S CT". */
  id: string;
  /** A point inside the square's visible part (where its identifier can be written). */
  lonLat: LonLatPair;
}

/**
 * The MGRS grid over a box ({@link mgrsGrid}): line spacing in metres, zones, lines and 100 km squares.
 */
export interface MgrsGrid {
  spacingMetres: number;
  /** Grid zone designations touched, e.g. ["37S", "38S"]. */
  zones: string[];
  lines: MgrsGridLine[];
  squares: MgrsGridSquare[];
}

/** Grid spacings a figure may use, metres. */
export const MGRS_SPACINGS = [1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000] as const;

/**
 * The smallest spacing giving at most `maxLines` lines across the larger side of a box of this size (metres).
 *
 * @example
 * ```ts
 * import { mgrsSpacing } from "@syraq/core";
 * mgrsSpacing(150_000); // 20000: a 150 km view gets a line every 20 km
 * mgrsSpacing(30_000); // 5000
 * ```
 */
export function mgrsSpacing(spanMetres: number, maxLines = 8): number {
  for (const s of MGRS_SPACINGS) if (spanMetres / s <= maxLines) return s;
  return 100_000;
}

interface Cell {
  zone: number;
  northp: boolean;
  w: number;
  s: number;
  e: number;
  n: number;
}

const STEPS = 40;

/** Runs of f(t), t in [0, 1], inside `inside`, with the ends found by bisection (so lines meet the zone edge). */
function clippedRuns(f: (t: number) => LonLatPair, inside: (p: LonLatPair) => boolean, steps = STEPS): LonLatPair[][] {
  const runs: LonLatPair[][] = [];
  let run: LonLatPair[] | undefined;
  const edge = (tIn: number, tOut: number): LonLatPair => {
    for (let k = 0; k < 30; k++) {
      const mid = (tIn + tOut) / 2;
      if (inside(f(mid))) tIn = mid;
      else tOut = mid;
    }
    return f(tIn);
  };
  let prevT = 0;
  let prevIn = false;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const p = f(t);
    const isIn = inside(p);
    if (isIn && !run) {
      run = i > 0 ? [edge(t, prevT)] : [];
      runs.push(run);
    }
    if (isIn) run!.push(p);
    else if (run) {
      if (prevIn) run.push(edge(prevT, t));
      run = undefined;
    }
    prevT = t;
    prevIn = isIn;
  }
  return runs.filter((r) => r.length >= 2);
}

/**
 * The MGRS grid over `bbox` ([west, south, east, north], degrees): lines every `spacingMetres` (default: chosen by
 * mgrsSpacing from the box's size, at most `maxLines` across) in each UTM zone, and the 100 km squares' identifiers.
 *
 * @example
 * ```ts
 * import { mgrsGrid } from "@syraq/core";
 * const grid = mgrsGrid([38, 34, 39.5, 35]); // Palmyra's region, degrees
 * grid.spacingMetres; // 20000
 * grid.zones; // ["37S"]
 * grid.squares.map((s) => s.id); // ["37S DT", "37S DU", "37S ET", …]
 * ```
 */
export function mgrsGrid(
  bbox: [number, number, number, number],
  options: { spacingMetres?: number; maxLines?: number } = {},
): MgrsGrid {
  const [w, s0, e, n0] = bbox;
  const s = Math.max(-80, s0);
  const n = Math.min(84, n0);
  if (!(e > w) || !(n > s))
    return { spacingMetres: options.spacingMetres ?? 100_000, zones: [], lines: [], squares: [] };
  const midLat = (s + n) / 2;
  const spanMetres = Math.max((n - s) * 111_000, (e - w) * 111_000 * Math.cos((midLat * Math.PI) / 180));
  const sp = options.spacingMetres ?? mgrsSpacing(spanMetres, options.maxLines);
  const cells: Cell[] = [];
  const firstZone = Math.floor((w + 180) / 6) + 1;
  const lastZone = Math.floor((Math.min(e, 179.999999) + 180) / 6) + 1;
  for (let z = firstZone; z <= lastZone; z++) {
    const zw = -180 + (z - 1) * 6;
    const cw = Math.max(w, zw);
    const ce = Math.min(e, zw + 6);
    if (!(ce > cw)) continue;
    if (n > 0) cells.push({ zone: z, northp: true, w: cw, s: Math.max(s, 0), e: ce, n });
    if (s < 0) cells.push({ zone: z, northp: false, w: cw, s, e: ce, n: Math.min(n, 0) });
  }
  const lines: MgrsGridLine[] = [];
  const squares: MgrsGridSquare[] = [];
  const zones = new Set<string>();
  for (const c of cells) {
    // latitude exactly 0 breaks geographiclib-mgrs 1.0.4 as published (see formatMgrs): the smallest positive one
    const fwd = (lon: number, lat: number) => UTM.forward(lat === 0 ? Number.MIN_VALUE : lat, lon, c.zone, false);
    const rev = (x: number, y: number): LonLatPair => {
      const r = UTM.reverse(c.zone, c.northp, x, y, false);
      return [r.lon, r.lat];
    };
    const eps = 1e-9;
    const inside = ([lon, lat]: LonLatPair) =>
      lon >= c.w - eps && lon <= c.e + eps && lat >= c.s - eps && lat <= c.n + eps;
    // The cell's extent in this zone's UTM metres (its edges sampled: meridians and parallels are curved in UTM).
    let minE = Infinity;
    let maxE = -Infinity;
    let minN = Infinity;
    let maxN = -Infinity;
    for (let i = 0; i <= 16; i++) {
      const t = i / 16;
      for (const [lon, lat] of [
        [c.w + (c.e - c.w) * t, c.s],
        [c.w + (c.e - c.w) * t, c.n],
        [c.w, c.s + (c.n - c.s) * t],
        [c.e, c.s + (c.n - c.s) * t],
      ] as LonLatPair[]) {
        const p = fwd(lon, lat);
        minE = Math.min(minE, p.x);
        maxE = Math.max(maxE, p.x);
        minN = Math.min(minN, p.y);
        maxN = Math.max(maxN, p.y);
      }
    }
    const two = (m: number) => String(Math.round((((m % 100_000) + 100_000) % 100_000) / 1000)).padStart(2, "0");
    for (let x = Math.ceil(minE / sp) * sp; x <= maxE; x += sp) {
      const paths = clippedRuns((t) => rev(x, minN + (maxN - minN) * t), inside);
      if (paths.length)
        lines.push({ zone: c.zone, axis: "easting", metres: x, hundredKm: x % 100_000 === 0, label: two(x), paths });
    }
    for (let y = Math.ceil(minN / sp) * sp; y <= maxN; y += sp) {
      const paths = clippedRuns((t) => rev(minE + (maxE - minE) * t, y), inside);
      if (paths.length)
        lines.push({ zone: c.zone, axis: "northing", metres: y, hundredKm: y % 100_000 === 0, label: two(y), paths });
    }
    for (let x0 = Math.floor(minE / 1e5) * 1e5; x0 < maxE; x0 += 1e5)
      for (let y0 = Math.floor(minN / 1e5) * 1e5; y0 < maxN; y0 += 1e5) {
        const [ax, bx] = [Math.max(x0, minE), Math.min(x0 + 1e5, maxE)];
        const [ay, by] = [Math.max(y0, minN), Math.min(y0 + 1e5, maxN)];
        // The visible part's centre, else the inside sample nearest to it.
        let at: LonLatPair | undefined;
        let bestD = Infinity;
        for (let i = 0; i <= 8 && bestD > 0; i++)
          for (let j = 0; j <= 8; j++) {
            const u = i === 0 ? 0.5 : i / 9;
            const v = j === 0 ? 0.5 : j / 9;
            const p = rev(ax + (bx - ax) * u, ay + (by - ay) * v);
            if (!inside(p)) continue;
            const d = Math.hypot(u - 0.5, v - 0.5);
            if (d < bestD) {
              bestD = d;
              at = p;
            }
          }
        if (!at) continue;
        // GeographicLib names the square of the point (the zone is the standard one inside the cell).
        const ref = formatMgrs(at[0], at[1], 0);
        const m = /^(\d{1,2}[C-X])([A-Z]{2})$/.exec(ref);
        if (!m) continue;
        zones.add(m[1]!);
        squares.push({ id: `${m[1]} ${m[2]}`, lonLat: at });
      }
  }
  return { spacingMetres: sp, zones: [...zones].sort(), lines, squares };
}
