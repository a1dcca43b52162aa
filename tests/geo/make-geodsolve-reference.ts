/**
 * Regenerates packages/core/test/geo/fixtures/geodsolve-reference.json from
 * GeographicLib's GeodSolve and Planimeter (run: `pnpm exec tsx tests/geo/make-geodsolve-reference.ts`).
 * The stored file lets the geodesic tests check against an independent
 * implementation on machines without geographiclib-tools.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { directCases, inverseCases, ringCases } from "./geodesic-cases.ts";
import {
  DIRECT_ARGS,
  INVERSE_ARGS,
  PLANIMETER_ARGS,
  geodSolveDirect,
  geodSolveInverse,
  geodSolveVersion,
  planimeter,
} from "./geodsolve.ts";

const inv = inverseCases();
const invOut = geodSolveInverse(inv);
const dir = directCases();
const dirOut = geodSolveDirect(dir);
const rings = ringCases();

const reference = {
  description:
    "Reference geodesics on WGS84 computed by GeographicLib's C++ command-line tools (independent of geographiclib-geodesic JS).",
  generatedBy: "pnpm exec tsx tests/geo/make-geodsolve-reference.ts",
  tool: geodSolveVersion(),
  commands: {
    inverse: `GeodSolve ${INVERSE_ARGS.join(" ")}   # stdin: "lat1 lon1 lat2 lon2" per line; stdout: "azi1 azi2 s12"`,
    direct: `GeodSolve ${DIRECT_ARGS.join(" ")}   # stdin: "lat1 lon1 azi1 s12" per line; stdout: "lat2 lon2 azi2"`,
    area: `Planimeter ${PLANIMETER_ARGS.join(" ")}   # stdin: "lat lon" per vertex; stdout: "n perimeter area" (area signed, counter-clockwise positive)`,
  },
  inverse: inv.map((c, i) => ({ ...c, ...invOut[i] })),
  direct: dir.map((c, i) => ({ ...c, ...dirOut[i] })),
  rings: rings.map((r) => ({ ...r, ...planimeter(r.ring) })),
};

const target = fileURLToPath(
  new URL("../../packages/core/test/geo/fixtures/geodsolve-reference.json", import.meta.url),
);
// One case per line: reviewable in a diff.
const json = JSON.stringify(reference, null, 1).replace(/\{\n\s+"label"[^{}]*?\n\s*\}/g, (block) =>
  JSON.stringify(JSON.parse(block)),
);
writeFileSync(target, json + "\n");
console.log(
  `wrote ${target}: ${reference.inverse.length} inverse, ${reference.direct.length} direct, ${reference.rings.length} rings`,
);
