// Label placement (packages/viewer/src/labels/placement.ts), pure geometry in screen pixels: no label overlaps
// another label, a marker or an obstacle; none is cut at the frame; required labels come first and never drop;
// a crowded label moves out with a leader line; lines are avoided when a clear spot exists.
import { describe, expect, it } from "vitest";
import {
  type Box,
  intersects,
  type LabelRequest,
  placeLabels,
  segmentHitsBox,
  segmentsCross,
} from "../../packages/viewer/src/labels/placement.ts";
import { mulberry32 } from "../../packages/core/src/util/random.ts";

const frame: Box = { x0: 0, y0: 0, x1: 400, y1: 300 };
const label = (id: string, x: number, y: number, extra: Partial<LabelRequest> = {}): LabelRequest => ({
  id,
  x,
  y,
  width: 60,
  height: 27,
  priority: 0,
  required: false,
  markerRadius: 4,
  ...extra,
});

describe("label placement", () => {
  it("prefers the right of the point, then the left when the right is out of the frame", () => {
    const r = placeLabels({ labels: [label("a", 100, 100), label("b", 390, 200)], frame });
    const a = r.placed.find((p) => p.id === "a")!;
    const b = r.placed.find((p) => p.id === "b")!;
    // right: x0 = 100 + radius 4 + gap 3 = 107, vertically centred on y = 100
    expect(a.box).toEqual({ x0: 107, y0: 86.5, x1: 167, y1: 113.5 });
    expect(a.textAnchor).toBe("start");
    // 390 + 7 + 60 > 400 - 2: the left, right-aligned, ending 7 px before the point
    expect(b.box.x1).toBe(383);
    expect(b.textAnchor).toBe("end");
  });

  it("three towns on top of each other (al-Bukamal, al-Baghuz, al-Qaim): all labelled, no overlaps", () => {
    const r = placeLabels({
      labels: [
        label("Bukamal", 200, 150, { required: true }),
        label("Baghuz", 206, 143, { required: true }),
        label("Qaim", 212, 156, { required: true }),
      ],
      frame,
    });
    expect(r.dropped).toEqual([]);
    expect(r.placed).toHaveLength(3);
    for (const p of r.placed) expect(p.overlaps).toBe(0);
    for (let i = 0; i < 3; i++)
      for (let j = i + 1; j < 3; j++) expect(intersects(r.placed[i]!.box, r.placed[j]!.box)).toBe(false);
  });

  it("a label with no room around its point moves out with a leader line from the marker to the box", () => {
    // Four boxes around (200, 150) leave only the marker free up to 35 px away in every direction.
    const ring: Box[] = [
      { x0: 165, y0: 115, x1: 235, y1: 145 },
      { x0: 165, y0: 155, x1: 235, y1: 185 },
      { x0: 165, y0: 145, x1: 195, y1: 155 },
      { x0: 205, y0: 145, x1: 235, y1: 155 },
    ];
    const r = placeLabels({ labels: [label("Sukhna", 200, 150, { required: true })], frame, obstacles: ring });
    const p = r.placed[0]!;
    expect(p.overlaps).toBe(0);
    expect(p.leader).toBeDefined();
    for (const b of ring) expect(intersects(p.box, b)).toBe(false);
    const [x0, y0, x1, y1] = p.leader!;
    // The leader starts on the marker's edge (radius 4) and ends on the box's edge.
    expect(Math.hypot(x0 - 200, y0 - 150)).toBeCloseTo(4, 6);
    expect(x1 >= p.box.x0 && x1 <= p.box.x1 && y1 >= p.box.y0 && y1 <= p.box.y1).toBe(true);
  });

  it("random crowds: labels never overlap each other, markers or obstacles, and stay inside the frame", () => {
    const rnd = mulberry32(16);
    const obstacle: Box = { x0: 300, y0: 0, x1: 400, y1: 80 };
    for (let trial = 0; trial < 20; trial++) {
      const labels = Array.from({ length: 40 }, (_, k) =>
        label(`p${k}`, 10 + rnd() * 380, 10 + rnd() * 280, {
          width: 30 + rnd() * 60,
          priority: rnd(),
          required: k < 3,
        }),
      );
      const r = placeLabels({ labels, frame, obstacles: [obstacle] });
      const markers = labels
        .filter((l) => l.required || r.placed.some((p) => p.id === l.id))
        .map((l) => ({ id: l.id, box: { x0: l.x - 5, y0: l.y - 5, x1: l.x + 5, y1: l.y + 5 } }));
      for (const p of r.placed) {
        if (p.overlaps) continue; // a required label with no clear spot (reported, not hidden)
        expect(p.box.x0).toBeGreaterThanOrEqual(2);
        expect(p.box.y0).toBeGreaterThanOrEqual(2);
        expect(p.box.x1).toBeLessThanOrEqual(398);
        expect(p.box.y1).toBeLessThanOrEqual(298);
        expect(intersects(p.box, obstacle)).toBe(false);
        for (const q of r.placed) if (q !== p && !q.overlaps) expect(intersects(p.box, q.box)).toBe(false);
        for (const m of markers) if (m.id !== p.id) expect(intersects(p.box, m.box), `${p.id} on ${m.id}`).toBe(false);
      }
      // Required labels are never dropped and are placed first.
      for (const k of [0, 1, 2]) expect(r.placed.map((p) => p.id)).toContain(`p${k}`);
      // Leaders: none crosses another, none runs under a label; an optional label's leader is short (≤ 24 px
      // beyond its marker, plus the half-diagonal of the gap to its box corner).
      const clear = r.placed.filter((p) => !p.overlaps);
      for (const p of clear) {
        if (!p.leader) continue;
        for (const q of clear) {
          if (q === p) continue;
          if (q.leader) expect(segmentsCross(p.leader, q.leader), `${p.id}'s leader crosses ${q.id}'s`).toBe(false);
          expect(segmentHitsBox(p.leader, q.box), `${p.id}'s leader under ${q.id}`).toBe(false);
        }
        const l = labels.find((x) => x.id === p.id)!;
        if (!l.required)
          expect(Math.hypot(p.leader[2] - p.leader[0], p.leader[3] - p.leader[1])).toBeLessThanOrEqual(24 * 1.5);
      }
    }
  });

  it("a crowd of required labels boxed in: their leaders never cross each other nor run under a label", () => {
    // Eight required labels in a 200 × 150 frame (found by search: without the leader checks two leaders cross or
    // run under a label here).
    const pts = [
      [102, 45, 50],
      [76, 78, 32],
      [60, 100, 59],
      [77, 101, 41],
      [62, 48, 44],
      [123, 83, 44],
      [93, 57, 60],
      [136, 61, 58],
    ];
    const labels = pts.map(([x, y, w], k) =>
      label(`p${k}`, x!, y!, { width: w!, height: 12, priority: k, required: true, markerRadius: 4 }),
    );
    const r = placeLabels({ labels, frame: { x0: 0, y0: 0, x1: 200, y1: 150 } });
    const clear = r.placed.filter((p) => !p.overlaps);
    expect(clear.filter((p) => p.leader).length).toBeGreaterThan(0);
    for (const p of clear)
      for (const q of clear) {
        if (p === q || !p.leader) continue;
        if (q.leader) expect(segmentsCross(p.leader, q.leader), `${p.id} × ${q.id}`).toBe(false);
        expect(segmentHitsBox(p.leader, q.box), `${p.id}'s leader under ${q.id}`).toBe(false);
      }
  });

  it("segmentsCross: crossing, parallel and touching segments (by hand)", () => {
    expect(segmentsCross([0, 0, 10, 10], [0, 10, 10, 0])).toBe(true); // an X
    expect(segmentsCross([0, 0, 10, 0], [0, 1, 10, 1])).toBe(false); // parallel
    expect(segmentsCross([0, 0, 10, 0], [10, 0, 10, 5])).toBe(false); // touching at an end
    expect(segmentsCross([0, 0, 4, 4], [5, 0, 0, 5])).toBe(true); // crosses at (2.5, 2.5)
    expect(segmentsCross([0, 0, 2, 2], [5, 0, 3, 2])).toBe(false); // would cross only if extended
  });

  it("a label avoids a data line when a clear position exists", () => {
    // A route runs horizontally just right of the point: the right position would cover it, the left does not.
    const r = placeLabels({ labels: [label("Palmyra", 200, 150)], frame, lines: [[205, 150, 400, 150]] });
    const p = r.placed[0]!;
    expect(segmentHitsBox([205, 150, 400, 150], p.box)).toBe(false);
  });

  it("a line's label slides along the line to a free spot", () => {
    const r = placeLabels({
      labels: [
        label("town", 200, 150, { required: true }),
        label("route", 200, 150, {
          kind: "line",
          markerRadius: 0,
          priority: 10,
          alternativeAnchors: [
            [120, 150],
            [280, 150],
          ],
        }),
      ],
      frame,
    });
    const route = r.placed.find((p) => p.id === "route")!;
    const town = r.placed.find((p) => p.id === "town")!;
    expect(intersects(route.box, town.box)).toBe(false);
    expect(route.overlaps).toBe(0);
  });

  it("segment–box test (Liang–Barsky) on hand cases", () => {
    const b: Box = { x0: 10, y0: 10, x1: 20, y1: 20 };
    expect(segmentHitsBox([0, 0, 30, 30], b)).toBe(true); // diagonal through
    expect(segmentHitsBox([0, 25, 30, 25], b)).toBe(false); // passes below
    expect(segmentHitsBox([15, 15, 16, 16], b)).toBe(true); // inside
    expect(segmentHitsBox([0, 0, 9, 9], b)).toBe(false); // stops short
  });
});
