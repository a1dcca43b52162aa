#!/usr/bin/env node
// `pnpm build`: compiles @syraq/core and @syraq/cli to JavaScript with .d.ts and source maps (tsc project
// references; sources import `.ts` paths, rewritten to `.js` by rewriteRelativeImportExtensions), copies the
// project's data/ into @syraq/core (it ships with the package), copies the CLI's non-TypeScript sources
// (the worker boot file), builds the viewer's static app (vite) and copies it into @syraq/cli's dist/viewer
// for `syraq figure`. Plain JavaScript so that it runs with nothing but Node and the dev dependencies.
//
//   node scripts/build.mjs             everything
//   node scripts/build.mjs --no-viewer  the libraries and data only (the viewer's last build is kept)
//   node scripts/build.mjs --force      rebuild the viewer even when its last build is newer than its sources
// tsc -b is incremental and the viewer is rebuilt only when its sources or core's changed, so a second run is quick.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(import.meta.dirname, "..");
const CORE = join(ROOT, "packages", "core");
const CLI = join(ROOT, "packages", "cli");
const VIEWER = join(ROOT, "packages", "viewer");
const args = new Set(process.argv.slice(2));
const quiet = args.has("--quiet");

const log = (line) => {
  if (!quiet) process.stderr.write(`build: ${line}\n`);
};

let failed = false;

/** Runs a step; `keepGoing` records a failure and lets the later steps run (tsc emits despite type errors). */
function run(label, command, argv, options = {}, keepGoing = false) {
  log(label);
  const r = spawnSync(command, argv, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], ...options });
  if (r.status !== 0) {
    process.stderr.write(`build: ${label} failed (exit ${r.status ?? r.signal})\n`);
    if (!keepGoing) process.exit(1);
    failed = true;
  }
}

