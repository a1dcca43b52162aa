import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
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

/** Module specifiers of static and dynamic imports and re-exports. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of source.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
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
    what: "node-only modules only in core/src/io/node (and the core/src/node.ts entry)",
    files: (f) =>
      f.startsWith("packages/core/src/") &&
      !f.startsWith("packages/core/src/io/node/") &&
      f !== "packages/core/src/node.ts",
    forbidden: isNodeBuiltin,
  },
  {
    what: "only core/src/io imports geotiff",
    files: (f) => !f.startsWith("packages/core/src/io/") && f.startsWith("packages/"),
    forbidden: (s) => s === "geotiff" || s.startsWith("geotiff/"),
  },
  {
    what: "only core/src/graph imports ngraph.*",
    files: (f) => !f.startsWith("packages/core/src/graph/") && f.startsWith("packages/"),
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
});
