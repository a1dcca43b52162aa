import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README_PATH, renderReadme } from "../scripts/gen-readme.ts";
import { COMMANDS } from "../packages/cli/src/commands/index.ts";

describe("README", () => {
  const readme = readFileSync(README_PATH, "utf8");
  it("has the command table generated from the command descriptions (run `pnpm readme`)", () => {
    expect(renderReadme(readme)).toBe(readme);
  });
  it("lists every command", () => {
    for (const c of COMMANDS) expect(readme).toContain(`syraq ${c.name}`);
  });
  it("gives the two commands on its first screen, and .ci/run calls the test one exactly", () => {
    const firstScreen = readme.split("\n").slice(0, 40).join("\n");
    const blocks = [...firstScreen.matchAll(/```sh\n([^`]+)```/g)].map((m) => m[1]!.trim());
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");
    expect(blocks.some((b) => ci.split("\n").includes(b))).toBe(true);
  });
});
