// `pnpm figures:schema`: writes docs/figure-spec.schema.json from core's FIGURE_SPEC_SCHEMA (a test keeps them equal).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIGURE_SPEC_SCHEMA } from "@syraq/core";

const out = join(import.meta.dirname, "..", "..", "docs", "figure-spec.schema.json");
writeFileSync(`${out}.tmp`, `${JSON.stringify(FIGURE_SPEC_SCHEMA, null, 2)}\n`);
(await import("node:fs")).renameSync(`${out}.tmp`, out);
console.log(`wrote ${out}`);
