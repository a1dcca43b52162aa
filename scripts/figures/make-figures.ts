// `pnpm figures`: renders every spec in scripts/figures/*.json into figures/
// (git-ignored) with one viewer build, one local server and one browser.
// Each figure gets NAME.png, NAME.geojson and NAME.csv.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { commandContext, renderFigures } from "@syraq/cli";
import { exitStatusFor, isSyraqError } from "@syraq/core";

const ROOT = join(import.meta.dirname, "..", "..");
const SPECS = join(import.meta.dirname);
const OUT = process.argv[2] ?? join(ROOT, "figures");

const only = process.argv.slice(3);
const specs = readdirSync(SPECS)
  .filter((f) => f.endsWith(".json") && (!only.length || only.some((o) => f.includes(o))))
  .sort();

// the data pack from SYRAQ_DATA_DIR or ../shared/data, notes on stderr, as `syraq figure` without options
const ctx = commandContext();

try {
  const results = await renderFigures(
    ctx,
    specs.map((f) => ({ spec: join(SPECS, f), out: join(OUT, `${basename(f, ".json")}.png`) })),
  );
  for (const r of results) {
    console.log(`${r.png}  (${r.width}×${r.height})`);
    for (const n of r.notes) console.log(`    ${n}`);
    for (const [k, v] of Object.entries(r.missing)) console.log(`    layer ${k}: ${v}`);
  }
} catch (e) {
  console.error(isSyraqError(e) ? `syraq figures: ${e.message}` : e);
  process.exit(exitStatusFor(e));
}
