import { describe, expect, it } from "vitest";
import { SyraqError } from "@syraq/core";
import { resolveDataDir } from "@syraq/core/node";
import type { CommandContext } from "../src/command.ts";
import { gazetteerFor, resolveLocations } from "../src/locations.ts";

function ctxWith(dataDir: () => string): CommandContext {
  return {
    args: {},
    options: {},
    json: false,
    quiet: true,
    dataDir,
    out: () => {},
    err: () => {},
    progress: () => ({ update: () => {}, done: () => {} }),
  };
}

describe("resolveLocations (CLI helper)", () => {
  it("coordinates need no data pack; names load the gazetteer of ctx.dataDir()", () => {
    const missing = ctxWith(() => {
      throw new SyraqError("DATA_MISSING", "no pack here");
    });
    const [a, b] = resolveLocations(missing, ["34.229,37.240", "35°20'09\"N 40°08'27\"E"]);
    expect([a!.lat, a!.lon]).toEqual([34.229, 37.24]);
    expect(b!.lat).toBeCloseTo(35.33583, 5);
    expect(() => resolveLocations(missing, ["Mayadeen"])).toThrow(/no pack here/);
    const ok = ctxWith(() => resolveDataDir());
    const [m] = resolveLocations(ok, ["Mayadin"]);
    expect(m!.place!.id).toBe("gn:173480");
    expect(m!.name).toBe("Mayadeen");
  });
  it("--country reaches the lookup; the gazetteer is cached per data dir", () => {
    const ok = ctxWith(() => resolveDataDir());
    expect(resolveLocations(ok, ["Sinjar"], { country: "SY" })[0]!.place!.admin1).toBe("Idlib");
    expect(gazetteerFor(ok)).toBe(gazetteerFor(ok));
  });
});
