import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/**
 * Module specifiers of static and dynamic imports, re-exports and requires, as TypeScript's own pre-processor
 * finds them: code only, so an `@example` in a doc comment that imports node:fs is not an import.
 */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

const NODE_BUILTINS = new Set([
  "fs",
  "path",
  "os",
  "child_process",
  "url",
  "crypto",
  "zlib",
  "worker_threads",
  "stream",
  "util",
  "http",
  "https",
  "net",
  "process",
  "readline",
  "fs/promises",
]);
const isNodeBuiltin = (s: string) => s.startsWith("node:") || NODE_BUILTINS.has(s);

interface Rule {
  what: string;
  files: (rel: string) => boolean;
  forbidden: (spec: string) => boolean;
}

const rules: Rule[] = [
  {
    what: "core must not import cli or viewer",
    files: (f) => f.startsWith("packages/core/src/"),
    forbidden: (s) => /@syraq\/(cli|viewer)|packages\/(cli|viewer)|\.\.\/\.\.\/(cli|viewer)\//.test(s),
  },
  {
    what: "node-only modules only in a node/ folder of core (and the core/src/node.ts entry)",
    files: (f) => f.startsWith("packages/core/src/") && !f.includes("/node/") && f !== "packages/core/src/node.ts",
    forbidden: isNodeBuiltin,
  },
  {
    what: "only core/src/io imports geotiff",
    files: (f) => !f.startsWith("packages/core/src/io/") && f.startsWith("packages/"),
    forbidden: (s) => s === "geotiff" || s.startsWith("geotiff/"),
  },
  {
    what: "only core/src/routing imports ngraph.*",
    files: (f) => !f.startsWith("packages/core/src/routing/") && f.startsWith("packages/"),
    forbidden: (s) => s.startsWith("ngraph."),
  },
  {
    what: "only the viewer imports deck.gl",
    files: (f) => !f.startsWith("packages/viewer/") && f.startsWith("packages/"),
    forbidden: (s) => s.startsWith("@deck.gl/") || s === "deck.gl",
  },
  {
    what: "cli must not import the viewer",
    files: (f) => f.startsWith("packages/cli/"),
    forbidden: (s) => s.startsWith("@syraq/viewer"),
  },
  {
    what: "browser code of the viewer must not import node-only core",
    files: (f) => f.startsWith("packages/viewer/src/"),
    forbidden: (s) => s === "@syraq/core/node" || isNodeBuiltin(s),
  },
];

describe("architecture: imports point one way", () => {
  const files = sourceFiles(join(ROOT, "packages")).map((p) => ({
    rel: relative(ROOT, p).replaceAll("\\", "/"),
    src: readFileSync(p, "utf8"),
  }));

  it("finds the source files", () => {
    expect(files.some((f) => f.rel.startsWith("packages/core/src/"))).toBe(true);
  });

  for (const rule of rules) {
    it(rule.what, () => {
      const violations: string[] = [];
      for (const f of files) {
        if (!rule.files(f.rel) || /\/test\//.test(f.rel)) continue;
        for (const s of importsOf(f.src)) if (rule.forbidden(s)) violations.push(`${f.rel} imports '${s}'`);
      }
      expect(violations).toEqual([]);
    });
  }

  it("the import scanner sees static, type-only, re-export and dynamic imports", () => {
    const src = `import a from "node:fs";\nimport type { B } from 'geotiff';\nexport * from "ngraph.path";\nconst c = await import("@deck.gl/core");`;
    expect(importsOf(src)).toEqual(["node:fs", "geotiff", "ngraph.path", "@deck.gl/core"]);
  });

  it("the import scanner ignores imports shown in comments (doc examples)", () => {
    const src = `/**\n * @example\n * import { readFileSync } from "node:fs";\n */\n// import x from "proj4";\nimport { a } from "./a.ts";`;
    expect(importsOf(src)).toEqual(["./a.ts"]);
  });
});

/**
 * The core's folders by rank (docs/architecture.md). A file may import its own folder and folders of a LOWER rank;
 * never a folder of the same rank (siblings stay independent) or a higher one.
 */
const CORE_RANKS: Record<string, number> = {
  "units.ts": 0,
  "errors.ts": 1,
  util: 2,
  geo: 3,
  raster: 4,
  io: 5,
  gazetteer: 6,
  zones: 6,
  terrain: 6,
  cost: 7,
  search: 8,
  routing: 9,
  control: 9,
  analysis: 10,
  figures: 11,
  "index.ts": 12,
  "node.ts": 13,
};

const CORE_SRC = join(ROOT, "packages/core/src");

/** The rank folder of a path inside packages/core/src ("routing", "units.ts", …). */
function coreFolder(absPath: string): string {
  return relative(CORE_SRC, absPath).replaceAll("\\", "/").split("/")[0]!;
}

/** Relative imports of a core file that break the ranks, as "file imports spec (A rank x -> B rank y)". */
function rankViolations(fileAbs: string, source: string): string[] {
  const from = coreFolder(fileAbs);
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    if (!spec.startsWith(".")) continue;
    const target = resolve(dirname(fileAbs), spec);
    const to = coreFolder(target);
    if (to === from) continue;
    const a = CORE_RANKS[from];
    const b = CORE_RANKS[to];
    if (a === undefined || b === undefined || b >= a) out.push(`${spec} (${from} rank ${a} -> ${to} rank ${b})`);
  }
  return out;
}

