// Label placement without collisions, in screen pixels. Pure (no DOM, no deck):
// the caller projects anchors and measures text; this decides where each label
// goes, which labels are dropped, and where a label that had to move away from
// its point gets a leader line.
//
// Method (greedy, by priority, after Imhof's rules as summarised by Christensen,
// Marks & Shieber 1995, "An empirical study of algorithms for point-feature
// label placement"): labels are taken from the highest priority down; each tries
// the eight classic positions around its marker (right, left, upper right, lower
// right, upper left, lower left, above, below, in that order of preference), then
// positions further out on rings with a leader line. A position is allowed only
// inside the frame (nothing cut at the edge) and clear of every label and marker
// already placed and of the hard obstacles (e.g. panels over the map). Among
// allowed positions the cheapest wins: preference order plus a cost per data line
// (route, front) the box would cover. Required labels (requested, seed places)
// never drop: if nothing is clear they take the least-bad position and count it
// in `overlaps`.

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export type Segment = [number, number, number, number];

export interface LabelRequest {
  id: string;
  /** Anchor in screen pixels (the place's point, or a point on a line). */
  x: number;
  y: number;
  /** Size of the text block (all lines: Latin and Arabic together). */
  width: number;
  height: number;
  /** Higher is placed first. */
  priority: number;
  /** Must be shown (requested labels, seed places, analysis labels). */
  required: boolean;
  /** Radius of the marker drawn at the anchor (0: none, e.g. a line's label). */
  markerRadius: number;
  /** Other anchors to try in turn (a line's label: points along the line). */
  alternativeAnchors?: Array<[number, number]>;
  /** Labels of lines and areas sit centred on their anchor first. */
  kind?: "point" | "line" | "area";
}

export type TextAnchor = "start" | "middle" | "end";

export interface PlacedLabel {
  id: string;
  /** The label's box (screen pixels). */
  box: Box;
  /** Where the text is anchored, with which horizontal anchor; the block's top is box.y0. */
  textX: number;
  textAnchor: TextAnchor;
  /** The anchor actually used (a line label may move along its line). */
  anchor: [number, number];
  /** From the marker to the box, when the label had to move away from its point. */
  leader?: Segment;
  /** Hard collisions it could not avoid (only for required labels; 0 normally). */
  overlaps: number;
}

export interface PlacementInput {
  labels: LabelRequest[];
  /** The visible map (labels must lie inside, with `margin`). */
  frame: Box;
  margin?: number;
  /** Areas no label may cover (panels over the map, markers not otherwise labelled). */
  obstacles?: Box[];
  /** Data lines labels should avoid covering (soft: a cost per crossing). */
  lines?: Segment[];
}

export interface PlacementResult {
  placed: PlacedLabel[];
  dropped: string[];
}

const GAP = 3;

export function intersects(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function inside(a: Box, frame: Box, margin: number): boolean {
  return (
    a.x0 >= frame.x0 + margin && a.y0 >= frame.y0 + margin && a.x1 <= frame.x1 - margin && a.y1 <= frame.y1 - margin
  );
}

/** Does the segment touch the box? (Liang–Barsky clipping.) */
export function segmentHitsBox(s: Segment, b: Box): boolean {
  const [x0, y0, x1, y1] = s;
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, x0 - b.x0) && clip(dx, b.x1 - x0) && clip(-dy, y0 - b.y0) && clip(dy, b.y1 - y0) && t0 <= t1;
}

