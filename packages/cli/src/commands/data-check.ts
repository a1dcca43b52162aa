import { checkDataPack, loadManifest } from "@syraq/core/node";
import { SyraqError } from "@syraq/core";
import type { CommandSpec } from "../command.ts";

export const dataCheckCommand: CommandSpec = {
  name: "data check",
  summary: "verify the data pack's files against data/manifest.json (sha256) and list their sources and licences",
  args: [],
  options: [],
  examples: ["syraq data check", "syraq data check --data-dir /srv/syraq-data --json"],
  run(ctx) {
    const dataDir = ctx.dataDir();
    const manifest = loadManifest();
    const results = checkDataPack(dataDir, manifest);
    const bad = results.filter((r) => r.status !== "ok");
    const lines = results.map((r) => {
      const e = manifest.files.find((f) => f.file === r.file)!;
      return `${r.status.padEnd(8)} ${r.file}  [${e.credit}]`;
    });
    if (bad.length) {
      throw new SyraqError(
        "CHECKSUM_MISMATCH",
        `${bad.length} of ${results.length} data files are missing or changed in ${dataDir}:\n${bad.map((b) => `  ${b.status} ${b.file}`).join("\n")}`,
        { dataDir, bad },
      );
    }
    return {
      json: { dataDir, files: results },
      text: [`data pack: ${dataDir}`, ...lines, `${results.length} files ok`].join("\n"),
    };
  },
};
