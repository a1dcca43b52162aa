#!/usr/bin/env node
// Development launcher: runs the CLI's TypeScript sources through tsx, with "@syraq/core" resolved to core's
// sources too (the "@syraq/source" export condition), so edits take effect without `pnpm build`.
// The installed command is dist/main.js (package.json "bin"), plain JavaScript.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

registerTsx();
// Registered after tsx, so it runs first and hands tsx (and Node) the extra condition.
register(
  "data:text/javascript,export async function resolve(s, c, next) {" +
    " return next(s, { ...c, conditions: [...c.conditions, '@syraq/source'] }); }",
);
await import("../src/main.ts");