/** Do two segments cross (proper intersection; touching end points do not count)? */
export function segmentsCross(a: Segment, b: Segment): boolean {
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  const d1 = orient(b[0], b[1], b[2], b[3], a[0], a[1]);
  const d2 = orient(b[0], b[1], b[2], b[3], a[2], a[3]);
  const d3 = orient(a[0], a[1], a[2], a[3], b[0], b[1]);
  const d4 = orient(a[0], a[1], a[2], a[3], b[2], b[3]);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

interface Candidate {
  box: Box;
  textX: number;
  textAnchor: TextAnchor;
  anchor: [number, number];
  cost: number;
  leader?: Segment;
}

/** The eight positions around a point marker, in order of preference (right, left, …). */
function aroundPoint(r: LabelRequest, ax: number, ay: number): Candidate[] {
  const g = r.markerRadius + GAP;
  const d = g * Math.SQRT1_2;
  const w = r.width;
  const h = r.height;
  const at = (x0: number, y0: number, anchor: TextAnchor, rank: number): Candidate => ({
    box: { x0, y0, x1: x0 + w, y1: y0 + h },
    textX: anchor === "start" ? x0 : anchor === "end" ? x0 + w : x0 + w / 2,
    textAnchor: anchor,
    anchor: [ax, ay],
    cost: rank,
  });
  return [
    at(ax + g, ay - h / 2, "start", 0),
    at(ax - g - w, ay - h / 2, "end", 1),
    at(ax + d, ay - d - h, "start", 2),
    at(ax + d, ay + d, "start", 3),
    at(ax - d - w, ay - d - h, "end", 4),
    at(ax - d - w, ay + d, "end", 5),
    at(ax - w / 2, ay - g - h, "middle", 6),
    at(ax - w / 2, ay + g, "middle", 7),
  ];
}

/** A line's or area's label: centred on the anchor, then just above or below it. */
function onAnchor(r: LabelRequest, ax: number, ay: number, rank: number): Candidate[] {
  const w = r.width;
  const h = r.height;
  const at = (y0: number, k: number): Candidate => ({
    box: { x0: ax - w / 2, y0, x1: ax + w / 2, y1: y0 + h },
    textX: ax,
    textAnchor: "middle",
    anchor: [ax, ay],
    cost: rank + k,
  });
  if (r.kind === "area") return [at(ay - h / 2, 0)];
  // Beside a slanting line a corner position keeps the text off the line: the cost of the lines it covers decides.
  const corner = (x0: number, y0: number, anchor: TextAnchor, k: number): Candidate => ({
    box: { x0, y0, x1: x0 + w, y1: y0 + h },
    textX: anchor === "start" ? x0 : x0 + w,
    textAnchor: anchor,
    anchor: [ax, ay],
    cost: rank + k,
  });
  return [
    at(ay - h - 4, 0),
    at(ay + 4, 0.5),
    corner(ax + 4, ay - h - 4, "start", 0.6),
    corner(ax - 4 - w, ay + 4, "end", 0.7),
    corner(ax - 4 - w, ay - h - 4, "end", 0.8),
    corner(ax + 4, ay + 4, "start", 0.9),
    at(ay - h / 2, 1),
  ];
}

/** Positions further out (rings of 12 directions) with a leader line back to the marker. */
function displaced(r: LabelRequest, ax: number, ay: number): Candidate[] {
  const out: Candidate[] = [];
  const w = r.width;
  const h = r.height;
  // Optional labels move a little at most: a long leader to a town nobody asked for costs the reader more than the
  // label gives.
  for (const dist of r.required ? [14, 24, 38, 56, 80] : [14, 24]) {
    for (let k = 0; k < 12; k++) {
      const a = (k * Math.PI) / 6;
      const ux = Math.cos(a);
      const uy = -Math.sin(a);
      // Box centre so that the box's nearest point to the anchor lies `dist` beyond the marker.
      const cx = ax + ux * (r.markerRadius + dist + (w / 2) * Math.abs(ux));
      const cy = ay + uy * (r.markerRadius + dist + (h / 2) * Math.abs(uy));
      const box = { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2 };
      const anchor: TextAnchor = ux > 0.3 ? "start" : ux < -0.3 ? "end" : "middle";
      const near: [number, number] = [Math.min(Math.max(ax, box.x0), box.x1), Math.min(Math.max(ay, box.y0), box.y1)];
      const len = Math.hypot(near[0] - ax, near[1] - ay) || 1;
      const from: [number, number] = [
        ax + ((near[0] - ax) / len) * r.markerRadius,
        ay + ((near[1] - ay) / len) * r.markerRadius,
      ];
      out.push({
        box,
        textX: anchor === "start" ? box.x0 : anchor === "end" ? box.x1 : cx,
        textAnchor: anchor,
        anchor: [ax, ay],
        cost: 10 + dist / 4 + k * 0.01,
        leader: [from[0], from[1], near[0], near[1]],
      });
    }
  }
  return out;
}

function markerBox(x: number, y: number, radius: number): Box {
  return { x0: x - radius, y0: y - radius, x1: x + radius, y1: y + radius };
}

/** Places labels greedily by priority; see the file comment. */
export function placeLabels(input: PlacementInput): PlacementResult {
  const margin = input.margin ?? 2;
  const frame = input.frame;
  const taken: Box[] = [...(input.obstacles ?? [])];
  const lines = input.lines ?? [];
  const order = [...input.labels].sort(
    (a, b) => Number(b.required) - Number(a.required) || b.priority - a.priority || a.id.localeCompare(b.id),
  );
  // Markers of required labels are drawn whatever happens: reserve them first.
  const markers = new Map<string, Box>();
  for (const r of order)
    if (r.required && r.markerRadius > 0) {
      const m = markerBox(r.x, r.y, r.markerRadius + 1);
      markers.set(r.id, m);
      taken.push(m);
    }
  const placed: PlacedLabel[] = [];
  const dropped: string[] = [];
  const lineCost = (b: Box) => {
    let n = 0;
    for (const s of lines) if (segmentHitsBox(s, b)) n++;
    return n * 4;
  };
  for (const r of order) {
    const own = markers.get(r.id);
    const anchorInFrame = r.x >= frame.x0 && r.x <= frame.x1 && r.y >= frame.y0 && r.y <= frame.y1;
    if (!anchorInFrame && !r.alternativeAnchors?.length) {
      dropped.push(r.id);
      continue;
    }
    // An optional place whose marker would sit under a label already placed is left out.
    if (!r.required && r.markerRadius > 0) {
      const m = markerBox(r.x, r.y, r.markerRadius + 1);
      if (taken.some((t) => intersects(t, m))) {
        dropped.push(r.id);
        continue;
      }
    }
    const all: Array<[number, number]> = [[r.x, r.y], ...(r.alternativeAnchors ?? [])];
    const anchors = all.filter(([x, y]) => x >= frame.x0 && x <= frame.x1 && y >= frame.y0 && y <= frame.y1);
    let candidates: Candidate[] = [];
    anchors.forEach(([x, y], k) => {
      candidates.push(...(r.kind === "line" || r.kind === "area" ? onAnchor(r, x, y, k * 2) : aroundPoint(r, x, y)));
    });
    if (r.markerRadius > 0) candidates.push(...displaced(r, r.x, r.y));
    candidates = candidates.filter((c) => inside(c.box, frame, margin));
    const clashes = (c: Candidate) => {
      let n = 0;
      for (const t of taken) if (t !== own && intersects(t, c.box)) n++;
      if (c.leader) for (const p of placed) if (segmentHitsBox(c.leader, p.box)) n++;
      // Leaders already drawn: no label on one, and no two leaders crossing.
      for (const p of placed) {
        if (!p.leader) continue;
        if (segmentHitsBox(p.leader, c.box)) n++;
        if (c.leader && segmentsCross(p.leader, c.leader)) n++;
      }
      return n;
    };
    let best: Candidate | undefined;
    let bestCost = Infinity;
    for (const c of candidates) {
      if (c.cost >= bestCost) continue;
      if (clashes(c) > 0) continue;
      const cost = c.cost + lineCost(c.box);
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    let overlaps = 0;
    if (!best && r.required && candidates.length) {
      // Nothing clear: the least-bad position (fewest collisions, then cheapest).
      let fewest = Infinity;
      for (const c of candidates) {
        const n = clashes(c);
        const cost = n * 1000 + c.cost + lineCost(c.box);
        if (cost < fewest) {
          fewest = cost;
          best = c;
          overlaps = n;
        }
      }
    }
    if (!best) {
      dropped.push(r.id);
      continue;
    }
    taken.push(best.box);
    if (!own && r.markerRadius > 0) taken.push(markerBox(r.x, r.y, r.markerRadius + 1));
    placed.push({
      id: r.id,
      box: best.box,
      textX: best.textX,
      textAnchor: best.textAnchor,
      anchor: best.anchor,
      leader: best.leader,
      overlaps,
    });
  }
  return { placed, dropped };
}
