/**
 * Polygons from a cell mask: the exact union of the selected cells, traced along
 * cell edges. Exterior rings are counter-clockwise, holes clockwise (RFC 7946),
 * east-west edges keep a vertex at every cell corner (so geodesic areas match the
 * cells' areas), every hole sits in the smallest exterior that surrounds it, and cells that
 * touch only at a corner become separate polygons (at such a saddle the tracer
 * turns left, keeping the interior on its left).
 */
import type { GridSpec } from "../io/raster.ts";
import type { LonLat } from "../geo/types.ts";

export interface CellPolygons {
  type: "MultiPolygon";
  coordinates: LonLat[][][];
}

// directions: 0 east, 1 north, 2 west, 3 south (vertex grid: x = col, y = row, rows grow southwards)
const DX = [1, 0, -1, 0];
const DY = [0, -1, 0, 1];

function ringArea(ring: LonLat[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return a / 2; // > 0 for counter-clockwise in lon/lat (y up)
}

function pointInRing(p: LonLat, ring: LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Traces the union of cells with `selected(index)` true into a MultiPolygon (empty coordinates when none). */
export function cellsToPolygons(grid: GridSpec, selected: (index: number) => boolean): CellPolygons {
  const { width, height } = grid;
  const W1 = width + 1;
  const inMask = (c: number, r: number) => c >= 0 && r >= 0 && c < width && r < height && selected(r * width + c);
  // Outgoing boundary edges per vertex: bit d set when an edge leaves vertex v in direction d.
  const out = new Uint8Array(W1 * (height + 1));
  let edgeCount = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (!selected(r * width + c)) continue;
      // interior on the left of each edge (y up): top edge runs west, bottom east, left south, right north
      if (!inMask(c, r - 1)) (out[r * W1 + c + 1]! |= 1 << 2), edgeCount++;
      if (!inMask(c, r + 1)) (out[(r + 1) * W1 + c]! |= 1 << 0), edgeCount++;
      if (!inMask(c - 1, r)) (out[r * W1 + c]! |= 1 << 3), edgeCount++;
      if (!inMask(c + 1, r)) (out[(r + 1) * W1 + c + 1]! |= 1 << 1), edgeCount++;
    }
  }
  const toLonLat = (x: number, y: number): LonLat => [
    grid.originX + x * grid.pixelSizeX,
    grid.originY - y * grid.pixelSizeY,
  ];
  const rings: Array<{ ring: LonLat[]; area: number; probe: LonLat }> = [];
  for (let v = 0; v < out.length && edgeCount > 0; v++) {
    while (out[v]) {
      // start with the lowest set direction at this vertex
      let d = 0;
      while (!(out[v]! & (1 << d))) d++;
      const sx = v % W1;
      const sy = (v - sx) / W1;
      let x = sx;
      let y = sy;
      const verts: Array<[number, number]> = [];
      const firstDir = d;
      let prevDir = -1;
      // probe: centre of the cell left of the first edge (inside the traced region)
      const probeCell: [number, number] = [x + 0.5 * (DX[d]! + DY[d]!), y + 0.5 * (DY[d]! - DX[d]!)];
      for (;;) {
        const vi = y * W1 + x;
        if (prevDir !== -1) {
          // prefer a left turn, then straight, then right; at the start vertex the
          // first edge (already used) counts as available and closes the ring
          const options = [(prevDir + 1) % 4, prevDir, (prevDir + 3) % 4];
          const atStart = x === sx && y === sy;
          d = options.find((o) => (out[vi]! & (1 << o)) !== 0 || (atStart && o === firstDir)) ?? -1;
          if (d === -1 || (atStart && d === firstDir)) {
            if (
              atStart &&
              d === firstDir &&
              firstDir === prevDir &&
              (firstDir === 1 || firstDir === 3) &&
              verts.length > 1
            )
              verts.shift();
            break;
          }
        }
        // keep every cell corner on east-west edges: a geodesic between far-apart corners on
        // one parallel would bulge poleward and change the polygon's geodesic area
        if (d !== prevDir || d === 0 || d === 2) verts.push([x, y]);
        out[vi]! &= ~(1 << d);
        edgeCount--;
        x += DX[d]!;
        y += DY[d]!;
        prevDir = d;
      }
      const ring = verts.map(([a, b]) => toLonLat(a, b));
      ring.push(ring[0]!);
      rings.push({ ring, area: ringArea(ring), probe: toLonLat(probeCell[0], probeCell[1]) });
    }
  }
  const exteriors = rings.filter((r) => r.area > 0).map((r) => ({ ...r, holes: [] as LonLat[][] }));
  const holes = rings.filter((r) => r.area < 0);
  for (const h of holes) {
    let best: (typeof exteriors)[number] | undefined;
    for (const e of exteriors) {
      if (pointInRing(h.probe, e.ring) && (!best || e.area < best.area)) best = e;
    }
    if (best) best.holes.push(h.ring);
  }
  return { type: "MultiPolygon", coordinates: exteriors.map((e) => [e.ring, ...e.holes]) };
}
