import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..", "..");
export const BIN = join(ROOT, "packages", "cli", "bin", "syraq.mjs");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `syraq serve` on a free loopback port and waits for its "ready at URL" line. */
export function startServe(args: string[] = [], timeoutMs = 110_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`syraq serve not ready in ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`syraq serve exited with ${code} before it was ready; stderr: ${err}`));
    });
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /ready at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        child,
        stderr: () => err,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const r = await fetch(url, init);
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text) };
}
