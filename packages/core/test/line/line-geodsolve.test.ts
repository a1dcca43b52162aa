import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { describeWithPeer, hasExecutable } from "../../../../tests/helpers/peers.ts";
import { nearestPointOnGeodesicLine } from "../../src/geo/line.ts";
import type { LonLat } from "../../src/geo/types.ts";

/**
 * A reference computed entirely by GeographicLib's C++ GeodSolve (not our code, not the JS port):
 * `GeodSolve -i` gives the segment's azimuth and length, `GeodSolve -L` walks it in 10 m steps
 * (then 1 cm steps round the best), `GeodSolve -i` measures P to every sample.
 */
function geodsolve(args: string[], input: string): string[] {
  return execFileSync("GeodSolve", [...args, "-p", "9"], { input, encoding: "utf8", maxBuffer: 1 << 28 })
    .trim()
    .split("\n");
}

function reference(p: LonLat, a: LonLat, b: LonLat): number {
  const [azi1, , s12] = geodsolve(["-i"], `${a[1]} ${a[0]} ${b[1]} ${b[0]}\n`)[0].split(/\s+/).map(Number);
  const walk = (from: number, to: number, step: number) => {
    const ss: number[] = [];
    for (let s = Math.max(0, from); s <= Math.min(s12, to) + 1e-9; s += step) ss.push(Math.min(s, s12));
    const pts = geodsolve(["-L", String(a[1]), String(a[0]), String(azi1)], ss.join("\n") + "\n").map((l) =>
      l.split(/\s+/).map(Number),
    );
    const ds = geodsolve(["-i"], pts.map(([lat, lon]) => `${p[1]} ${p[0]} ${lat} ${lon}`).join("\n") + "\n").map((l) =>
      Number(l.split(/\s+/)[2]),
    );
    let k = 0;
    for (let i = 1; i < ds.length; i++) if (ds[i] < ds[k]) k = i;
    return { s: ss[k], d: ds[k] };
  };
  const coarse = walk(0, s12, 10);
  return walk(coarse.s - 10, coarse.s + 10, 0.01).d;
}

const peer = {
  name: "GeodSolve (geographiclib-tools)",
  available: hasExecutable("GeodSolve"),
  install: "apt-get install geographiclib-tools",
};
describeWithPeer("nearestPointOnGeodesicLine against a GeodSolve-only dense walk", peer, () => {
  const cases: Array<{ name: string; p: LonLat; a: LonLat; b: LonLat }> = [
    {
      name: "Qaryatayn to a 140 km stretch of the Sukhna–Deir ez-Zor road",
      p: [37.24066, 34.22956],
      a: [38.8711, 34.88533],
      b: [40.14084, 35.33588],
    },
    { name: "a point 20 km off a 450 km desert segment", p: [40.0, 33.6], a: [38.0, 33.0], b: [42.5, 34.5] },
  ];
  for (const c of cases) {
    it(`${c.name}: ≤ 1 m`, () => {
      const r = nearestPointOnGeodesicLine(c.p, [c.a, c.b]);
      expect(Math.abs(r.distanceMetres - reference(c.p, c.a, c.b))).toBeLessThanOrEqual(1);
    });
  }
});
