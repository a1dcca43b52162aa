import { run } from "../../packages/cli/src/run.ts";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (when --json was passed). */
  json<T = any>(): T;
}

/** Runs the CLI in-process (fast; same code path as the binary). */
export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const status = await run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr, json: () => JSON.parse(stdout) };
}
