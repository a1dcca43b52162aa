import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";

describe("CLI basics", () => {
  it("lists commands in --help", async () => {
    const r = await cli("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("data check");
  });
  it("suggests the nearest command for a typo, exit 2, no stack trace", async () => {
    const r = await cli("dta", "check");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'dta'.*did you mean 'data check'/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
  it("reports a missing data pack with exit 3 and where it looked", async () => {
    const r = await cli("data", "check", "--data-dir", "/nonexistent/syraq");
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("/nonexistent/syraq");
  });
  it("verifies the pack's checksums", async () => {
    const r = await cli("data", "check", "--json");
    expect(r.status).toBe(0);
    const files = r.json().files as Array<{ status: string }>;
    expect(files.length).toBeGreaterThan(10);
    expect(files.every((f) => f.status === "ok")).toBe(true);
  });
  it("rejects an unknown option with the accepted list", async () => {
    const r = await cli("data", "check", "--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--bogus");
  });
});