/** Replaces `to` by a fresh copy of `from` (written beside it, then renamed into place). */
function copyTree(from, to, filter = () => true) {
  const tmp = `${to}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(from, tmp, { recursive: true, filter: (src) => filter(relative(from, src)) });
  rmSync(to, { recursive: true, force: true });
  renameSync(tmp, to);
}

/** Newest modification time under `path` (dot files, dist/ and node_modules/ left out). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(path))
    if (!name.startsWith(".") && name !== "dist" && name !== "node_modules")
      m = Math.max(m, newestMtime(join(path, name)));
  return m;
}

/** Every file under `dir` (relative paths). */
function walk(dir, sub = "") {
  const out = [];
  for (const name of readdirSync(join(dir, sub))) {
    const rel = sub ? join(sub, name) : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...walk(dir, rel));
    else out.push(rel);
  }
  return out;
}

// 1. TypeScript → JavaScript + .d.ts + maps (core first, through the cli's project reference).
run(
  "tsc -b packages/cli (and packages/core)",
  process.execPath,
  [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-b", join(CLI, "tsconfig.build.json")],
  {},
  true,
);

/**
 * Dependencies that only some commands need (map projections, polygon clipping, the network graph) are loaded on
 * first use in the built package, so a command that never projects, clips or builds a network does not pay for
 * them at start-up. Each is replaced in the bundle by a stand-in that `require`s the CommonJS build of the
 * package the first time one of its exports is used; `default` stands for a callable module (proj4, ngraph.graph).
 * The sources keep plain static imports (tests, tsx and the browser viewer use them as they are).
 */
const LAZY_DEPENDENCIES = {
  proj4: ["default"],
  "@turf/union": ["union"],
  "@turf/intersect": ["intersect"],
  "@turf/bbox-polygon": ["bboxPolygon"],
  "@turf/helpers": ["featureCollection", "feature"],
  "ngraph.graph": ["default"],
  "ngraph.path": ["aStar"],
};

function lazyDependencies(table) {
  return {
    name: "syraq-lazy-dependencies",
    setup(b) {
      const filter = new RegExp(
        `^(${Object.keys(table)
          .map((k) => k.replace(/[.]/g, "\\."))
          .join("|")})$`,
      );
      b.onResolve({ filter }, (a) => ({ path: a.path, namespace: "syraq-lazy" }));
      b.onLoad({ filter: /.*/, namespace: "syraq-lazy" }, (a) => {
        const id = JSON.stringify(a.path);
        const lines = [
          'import { createRequire } from "node:module";',
          "let loaded;",
          `const load = () => (loaded ??= createRequire(import.meta.url)(${id}));`,
        ];
        for (const name of table[a.path]) {
          if (name === "default")
            lines.push(
              "export default new Proxy(function () {}, {",
              "  apply: (_, self, args) => Reflect.apply(load(), self, args),",
              "  get: (_, key) => load()[key],",
              "  has: (_, key) => key in load(),",
              "});",
            );
          else lines.push(`export function ${name}(...args) { return load().${name}(...args); }`);
        }
        return { contents: lines.join("\n"), loader: "js", resolveDir: CORE };
      });
    },
  };
}

// 1b. @syraq/core's JavaScript: its two entry points (index, node) bundled by esbuild from the sources, with the
//     modules they share in common chunks (one copy of each module, so singletons and `instanceof` hold) and its
//     dependencies left as imports. tsc above emits only core's declarations. One file per entry instead of ~100
//     modules takes about 60 ms off every `syraq` start.
{
  log("esbuild packages/core (dist/index.js, dist/node.js)");
  const dist = join(CORE, "dist");
  for (const rel of existsSync(dist) ? walk(dist) : [])
    if (/\.js(\.map)?$/.test(rel)) rmSync(join(dist, rel), { force: true });
  const { build } = await import("esbuild");
  try {
    await build({
      plugins: [lazyDependencies(LAZY_DEPENDENCIES)],
      entryPoints: { index: join(CORE, "src", "index.ts"), node: join(CORE, "src", "node.ts") },
      outdir: dist,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: "linked",
      sourcesContent: false,
      chunkNames: "chunks/[name]-[hash]",
      logLevel: "warning",
    });
  } catch {
    process.stderr.write("build: esbuild packages/core failed (errors above)\n");
    process.exit(1);
  }
}

// 2. Non-TypeScript files the compiled code loads at run time (e.g. shared/worker-boot.mjs).
for (const pkg of [CORE, CLI]) {
  for (const rel of walk(join(pkg, "src"))) {
    if (/\.(ts|mts|cts)$/.test(rel)) continue;
    mkdirSync(dirname(join(pkg, "dist", rel)), { recursive: true });
    cpSync(join(pkg, "src", rel), join(pkg, "dist", rel));
  }
}

// 2b. dist/commands.json: each command's description and the module implementing it, so that the built `syraq`
//     answers --version and help without loading @syraq/core and loads only the command it runs (src/launch.ts).
{
  log("dist/commands.json (command descriptions for the fast start)");
  const dist = join(CLI, "dist");
  // never a stale one: without it the bin loads every command (slower, still right)
  rmSync(join(dist, "commands.json"), { force: true });
  const { COMMANDS } = await import(pathToFileURL(join(dist, "commands", "index.js")).href);
  const where = new Map();
  for (const file of readdirSync(join(dist, "commands")).filter((f) => f.endsWith(".js") && f !== "index.js")) {
    const m = await import(pathToFileURL(join(dist, "commands", file)).href);
    for (const [exportName, value] of Object.entries(m))
      if (COMMANDS.includes(value)) where.set(value, { module: `./commands/${file}`, exportName });
  }
  const manifest = COMMANDS.map((c) => {
    const at = where.get(c);
    if (!at) {
      process.stderr.write(`build: command '${c.name}' is not exported by a module of dist/commands/\n`);
      process.exit(1);
    }
    const { run: _run, ...description } = c;
    return { ...JSON.parse(JSON.stringify(description)), ...at };
  });
  writeFileSync(join(dist, "commands.json"), `${JSON.stringify(manifest, null, 1)}\n`);
}

// 3. The project's own data (roads, crossings, fronts, control, gazetteer seed, zones, manifest) into @syraq/core.
log("data/ → packages/core/data");
copyTree(join(ROOT, "data"), join(CORE, "data"));

// 4. The viewer's static app → @syraq/cli dist/viewer (without the data copies the viewer build makes:
//    `syraq figure` serves the data pack and the project's data itself).
if (!args.has("--no-viewer")) {
  // The same freshness stamp as `syraq figure` uses in a checkout (cli/src/shared/figure-render.ts).
  const stamp = join(VIEWER, "dist", ".syraq-build");
  const sources = Math.max(
    ...["src", "index.html", "figure.html", "vite.config.ts", "server"].map((f) => newestMtime(join(VIEWER, f))),
    newestMtime(join(CORE, "src")),
  );
  const fresh =
    existsSync(join(VIEWER, "dist", "figure.html")) && existsSync(stamp) && statSync(stamp).mtimeMs >= sources;
  if (fresh && !args.has("--force")) log("viewer: up to date");
  else {
    run(
      "vite build packages/viewer",
      process.execPath,
      [join(VIEWER, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
      { cwd: VIEWER },
    );
    writeFileSync(stamp, new Date().toISOString());
  }
  const keep = (rel) => rel === "" || !/^(data|pack)(\/|$)|^data-index\.json$/.test(rel);
  copyTree(join(VIEWER, "dist"), join(CLI, "dist", "viewer"), keep);
  log("packages/viewer/dist → packages/cli/dist/viewer");
} else if (!existsSync(join(CLI, "dist", "viewer", "figure.html"))) {
  log("note: --no-viewer and no earlier viewer build: `syraq figure` will not work until a full build");
}
if (failed) {
  process.stderr.write("build: failed (type errors above; the JavaScript was emitted, the other steps ran)\n");
  process.exit(1);
}
log("done");
