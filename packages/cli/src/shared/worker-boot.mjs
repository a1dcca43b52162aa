// Worker-thread entry: the CLI runs its TypeScript sources through tsx, and worker threads
// do not inherit the loader, so register it here before importing the worker's module.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
