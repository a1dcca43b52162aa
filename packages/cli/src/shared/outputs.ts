/**
 * Outputs of a command as one transaction (core io/node/atomic.ts): every output path is checked before any work,
 * an output that is an input (or two outputs that are one file) is refused, and files appear only when all of them
 * are complete. A failure or a signal leaves the previous files untouched.
 */
import { OutputTransaction, type NamedPath } from "@syraq/core/node";

/** Option label → path (undefined, empty or non-string = not asked for). */
export type PathsByOption = Record<string, unknown> | Array<[string, unknown]>;

function named(paths: PathsByOption): NamedPath[] {
  const entries = Array.isArray(paths) ? paths : Object.entries(paths);
  return entries
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
    .map(([label, path]) => ({ label, path }));
}

/**
 * Checks the outputs and opens the transaction: `outputs` and `inputs` map an option ("--out") to its path.
 * Use with `try { …; tx.write(path, bytes); …; tx.commit(); } finally { tx.abort(); }`.
 */
export function beginOutputs(outputs: PathsByOption, inputs: PathsByOption = {}): OutputTransaction {
  return OutputTransaction.begin(named(outputs), named(inputs));
}

/** JSON text of a GeoJSON value as the commands write it (one line, newline-terminated). */
export const geoJsonText = (value: unknown, indent?: number): string => `${JSON.stringify(value, null, indent)}\n`;
