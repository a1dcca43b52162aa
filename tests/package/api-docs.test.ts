// Every export of the public API ("@syraq/core" = packages/core/src/index.ts, "@syraq/core/node" = node.ts, and the
// library surface of "@syraq/cli" = packages/cli/src/index.ts) carries a doc comment, and every exported function and
// class an @example that imports from the public path. Exports are
// listed by the TypeScript compiler itself (the checker follows `export *` and re-export lists as a user's import
// does), so a new export without documentation fails here by name.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const ENTRIES = {
  "@syraq/core": resolve(ROOT, "packages/core/src/index.ts"),
  "@syraq/core/node": resolve(ROOT, "packages/core/src/node.ts"),
  "@syraq/cli": resolve(ROOT, "packages/cli/src/index.ts"),
};
/** The entries the generated reference (docs/api, typedoc) covers. */
const REFERENCE_ENTRIES = new Set(["@syraq/core", "@syraq/core/node"]);

interface ExportDoc {
  entry: string;
  name: string;
  kind: "function" | "class" | "type" | "value";
  documented: boolean;
  example: string | undefined;
  file: string;
  /** The whole doc comment's text. */
  docText: string;
  /** Codes of the SyraqErrors the declaration throws itself (`new SyraqError("CODE", …)` in its body). */
  throws: string[];
}

const isFunctionLike = (d: ts.Declaration): boolean =>
  ts.isFunctionDeclaration(d) ||
  (ts.isVariableDeclaration(d) &&
    !!d.initializer &&
    (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)));

/** The JSDoc nodes attached to a declaration (a `const` is documented on its statement). */
function jsDocsOf(d: ts.Declaration): ts.JSDoc[] {
  const host = ts.isVariableDeclaration(d) ? d.parent.parent : d;
  return ((host as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []).filter((j) => ts.isJSDoc(j));
}

function commentText(c: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (c === undefined) return "";
  return typeof c === "string" ? c : c.map((p) => p.text ?? "").join("");
}

function listExports(): ExportDoc[] {
  const program = ts.createProgram(Object.values(ENTRIES), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ["@syraq/source"],
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const out: ExportDoc[] = [];
  const seen = new Set<ts.Symbol>();
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} not in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file} is not a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (seen.has(symbol)) continue; // node.ts re-exports index.ts: each symbol is checked once, under its first entry
      seen.add(symbol);
      const decls = symbol.declarations ?? [];
      const docs = decls.flatMap(jsDocsOf);
      const kind = decls.some(ts.isClassDeclaration)
        ? "class"
        : decls.some(isFunctionLike)
          ? "function"
          : decls.some((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isEnumDeclaration(d))
            ? "type"
            : "value";
      const throws = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (
          ts.isNewExpression(node) &&
          ts.isIdentifier(node.expression) &&
          node.expression.text === "SyraqError" &&
          node.arguments?.[0] &&
          ts.isStringLiteral(node.arguments[0])
        )
          throws.add(node.arguments[0].text);
        ts.forEachChild(node, visit);
      };
      for (const d of decls) visit(d);
      const examples = docs.flatMap((j) => (j.tags ?? []).filter((t) => t.tagName.text === "example"));
      out.push({
        entry,
        name: exported.name,
        kind,
        documented: docs.some((j) => commentText(j.comment).trim().length > 0),
        example: examples.length ? examples.map((t) => commentText(t.comment)).join("\n") : undefined,
        file: (decls[0]?.getSourceFile().fileName ?? "").replace(`${ROOT}/`, ""),
        docText: docs.map((j) => j.getText()).join("\n"),
        throws: [...throws],
      });
    }
  }
  return out;
}

describe("public API documentation", () => {
  const all = listExports();

  it("lists the public API through the compiler (sanity: known exports of both entries are found)", () => {
    const names = new Set(all.map((e) => `${e.entry}:${e.name}`));
    expect(names.has("@syraq/core:geodesicInverse")).toBe(true);
    expect(names.has("@syraq/core:SyraqError")).toBe(true);
    expect(names.has("@syraq/core/node:loadGazetteer")).toBe(true);
    expect(names.has("@syraq/cli:renderFigures")).toBe(true);
    expect(all.length).toBeGreaterThan(200);
  });

  it("every export has a doc comment", () => {
    const missing = all.filter((e) => !e.documented).map((e) => `${e.entry}:${e.name} (${e.file})`);
    expect(missing).toEqual([]);
  });

  it("every exported function and class has an @example", () => {
    const missing = all
      .filter((e) => (e.kind === "function" || e.kind === "class") && e.example === undefined)
      .map((e) => `${e.entry}:${e.name} (${e.file})`);
    expect(missing).toEqual([]);
  });

  it("every function and class names in its doc the SyraqError codes it throws itself (INTERNAL aside)", () => {
    const undocumented = all.flatMap((e) =>
      e.throws.filter((c) => c !== "INTERNAL" && !e.docText.includes(c)).map((c) => `${e.entry}:${e.name} ${c}`),
    );
    expect(all.filter((e) => e.throws.length).length).toBeGreaterThan(50);
    expect(undocumented).toEqual([]);
  });

  it("the generated reference (docs/api, `pnpm docs:api`) has a section for every export", () => {
    const text = ["index.md", "node.md"].map((f) => readFileSync(resolve(ROOT, "docs/api", f), "utf8")).join("\n");
    // typedoc-plugin-markdown headings: "### name()" for functions, "### Name" for types, "### NAME\_X" for constants
    const heading = (name: string) =>
      new RegExp(`^#{2,4} ${name.replaceAll("$", "\\$").replaceAll("_", "\\\\?_")}(\\(\\))?$`, "m");
    const stale = all
      .filter((e) => REFERENCE_ENTRIES.has(e.entry) && !heading(e.name).test(text))
      .map((e) => `${e.entry}:${e.name}`);
    expect(stale, "docs/api is stale: run pnpm docs:api").toEqual([]);
  });

  it("examples import the library from its public paths only (no relative or deep imports)", () => {
    const bad = all
      .filter(
        (e) =>
          e.example !== undefined &&
          (/from\s+["'](\.|\/|@syraq\/(?!(?:core|core\/node|cli)["']))/.test(e.example) ||
            !new RegExp(`from\\s+["']${e.entry.split("/").slice(0, 2).join("/")}`).test(e.example)),
      )
      .map((e) => `${e.entry}:${e.name}`);
    expect(bad).toEqual([]);
  });

  it("every example type-checks against the public API", () => {
    // each example becomes its own module beside the core package (so "@syraq/core" resolves to it by its package
    // name, as in a user's project) and is checked with the repository's compiler options
    const dir = resolve(ROOT, "packages/core/__api_examples__");
    const files = new Map<string, string>();
    for (const e of all)
      if (e.example !== undefined)
        files.set(
          `${dir}/${e.name}.ts`,
          `${e.example.replace(/^\s*```ts\s*\n?/, "").replace(/```\s*$/, "")}\nexport {};\n`,
        );
    const config = ts.getParsedCommandLineOfConfigFile(
      resolve(ROOT, "tsconfig.base.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    const options = { ...config!.options, noEmit: true };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (f, v, ...rest) =>
      files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : getSourceFile.call(host, f, v, ...rest);
    host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
    host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
    const program = ts.createProgram([...files.keys()], options, host);
    const errors: string[] = [];
    for (const f of files.keys()) {
      const sf = program.getSourceFile(f)!;
      for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1;
        errors.push(`${f.slice(dir.length + 1)}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
      }
    }
    expect(files.size).toBeGreaterThan(250);
    expect(errors).toEqual([]);
  }, 180_000);
});
