/**
 * Builds data/zones/syraq.geojson from the data pack's Natural Earth admin-1
 * polygons (see packages/core/src/zones/syraq.ts for the members and why).
 *   pnpm tsx scripts/build-zone.ts [--data-dir DIR] [--out FILE]
 * packages/core/test/zones/zones.test.ts re-runs the build in memory and
 * compares it with the committed file, so edit the members there, then re-run this.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildSyraqZone, zoneMeasures } from "@syraq/core";
import { ADMIN1_FILE, loadAdmin1, PROJECT_DATA_DIR, resolveDataDir } from "@syraq/core/node";

/** Properties pretty-printed, each ring of coordinates on one line: readable diffs, modest size. */
export function formatZoneFile(zone: ReturnType<typeof buildSyraqZone>): string {
  const props = JSON.stringify(zone.properties, null, 2).replace(/\n/g, "\n  ");
  const g = zone.geometry;
  const ring = (r: number[][]) => `      ${JSON.stringify(r)}`;
  const coords =
    g.type === "Polygon"
      ? `[\n${g.coordinates.map(ring).join(",\n")}\n    ]`
      : `[\n${g.coordinates.map((p) => `     [\n${p.map(ring).join(",\n")}\n     ]`).join(",\n")}\n    ]`;
  return `{\n  "type": "Feature",\n  "properties": ${props},\n  "geometry": {\n    "type": "${g.type}",\n    "coordinates": ${coords}\n  }\n}\n`;
}

function main(argv: string[]): void {
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dataDir = resolveDataDir({ dataDir: opt("--data-dir") });
  const out = opt("--out") ?? join(PROJECT_DATA_DIR, "zones", "syraq.geojson");
  const zone = buildSyraqZone(loadAdmin1(dataDir), ADMIN1_FILE);
  const text = formatZoneFile(zone);
  JSON.parse(text); // the hand-made layout must stay valid JSON
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  const m = zoneMeasures(zone);
  console.log(
    `wrote ${out}: ${zone.geometry.type}, ${(m.areaSquareMetres / 1e6).toFixed(0)} km², perimeter ${(m.perimeterMetres / 1e3).toFixed(0)} km`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
