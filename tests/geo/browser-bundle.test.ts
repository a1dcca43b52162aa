/**
 * The geo modules must run in the browser (the viewer imports @syraq/core through
 * Vite, whose dev server pre-bundles dependencies with esbuild). esbuild refuses
 * geographiclib-mgrs 1.0.4 as published (it assigns to two `const`s);
 * patches/geographiclib-mgrs@1.0.4.patch fixes that. This test bundles the geo
 * modules with the same esbuild for the browser and runs the bundle in a bare
 * JavaScript context (no node:*, no process, no require).
 */
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { describe, expect, it } from "vitest";

const viteManifest = realpathSync(
  fileURLToPath(new URL("../../packages/viewer/node_modules/vite/package.json", import.meta.url)),
);
// esbuild is Vite's own dependency, not ours: load it from Vite's install (typed by hand, just what we use).
interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[]; outputFiles: { text: string }[] }>;
}
const esbuild = createRequire(viteManifest)("esbuild") as EsbuildLike;
const geoDir = fileURLToPath(new URL("../../packages/core/src/geo/", import.meta.url));

describe("geo modules in a browser bundle (esbuild, as Vite's dev server does)", () => {
  it("bundles without errors and computes the same numbers as in Node", async () => {
    const result = await esbuild.build({
      stdin: {
        contents: `
          import { geodesicInverse, geodesicRingArea } from "./geodesic.ts";
          import { parseCoordinate, formatMgrs } from "./coordinates.ts";
          globalThis.RESULT = {
            length: geodesicInverse([37.24066, 34.22956], [40.14084, 35.33588]).lengthMetres,
            mgrs: formatMgrs(37.24, 34.229),
            parsed: parseCoordinate("34°13'44\\"N 37°14'24\\"E"),
            fromMgrs: parseCoordinate("37SCT3789588948"),
            area: geodesicRingArea([[0, 0], [1, 0], [1, 1], [0, 1]]).areaSquareMetres,
          };`,
        resolveDir: geoDir,
        loader: "ts",
      },
      bundle: true,
      platform: "browser",
      format: "iife",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/require\(["']node:|from ["']node:/);
    const context = vm.createContext({});
    vm.runInContext(code, context);
    const r = context.RESULT;
    // GeodSolve -i -p 9: 292431.995246763 (see docs/geodesy.md)
    expect(Math.abs(r.length - 292431.995246763)).toBeLessThan(1e-6);
    expect(r.mgrs).toBe("37SCT3789588948");
    expect(r.parsed.format).toBe("dms");
    expect(r.fromMgrs.lat).toBeCloseTo(34.229, 4);
    // Planimeter -p 9 on the same square: 12308778361.4695 m²
    expect(Math.abs(r.area - 12308778361.4695)).toBeLessThan(1e-3);
  });
});
