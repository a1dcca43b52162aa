/**
 * Kills during a write (issue 14): a command killed at any point (SIGKILL, SIGINT, SIGTERM) leaves each output
 * either as it was before or complete and new, never truncated. Two levels:
 *  - the mechanism: a child writes 128 MB through an OutputTransaction and is killed while the bytes go to disk;
 *  - the CLI: `accumulate` with three outputs over a 600 × 600 raster, killed at random times over its run; every
 *    output must equal the old bytes or the bytes of an uninterrupted run.
 * Children run the TypeScript sources (node --conditions=@syraq/source --import tsx).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeGeoTiff } from "../../packages/core/src/io/geotiff.ts";
import { WGS84_CRS } from "../../packages/core/src/raster/raster.ts";
import { mulberry32 } from "../../packages/core/src/util/random.ts";

const ROOT = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "syraq-kills-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const f = (name: string) => join(work, name);
const NODE_ARGS = ["--conditions=@syraq/source", "--import", "tsx"];

interface Child {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a node child; calls `onStdout` with each chunk (to time a kill); resolves when it ends. */
function runChild(args: string[], onStart?: (kill: (s: NodeJS.Signals) => void, stdout: () => string) => void) {
  return new Promise<Child>((ok) => {
    const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    onStart?.(
      (s) => child.kill(s),
      () => stdout,
    );
    child.on("close", (status, signal) => ok({ status, signal, stdout, stderr }));
  });
}

const waitFor = async (cond: () => boolean, ms = 60_000) => {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 5));
};

describe("the mechanism: a 128 MB output killed while it is written", () => {
  const script = f("writer.mts");
  beforeAll(() => {
    writeFileSync(
      script,
      `import { OutputTransaction } from ${JSON.stringify(join(ROOT, "packages/core/src/io/node/atomic.ts"))};
const out = process.argv[2];
const tx = OutputTransaction.begin([{ path: out, label: "--out" }]);
const bytes = new Uint8Array(128 * 2 ** 20).fill(7);
process.stdout.write("writing\\n");
tx.write(out, bytes);
tx.commit();
process.stdout.write("done\\n");
`,
    );
  });

  for (const signal of ["SIGKILL", "SIGTERM", "SIGINT"] as const) {
    it(`${signal}: the old file stays whole (or the new one is complete); no temporary file after a catchable signal`, async () => {
      const out = f(`big-${signal}.bin`);
      writeFileSync(out, "the old contents\n");
      const r = await runChild([script, out], async (kill, stdout) => {
        await waitFor(() => stdout().includes("writing"));
        // into the write (128 MB to disk takes a while): 0..40 ms after it starts
        await new Promise((res) => setTimeout(res, Math.floor(mulberry32(signal.length)() * 40)));
        kill(signal);
      });
      const now = readFileSync(out);
      const old = now.toString() === "the old contents\n";
      const complete = now.length === 128 * 2 ** 20 && now.every((b) => b === 7);
      expect(old || complete, `after ${signal}: ${now.length} bytes`).toBe(true);
      if (!r.stdout.includes("done")) expect(r.signal ?? r.status).toBeTruthy();
      const temps = readdirSync(work).filter((n) => n.startsWith(`.big-${signal}.bin.`));
      // SIGKILL cannot be caught, so its temporary file may stay; the others are removed
      if (signal !== "SIGKILL") expect(temps).toEqual([]);
    }, 120_000);
  }
});

describe("the CLI: accumulate killed at random points keeps every output old or new, never broken", () => {
  const W = 600;
  const outs = ["acc.tif", "dir.tif", "alloc.tif"];
  const args = (dir: string) => [
    join(ROOT, "packages/cli/src/main.ts"),
    "accumulate",
    "--from",
    "35.3,38.3",
    "--cost",
    f("cost.tif"),
    "--out",
    join(dir, outs[0]!),
    "--direction",
    join(dir, outs[1]!),
    "--allocation",
    join(dir, outs[2]!),
    "--quiet",
  ];
  const reference = new Map<string, Buffer>();
  let fullMs = 0;
  beforeAll(async () => {
    const data = new Float32Array(W * W);
    const random = mulberry32(600);
    for (let i = 0; i < data.length; i++) data[i] = 1 + random();
    writeFileSync(
      f("cost.tif"),
      writeGeoTiff({
        width: W,
        height: W,
        originX: 38,
        originY: 35.5,
        pixelSizeX: 1 / W,
        pixelSizeY: 1 / W,
        crs: WGS84_CRS,
        data,
        nodata: null,
      }),
    );
    const dir = mkdtempSync(join(work, "ref-"));
    const t0 = Date.now();
    const r = await runChild(args(dir));
    fullMs = Date.now() - t0;
    expect(r.status, r.stderr).toBe(0);
    for (const o of outs) reference.set(o, readFileSync(join(dir, o)));
  }, 120_000);

  const random = mulberry32(14);
  const cases = [
    { signal: "SIGKILL" as const, at: random() },
    { signal: "SIGKILL" as const, at: 0.7 + 0.3 * random() },
    { signal: "SIGINT" as const, at: random() },
    { signal: "SIGTERM" as const, at: 0.7 + 0.3 * random() },
  ];
  for (const { signal, at } of cases) {
    it(`${signal} at ${(100 * at).toFixed(0)} % of a full run`, async () => {
      const dir = mkdtempSync(join(work, "run-"));
      for (const o of outs) writeFileSync(join(dir, o), `old ${o}\n`);
      await runChild(args(dir), async (kill) => {
        await new Promise((res) => setTimeout(res, Math.floor(at * fullMs)));
        kill(signal);
      });
      for (const o of outs) {
        const now = readFileSync(join(dir, o));
        const same = now.toString() === `old ${o}\n` || now.equals(reference.get(o)!);
        expect(same, `${o} after ${signal}: ${now.length} bytes, neither the old file nor a complete new one`).toBe(
          true,
        );
      }
      if (signal !== "SIGKILL") expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
      expect(existsSync(dir)).toBe(true);
    }, 120_000);
  }
});
