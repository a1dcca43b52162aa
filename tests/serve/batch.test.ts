/**
 * `syraq batch`: one answer per request in input order, the same JSON as the CLI; shards
 * merged by line number equal the unsharded run (merged with coreutils `sort`, as the docs
 * say, and in JS); a run SIGKILLed mid-way and resumed (with a torn last line added to its
 * partial file) ends with exactly the unsharded output: nothing lost, nothing repeated.
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "packages", "cli", "bin", "syraq.mjs");
const dir = mkdtempSync(join(tmpdir(), "syraq-batch-"));

const TOWNS = ["Raqqa", "Palmyra", "Sukhna", "Deir ez-Zor", "Qaryatayn", "Homs", "al-Bukamal", "Mayadeen", "Hasakah"];

function requests(n: number): string {
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    const a = TOWNS[k % TOWNS.length]!;
    const b = TOWNS[(k * 4 + 3) % TOWNS.length]!;
    if (k % 7 === 3) lines.push(`{"id":${k},"command":"distance","args":{"places":["${a}","${b}"]}}`);
    else if (k % 11 === 5) lines.push(`{"id":${k},"command":"route","args":{"from":"Atlantis","to":"${b}"}}`);
    // every third request is a long walking isochrone: the run lasts long enough to be killed mid-way
    else if (k % 3 === 2)
      lines.push(`{"id":${k},"command":"isochrone","args":{"from":["${a}"],"minutes":[600],"model":"foot"}}`);
    else
      lines.push(
        `{"id":${k},"command":"route","args":{"from":"${a}","to":"${b}","model":"${k % 2 ? "foot" : "vehicle"}"}}`,
      );
  }
  return `${lines.join("\n")}\n`;
}

const lines = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n");

describe("syraq batch", () => {
  const input = join(dir, "req.jsonl");
  writeFileSync(input, requests(24));
  const full = join(dir, "full.jsonl");

  it("answers every line in order with the CLI's JSON or a coded error", async () => {
    const r = await cli("batch", input, "--out", full, "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const out = lines(full).map((l) => JSON.parse(l));
    expect(out.map((o) => o.line)).toEqual(Array.from({ length: 24 }, (_, k) => k));
    expect(out.map((o) => o.id)).toEqual(Array.from({ length: 24 }, (_, k) => k));
    const bad = out.filter((o) => !o.ok);
    expect(bad.map((o) => o.line)).toEqual([5, 16]);
    expect(bad.every((o) => o.error.code === "UNKNOWN_PLACE")).toBe(true);
    // request 1: a = TOWNS[1] = Palmyra, b = TOWNS[(4 + 3) % 9] = Mayadeen, model foot
    const ref1 = await cli("route", "Palmyra", "Mayadeen", "--model", "foot", "--json", "--quiet");
    expect(out[1].result).toEqual(ref1.json());
    const ref3 = await cli("distance", "Deir ez-Zor", "al-Bukamal", "--json");
    expect(out[3].result).toEqual(ref3.json());
    expect(existsSync(`${full}.partial`)).toBe(false);
  });

  it("two worker threads give the same bytes as one thread", async () => {
    const two = join(dir, "two.jsonl");
    const r = await cli("batch", input, "--out", two, "--workers", "2", "--quiet");
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(two, "utf8")).toBe(readFileSync(full, "utf8"));
  });

  it("3 shards merged by line number (sort, as in the docs) equal the unsharded run", async () => {
    const parts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = join(dir, `shard-${i}.jsonl`);
      const r = await cli("batch", input, "--out", p, "--shard", `${i}/3`, "--quiet");
      expect(r.status, r.stderr).toBe(0);
      for (const l of lines(p)) expect(JSON.parse(l).line % 3).toBe(i);
      parts.push(p);
    }
    // docs/serve-and-batch.md: sort -t: -k2,2n shard-*.jsonl (each line starts {"line":N,)
    const sorted = spawnSync("sort", ["-t:", "-k2,2n", ...parts], {
      encoding: "utf8",
      env: { ...process.env, LC_ALL: "C" },
    });
    expect(sorted.status).toBe(0);
    expect(sorted.stdout).toBe(readFileSync(full, "utf8"));
    const merged = parts
      .flatMap(lines)
      .sort((a, b) => JSON.parse(a).line - JSON.parse(b).line)
      .join("\n");
    expect(`${merged}\n`).toBe(readFileSync(full, "utf8"));
  });

  it("a run killed mid-way and resumed loses nothing and repeats nothing (torn last line redone)", async () => {
    const out = join(dir, "killed.jsonl");
    const partial = `${out}.partial`;
    const child = spawn(process.execPath, [BIN, "batch", input, "--out", out, "--quiet"], {
      cwd: ROOT,
      stdio: "ignore",
    });
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    // wait until some, not all, answers are written
    for (let t = 0; t < 6000; t++) {
      if (existsSync(partial) && lines(partial).filter(Boolean).length >= 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(out)).toBe(false);
    const before = readFileSync(partial, "utf8").split("\n").filter(Boolean).length;
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(24);
    // a write cut in the middle: half of the next answer, no newline
    appendFileSync(partial, '{"line":999,"ok":true,"result":{"type":"Feat');
    // without --resume the partial file is not overwritten
    const refused = await cli("batch", input, "--out", out, "--quiet");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--resume/);
    const r = await cli("batch", input, "--out", out, "--resume", "--json", "--quiet");
    expect(r.status, r.stderr).toBe(0);
    expect(r.json().resumedAfter).toBe(before);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(full, "utf8"));
    expect(existsSync(partial)).toBe(false);
  });

  it("--resume refuses a partial file of another shard; bad --shard is exit 2", async () => {
    const out = join(dir, "mismatch.jsonl");
    // the first answer of shard 1/3 (line 1) cannot start shard 0/3's output (line 0 first)
    writeFileSync(`${out}.partial`, `${lines(full)[1]}\n`);
    const r = await cli("batch", input, "--out", out, "--shard", "0/3", "--resume", "--quiet");
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/does not hold the first answers/)]);
    const s = await cli("batch", input, "--out", join(dir, "x.jsonl"), "--shard", "3/3");
    expect([s.status, s.stderr]).toEqual([2, expect.stringMatching(/BAD_OPTION.*i\/N/)]);
  });
});

describe("syraq batch: --as and --date in requests", () => {
  it("a control-aware route line is the CLI's --as JSON and differs from the same route without control", async () => {
    const input = join(dir, "control.jsonl");
    const out = join(dir, "control-out.jsonl");
    writeFileSync(
      input,
      [
        // Palmyra → Damascus on 2017-10-20: IS held the al-Qaryatayn pocket (1–21 Oct); the regime goes round it
        '{"id":"plain","command":"route","args":{"from":"Palmyra","to":"Damascus","date":"2017-10-20"}}',
        '{"id":"saa","command":"route","args":{"from":"Palmyra","to":"Damascus","date":"2017-10-20","as":"SAA"}}',
        // Hajin lay in IS's area on 2017-10-01: no route starts there as the SAA
        '{"id":"hajin","command":"route","args":{"from":"Hajin","to":"al-Bukamal","date":"2017-10-01","as":"SAA"}}',
      ].join("\n"),
    );
    const r = await cli("batch", input, "--out", out, "--workers", "2", "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const [plain, saa, hajin] = lines(out).map((l) => JSON.parse(l));
    const refSaa = await cli(
      "route",
      "Palmyra",
      "Damascus",
      "--date",
      "2017-10-20",
      "--as",
      "SAA",
      "--json",
      "--quiet",
    );
    expect(saa.result).toEqual(refSaa.json());
    const p = plain.result.features[0].properties;
    const q = saa.result.features[0].properties;
    expect([p.control.applied, q.control.applied, q.control.as]).toEqual([false, true, "SAA"]);
    expect(q.durationSeconds).toBeGreaterThan(p.durationSeconds + 60);
    expect([hajin.id, hajin.ok, hajin.error.code]).toEqual(["hajin", false, "UNREACHABLE"]);
    expect(hajin.error.message).toMatch(/Hajin lies in the area of IS .* not in the area of SAA/);
  });
});