describe("architecture: the core's folders by rank", () => {
  const coreFiles = sourceFiles(CORE_SRC);

  it("every folder and top-level file of core/src has a declared rank", () => {
    const folders = [...new Set(coreFiles.map(coreFolder))].filter((f) => !f.endsWith(".d.ts"));
    expect(folders.filter((f) => CORE_RANKS[f] === undefined)).toEqual([]);
  });

  it("a folder never imports a folder of the same or a higher rank", () => {
    const violations: string[] = [];
    for (const f of coreFiles) {
      for (const v of rankViolations(f, readFileSync(f, "utf8"))) violations.push(`${relative(ROOT, f)} imports ${v}`);
    }
    expect(violations).toEqual([]);
  });

  it("nothing outside a node/ folder imports a node/ file (the browser-safe API stays browser-safe)", () => {
    const violations: string[] = [];
    for (const f of coreFiles) {
      const rel = relative(CORE_SRC, f).replaceAll("\\", "/");
      if (rel.includes("node/") || rel === "node.ts") continue;
      for (const spec of importsOf(readFileSync(f, "utf8"))) {
        if (
          spec.startsWith(".") &&
          /(^|\/)node\//.test(resolve(dirname(f), spec).replaceAll("\\", "/").slice(CORE_SRC.length))
        )
          violations.push(`${rel} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the rank check catches an upward and a sibling import (it can fail)", () => {
    const file = join(CORE_SRC, "raster/example.ts");
    const src = `import { a } from "../analysis/route.ts";\nimport { b } from "../geo/types.ts";\nimport "./crs.ts";`;
    expect(rankViolations(file, src)).toEqual(["../analysis/route.ts (raster rank 4 -> analysis rank 10)"]);
    const sibling = join(CORE_SRC, "zones/example.ts");
    expect(rankViolations(sibling, `import "../terrain/slope.ts";`)).toEqual([
      "../terrain/slope.ts (zones rank 6 -> terrain rank 6)",
    ]);
  });
});

describe("architecture: package boundaries", () => {
  const pkgFiles = sourceFiles(join(ROOT, "packages"))
    .map((p) => ({ rel: relative(ROOT, p).replaceAll("\\", "/"), abs: p }))
    .filter((f) => !/\/test\//.test(f.rel));

  it("no package reaches into another package's files or node_modules (only package names)", () => {
    const violations: string[] = [];
    for (const f of pkgFiles) {
      const pkg = f.rel.split("/")[1];
      const src = readFileSync(f.abs, "utf8");
      for (const spec of importsOf(src)) {
        if (spec.startsWith(".")) {
          const target = relative(join(ROOT, "packages"), resolve(dirname(f.abs), spec)).replaceAll("\\", "/");
          if (!target.startsWith(`${pkg}/`) || target.includes("node_modules/"))
            violations.push(`${f.rel} imports ${spec}`);
        }
      }
      // Paths built at run time into another package's node_modules (e.g. running its tools from there).
      for (const m of src.matchAll(/["'`]node_modules["'`]/g)) violations.push(`${f.rel} names node_modules (${m[0]})`);
    }
    expect(violations).toEqual([]);
  });

  it("CLI commands never import other command files (shared helpers live in cli/src/shared)", () => {
    const violations: string[] = [];
    for (const f of pkgFiles.filter((x) => x.rel.startsWith("packages/cli/src/commands/"))) {
      if (f.rel.endsWith("/index.ts")) continue;
      for (const spec of importsOf(readFileSync(f.abs, "utf8"))) {
        if (spec.startsWith("./")) violations.push(`${f.rel} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });
});

/** Public entry points of the workspace packages: "@syraq/core", "@syraq/core/node", … from each `exports` map. */
function publicEntries(): Set<string> {
  const out = new Set<string>();
  for (const dir of readdirSync(join(ROOT, "packages"))) {
    const manifest = join(ROOT, "packages", dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name: string; private?: boolean; exports?: object };
    // a private package (the viewer) is no library: nothing outside it may import it
    if (pkg.private || !pkg.exports) continue;
    for (const key of Object.keys(pkg.exports)) out.add(key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`);
  }
  return out;
}

/** The root manifest's declared dependencies (the scripts' and examples' own tools). */
function declaredDependencies(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  return new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
}

/**
 * Imports of a script or example that go past the public API: a relative or absolute path into packages/, a
 * workspace package's path not in its `exports` ("@syraq/core/src/…"), or a bare package that is neither a Node
 * builtin nor declared in the root package.json. Relative imports between the scripts themselves are fine.
 */
function nonPublicImports(fileAbs: string, source: string, entries: Set<string>, declared: Set<string>): string[] {
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith(".") || spec.startsWith("/")) {
      const target = relative(ROOT, resolve(dirname(fileAbs), spec)).replaceAll("\\", "/");
      if (target.startsWith("packages/") || target.startsWith("..")) out.push(spec);
    } else if (spec.startsWith("@syraq/")) {
      if (!entries.has(spec)) out.push(spec);
    } else if (!isBuiltin(spec)) {
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
      if (!declared.has(name)) out.push(spec);
    }
  }
  return out;
}

describe("architecture: the repository's scripts and examples use only the public API", () => {
  const entries = publicEntries();
  const declared = declaredDependencies();
  const files = ["scripts", "examples"].flatMap((d) => sourceFiles(join(ROOT, d)));

  it("finds the scripts, the examples and the public entries", () => {
    const rels = files.map((f) => relative(ROOT, f).replaceAll("\\", "/"));
    expect(rels).toContain("scripts/gen-readme.ts");
    expect(rels.some((f) => f.startsWith("examples/"))).toBe(true);
    expect([...entries].sort()).toEqual(expect.arrayContaining(["@syraq/cli", "@syraq/core", "@syraq/core/node"]));
    expect(entries.has("@syraq/viewer")).toBe(false);
  });

  it("no script or example imports a package's internals", () => {
    const violations: string[] = [];
    for (const f of files)
      for (const spec of nonPublicImports(f, readFileSync(f, "utf8"), entries, declared))
        violations.push(`${relative(ROOT, f)} imports '${spec}'`);
    expect(violations).toEqual([]);
  });

  it("the check catches relative, deep and undeclared imports and lets public ones through (it can fail)", () => {
    const file = join(ROOT, "scripts/bench/example.ts");
    const src = [
      'import { a } from "../../packages/core/src/routing/barriers.ts";',
      'import type { B } from "../../packages/cli/src/command.ts";',
      'import { c } from "@syraq/core/src/index.ts";',
      'import { d } from "@syraq/viewer";',
      'import { e } from "left-pad";',
      'const f = await import("../../../elsewhere/x.ts");',
      'import { g } from "@syraq/core";',
      'import { h } from "@syraq/core/node";',
      'import { i } from "@syraq/cli";',
      'import { j } from "./synthetic.ts";',
      'import { k } from "node:fs";',
      'import { l } from "esbuild";',
    ].join("\n");
    expect(nonPublicImports(file, src, entries, declared)).toEqual([
      "../../packages/core/src/routing/barriers.ts",
      "../../packages/cli/src/command.ts",
      "@syraq/core/src/index.ts",
      "@syraq/viewer",
      "left-pad",
      "../../../elsewhere/x.ts",
    ]);
  });
});
