// Worker-thread entry. From the sources (development, tests), worker threads do not inherit the parent's
// loader: register tsx here, and resolve "@syraq/core" to core's sources (the "@syraq/source" export
// condition) as the parent does. From the build (dist/, the installed package) the entry is plain JavaScript.
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
