// The packages as a new user gets them: `pnpm build`, `pnpm pack` of @syraq/core and @syraq/cli, `npm install` of
// the two tarballs into an empty folder outside the repository, and there: the `syraq` bin (distance, the three
// ways to give the data pack, figure), a plain Node ESM script importing "@syraq/core", and `tsc` type-checking a
// TypeScript consumer against the shipped .d.ts. Nothing here runs the repository's sources.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithPeer, hasExecutable } from "../helpers/peers.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PACK = resolve(process.env.SYRAQ_DATA_DIR ?? join(ROOT, "..", "shared", "data"));
const CHROMIUM = process.env.SYRAQ_CHROMIUM ?? "/usr/bin/chromium";
const VERSION = JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8")).version as string;

/** The user's environment, without what pnpm, vitest or the repository's scripts set for their own children. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|NODE_PATH$|VITEST|SYRAQ_DATA_DIR$|INIT_CWD$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env = cleanEnv()): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mustRun(cmd: string, args: string[], cwd: string, env = cleanEnv()): Run {
  const r = run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

let work = "";
let packs = "";

beforeAll(() => {
  // Incremental: tsc -b and the viewer's build stamp make this quick when setup.sh has just built.
  // SYRAQ_PACK_TEST_BUILT=1 packs the build as it is (for a build made by hand just before).
  if (process.env.SYRAQ_PACK_TEST_BUILT !== "1")
    mustRun(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--quiet"], ROOT, process.env);
  packs = mkdtempSync(join(tmpdir(), "syraq-packs-"));
  mustRun(
    "pnpm",
    ["--filter", "@syraq/core", "--filter", "@syraq/cli", "pack", "--pack-destination", packs],
    ROOT,
    process.env,
  );
  const tarballs = readdirSync(packs).filter((f) => f.endsWith(".tgz"));
  expect(tarballs.sort()).toEqual([`syraq-cli-${VERSION}.tgz`, `syraq-core-${VERSION}.tgz`]);
  // An empty project folder outside the repository; typescript and @types/node only for the consumer check.
  work = mkdtempSync(join(tmpdir(), "syraq-user-"));
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "user", private: true, type: "module" }));
  mustRun(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      ...tarballs.map((t) => join(packs, t)),
      "typescript@~5.9.3",
      "@types/node@^20",
    ],
    work,
  );
}, 900_000);

afterAll(() => {
  for (const d of [work, packs]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("npm-installed tarballs outside the repository", () => {
  it("the folder is outside the repository and holds no tsx, vite or repository link", () => {
    expect(work.startsWith(ROOT + sep)).toBe(false);
    expect(existsSync(join(work, "node_modules", "tsx"))).toBe(false);
    expect(existsSync(join(work, "node_modules", "vite"))).toBe(false);
    expect(existsSync(join(work, "node_modules", "@syraq", "viewer"))).toBe(false);
    // the installed core finds its own copy of the project's data, not the checkout's
    const r = mustRun(
      process.execPath,
      ["--input-type=module", "-e", 'import("@syraq/core/node").then((m) => console.log(m.PROJECT_DATA_DIR))'],
      work,
    );
    expect(r.stdout.trim()).toBe(join(work, "node_modules", "@syraq", "core", "data"));
    for (const f of ["manifest.json", "gazetteer/seed.json", "roads/roads.json", "crossings/crossings.geojson"])
      expect(existsSync(join(r.stdout.trim(), f))).toBe(true);
  });

  it("npx syraq --version: the package's version on stdout, nothing on stderr", () => {
    const r = mustRun("npx", ["syraq", "--version"], work);
    expect(r.stdout.trim()).toBe(`syraq ${VERSION}`);
    expect(r.stderr).toBe("");
  });

  it("npx syraq distance Raqqa Palmyra --data-dir PACK agrees with GeodSolve", () => {
    const text = mustRun("npx", ["syraq", "distance", "Raqqa", "Palmyra", "--data-dir", PACK], work);
    expect(text.stdout).toMatch(/^Raqqa .* → Palmyra /);
    expect(text.stderr).toBe("");
    const j = JSON.parse(
      mustRun("npx", ["syraq", "distance", "Raqqa", "Palmyra", "--data-dir", PACK, "--json"], work).stdout,
    );
    const leg = j.legs[0];
    expect(leg.from.name).toBe("Raqqa");
    expect(leg.to.name).toBe("Palmyra");
    expect(text.stdout).toContain(`${(j.lengthMetres / 1000).toFixed(2)} km`);
    if (hasExecutable("GeodSolve")) {
      // independent reference: GeographicLib's GeodSolve on the same coordinates (lat lon lat lon → azi1 azi2 s12)
      const out = execFileSync("GeodSolve", ["-i", "-p", "6"], {
        input: `${leg.from.lat} ${leg.from.lon} ${leg.to.lat} ${leg.to.lon}\n`,
        encoding: "utf8",
      });
      const s12 = Number(out.trim().split(/\s+/)[2]);
      expect(Math.abs(j.lengthMetres - s12)).toBeLessThan(1e-5);
    }
  });

  it("the data pack through SYRAQ_DATA_DIR; none found: exit 3 naming all three ways", () => {
    const viaEnv = mustRun(
      "npx",
      ["syraq", "distance", "Raqqa", "Palmyra", "--json"],
      work,
      cleanEnv({
        SYRAQ_DATA_DIR: PACK,
      }),
    );
    expect(JSON.parse(viaEnv.stdout).legs[0].to.name).toBe("Palmyra");
    const none = run("npx", ["syraq", "distance", "Raqqa", "Palmyra"], work);
    expect(none.status).toBe(3);
    expect(none.stdout).toBe("");
    const lines = none.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^syraq: error \[DATA_MISSING\]: /);
    expect(lines[0]).toContain("--data-dir");
    expect(lines[0]).toContain("SYRAQ_DATA_DIR");
    expect(lines[0]).toContain("../shared/data");
    // the default is ../shared/data next to the current folder for an installed package
    expect(lines[0]).toContain(resolve(work, "..", "shared", "data"));
  });

  it("a plain Node ESM script imports @syraq/core and @syraq/core/node", () => {
    writeFileSync(
      join(work, "script.mjs"),
      [
        'import { geodesicInverse, SyraqError } from "@syraq/core";',
        'import { loadGazetteer } from "@syraq/core/node";',
        "const g = loadGazetteer(process.argv[2]);",
        'const a = g.lookup("Raqqa");',
        'const b = g.lookup("Palmyra");',
        "const { lengthMetres } = geodesicInverse([a.lon, a.lat], [b.lon, b.lat]);",
        "let code = null;",
        "try { geodesicInverse([0, 95], [0, 0]); } catch (e) { code = e instanceof SyraqError ? e.code : String(e); }",
        "console.log(JSON.stringify({ lengthMetres, code }));",
      ].join("\n"),
    );
    const lib = JSON.parse(mustRun(process.execPath, ["script.mjs", PACK], work).stdout);
    const cli = JSON.parse(
      mustRun("npx", ["syraq", "distance", "Raqqa", "Palmyra", "--data-dir", PACK, "--json"], work).stdout,
    );
    expect(lib.lengthMetres).toBe(cli.lengthMetres);
    expect(typeof lib.code).toBe("string");
    expect(lib.code).toMatch(/^[A-Z_]+$/);
  });

  it("a plain Node ESM script uses @syraq/cli's library: the command table, a context, a progress reporter", () => {
    writeFileSync(
      join(work, "cli-script.mjs"),
      [
        'import { COMMANDS, commandContext, makeProgress, markdownTable } from "@syraq/cli";',
        "const ctx = commandContext({ dataDir: process.argv[2], quiet: true });",
        'const p = makeProgress("x", true);',
        "p.update(0.5);",
        "p.done();",
        "console.log(JSON.stringify({ table: markdownTable(COMMANDS), dataDir: ctx.dataDir() }));",
      ].join("\n"),
    );
    const r = mustRun(process.execPath, ["cli-script.mjs", PACK], work);
    const lib = JSON.parse(r.stdout);
    // stderr is piped: the progress reporter draws nothing
    expect(r.stderr).toBe("");
    expect(lib.dataDir).toBe(PACK);
    // the bin answers from its prebuilt manifest (dist/commands.json), the library from the command modules
    expect(lib.table).toBe(mustRun("npx", ["syraq", "help", "--markdown"], work).stdout.trimEnd());
    expect(lib.table).toMatch(/^\| command \| what it does \| example \|\n/);
  });

  it("tsc type-checks a TypeScript consumer against the shipped .d.ts, and rejects a wrong use", () => {
    mkdirSync(join(work, "ts"), { recursive: true });
    const tsconfig = {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
      },
      include: ["*.ts"],
    };
    writeFileSync(join(work, "ts", "tsconfig.json"), JSON.stringify(tsconfig));
    writeFileSync(
      join(work, "ts", "consumer.ts"),
      [
        'import { geodesicInverse, type GeodesicInverseResult, type LonLat, SyraqError } from "@syraq/core";',
        'import { loadGazetteer, resolveDataDir } from "@syraq/core/node";',
        "import {",
        "  COMMANDS,",
        "  commandContext,",
        "  type FigureJob,",
        "  type FigureResult,",
        "  makeProgress,",
        "  markdownTable,",
        "  renderFigures,",
        "  run,",
        '} from "@syraq/cli";',
        'import { coarseToFineRoute, type CoarseToFineResult } from "@syraq/core";',
        "const a: LonLat = [39.0079, 35.9528];",
        "const r: GeodesicInverseResult = geodesicInverse(a, [38.284, 34.5624]);",
        "const km: number = r.lengthMetres / 1000;",
        "const dir: string = resolveDataDir({ dataDir: process.argv[2] });",
        'const name: string = loadGazetteer(dir).lookup("Raqqa").name;',
        "const e: SyraqError | undefined = undefined;",
        'const status: Promise<number> = run(["--version"]);',
        "const ctx = commandContext({ dataDir: dir, quiet: true });",
        'const job: FigureJob = { spec: "fig.json", out: "fig.png", paper: "A4-landscape", dpi: 150, pdf: true };',
        "const render = (): Promise<FigureResult[]> => renderFigures(ctx, [job]);",
        "const table: string = markdownTable(COMMANDS);",
        'const progress = makeProgress("x", false);',
        "const input = { grid: null as never, cellCost: new Float64Array(1), source: 0, target: 0 };",
        "const route = (): CoarseToFineResult => coarseToFineRoute(input);",
        "export { km, name, e, status, render, table, progress, route };",
      ].join("\n"),
    );
    const ok = run(process.execPath, [join(work, "node_modules", "typescript", "bin", "tsc"), "-p", "ts"], work);
    expect(ok.stdout + ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    // the types are real: a number is not a string
    writeFileSync(
      join(work, "ts", "wrong.ts"),
      'import { geodesicInverse } from "@syraq/core";\nexport const s: string = geodesicInverse([0, 0], [1, 1]).lengthMetres;\n',
    );
    const wrong = run(process.execPath, [join(work, "node_modules", "typescript", "bin", "tsc"), "-p", "ts"], work);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.ts\(2,14\): error TS2322/);
    rmSync(join(work, "ts", "wrong.ts"));
  }, 600_000);
});

describeWithPeer(
  "npx syraq figure from the installed package",
  { name: "chromium", available: existsSync(CHROMIUM), install: "apt-get install -y chromium" },
  () => {
    it("renders a spec to PNG with GeoJSON and CSV, through the viewer shipped in @syraq/cli", () => {
      const spec = {
        title: "Raqqa to Palmyra",
        width: 480,
        height: 320,
        bbox: [37.5, 34, 40, 36.5],
        layers: ["hillshade", "rivers", "countries", "places"],
        labels: ["Raqqa", "Palmyra"],
        analysis: [{ type: "geodesic", from: "Raqqa", to: "Palmyra" }],
      };
      writeFileSync(join(work, "fig.json"), JSON.stringify(spec));
      const r = mustRun(
        "npx",
        ["syraq", "figure", "fig.json", "--out", "fig.png", "--data-dir", PACK, "--json", "--quiet"],
        work,
      );
      const j = JSON.parse(r.stdout);
      const png = PNG.sync.read(readFileSync(join(work, "fig.png")));
      expect([png.width, png.height]).toEqual([480, 320]);
      // a drawn map, not a blank page: many distinct colours
      const colours = new Set<number>();
      for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
      expect(colours.size).toBeGreaterThan(200);
      expect(existsSync(resolve(work, j.geojson))).toBe(true);
      const fc = JSON.parse(readFileSync(resolve(work, j.geojson), "utf8"));
      expect(fc.type).toBe("FeatureCollection");
      expect(fc.features.length).toBeGreaterThan(0);
    }, 600_000);
  },
);
