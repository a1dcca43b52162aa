/** Runs GeographicLib's command-line tools (peers) on many lines at once. */
import { execFileSync } from "node:child_process";
import { hasExecutable } from "../helpers/peers.ts";
import type { DirectCase, InverseCase, RingCase } from "./geodesic-cases.ts";

export const GEODSOLVE = {
  name: "GeodSolve",
  available: hasExecutable("GeodSolve"),
  install: "apt-get install geographiclib-tools",
};
export const PLANIMETER = {
  name: "Planimeter",
  available: hasExecutable("Planimeter"),
  install: "apt-get install geographiclib-tools",
};

/** Exact command lines used; recorded in the stored reference file. */
export const INVERSE_ARGS = ["-i", "-p", "9"];
export const DIRECT_ARGS = ["-p", "9"];
export const PLANIMETER_ARGS = ["-p", "9"];

const run = (cmd: string, args: string[], input: string) =>
  execFileSync(cmd, args, { input, encoding: "utf8", maxBuffer: 64 << 20 });

/** GeodSolve -i: "lat1 lon1 lat2 lon2" -> "azi1 azi2 s12". */
export function geodSolveInverse(cases: InverseCase[]): { azi1: number; azi2: number; s12: number }[] {
  const out = run("GeodSolve", INVERSE_ARGS, cases.map((c) => `${c.lat1} ${c.lon1} ${c.lat2} ${c.lon2}\n`).join(""));
  return out
    .trim()
    .split("\n")
    .map((line) => {
      const [azi1, azi2, s12] = line.trim().split(/\s+/).map(Number);
      return { azi1, azi2, s12 };
    });
}

/** GeodSolve (direct): "lat1 lon1 azi1 s12" -> "lat2 lon2 azi2". */
export function geodSolveDirect(cases: DirectCase[]): { lat2: number; lon2: number; azi2: number }[] {
  const out = run("GeodSolve", DIRECT_ARGS, cases.map((c) => `${c.lat1} ${c.lon1} ${c.azi1} ${c.s12}\n`).join(""));
  return out
    .trim()
    .split("\n")
    .map((line) => {
      const [lat2, lon2, azi2] = line.trim().split(/\s+/).map(Number);
      return { lat2, lon2, azi2 };
    });
}

/** Planimeter: vertices "lat lon" one per line -> "n perimeter area" (signed, counter-clockwise positive). */
export function planimeter(ring: RingCase["ring"]): { perimeter: number; area: number } {
  const out = run("Planimeter", PLANIMETER_ARGS, ring.map(([lon, lat]) => `${lat} ${lon}\n`).join(""));
  const [, perimeter, area] = out.trim().split(/\s+/).map(Number);
  return { perimeter, area };
}

export function geodSolveVersion(): string {
  return run("GeodSolve", ["--version"], "").trim();
}
