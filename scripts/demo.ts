// The main job on the bundled data: where Qaryatayn is, how far it lies from Palmyra,
// as-Sukhnah and Deir ez-Zor, how deep it lay behind the regime's late-September-2017
// front (straight-line and, when the route graph is available, along routes), the Syraq
// zone, and a figure of the depth in figures/.
// Usage: pnpm demo [--no-figure]
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { run, COMMANDS } from "@syraq/cli";

const ROOT = join(import.meta.dirname, "..");
const withFigure = !process.argv.includes("--no-figure");
const has = (name: string) => COMMANDS.some((c) => c.name === name);

const steps: Array<{ title: string; argv: string[] }> = [
  { title: "Where is Qaryatayn?", argv: ["where", "Qaryatayn"] },
  {
    title: "Straight-line (geodesic) distances from Qaryatayn",
    argv: ["distance", "Qaryatayn", "Palmyra", "as-Sukhnah", "Deir ez-Zor"],
  },
  {
    title: "How far behind the regime's front was Qaryatayn when IS retook it (late Sept 2017)?",
    argv: ["depth", "Qaryatayn", "--front", "saa-2017-09-29"],
  },
  { title: "The Syraq zone", argv: ["zone", "syraq", "--contains", "Qaryatayn", "Damascus"] },
];
if (has("route"))
  steps.push({
    title: "Fastest vehicle route Qaryatayn → Deir ez-Zor over roads and terrain",
    argv: ["route", "Qaryatayn", "Deir ez-Zor", "--model", "vehicle", "--quiet"],
  });
if (withFigure && has("figure")) {
  mkdirSync(join(ROOT, "figures"), { recursive: true });
  steps.push({
    title: "Figure: Qaryatayn's depth behind the front",
    argv: [
      "figure",
      join(ROOT, "scripts/figures/qaryatayn-depth.json"),
      "--out",
      join(ROOT, "figures/qaryatayn-depth.png"),
    ],
  });
}

for (const step of steps) {
  process.stdout.write(
    `\n== ${step.title}\n$ syraq ${step.argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}\n`,
  );
  const status = await run(step.argv);
  if (status !== 0) {
    process.stderr.write(`demo: 'syraq ${step.argv[0]}' failed with exit status ${status}\n`);
    process.exit(status);
  }
}
process.stdout.write("\nDone. More: pnpm syraq --help, and the README's worked example.\n");
