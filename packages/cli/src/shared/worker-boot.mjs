// Worker-thread entry. Run from the TypeScript sources (bin/syraq.mjs, pnpm syraq, tests), a worker
// inherits neither tsx's loader nor the "@syraq/source" export condition the main thread registered
// with module.register, so it registers both here, as bin/syraq.mjs does: without them it would load
// @syraq/core from dist/ (stale, or missing in a fresh clone). Built (dist/*.js), it imports directly.
import { register } from "node:module";
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register: registerTsx } = await import("tsx/esm/api");
  registerTsx();
  register(
    "data:text/javascript,export async function resolve(s, c, next) {" +
      " return next(s, { ...c, conditions: [...c.conditions, '@syraq/source'] }); }",
  );
}
await import(workerData.entry);
