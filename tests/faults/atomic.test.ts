/**
 * Output transactions (packages/core/src/io/node/atomic.ts), the memory guard (io/node/memory.ts) and the one
 * calendar-date check (util/dates.ts): unit tests. Kills during real CLI writes are in kills.test.ts.
 */
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isSyraqError } from "../../packages/core/src/errors.ts";
import {
  OutputTransaction,
  checkNoCollisions,
  realPathOf,
  writeFileAtomic,
} from "../../packages/core/src/io/node/atomic.ts";
import { checkMemory, parseMemorySize } from "../../packages/core/src/io/node/memory.ts";
import { checkIsoDate, isIsoCalendarDate } from "../../packages/core/src/util/dates.ts";

const work = mkdtempSync(join(tmpdir(), "syraq-atomic-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const f = (name: string) => join(work, name);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isSyraqError(e)) return e.code;
    throw e;
  }
  return "no error";
}

/** Hidden temporary files left in a folder. */
const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".tmp"));

describe("OutputTransaction", () => {
  it("writes nothing visible until commit, then every output at once", () => {
    const dir = join(work, "commit");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.txt"), "old a");
    const tx = OutputTransaction.begin([
      { path: join(dir, "a.txt"), label: "--out" },
      { path: join(dir, "b.txt"), label: "--direction" },
    ]);
    tx.write(join(dir, "a.txt"), "new a");
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("old a");
    tx.write(join(dir, "b.txt"), new Uint8Array([1, 2, 3]));
    expect(existsSync(join(dir, "b.txt"))).toBe(false);
    expect(temps(dir)).toHaveLength(2);
    tx.commit();
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("new a");
    expect([...readFileSync(join(dir, "b.txt"))]).toEqual([1, 2, 3]);
    expect(temps(dir)).toHaveLength(0);
  });

  it("abort leaves the old files and removes the temporary ones", () => {
    const dir = join(work, "abort");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.txt"), "old a");
    const tx = OutputTransaction.begin([{ path: join(dir, "a.txt"), label: "--out" }]);
    tx.write(join(dir, "a.txt"), "new a");
    tx.abort();
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("old a");
    expect(temps(dir)).toHaveLength(0);
  });

  it("checks every output before any work: missing folder, folder as file, read-only folder", () => {
    expect(codeOf(() => OutputTransaction.begin([{ path: f("missing/x.tif"), label: "--out" }]))).toBe("BAD_OPTION");
    mkdirSync(f("adir"));
    expect(codeOf(() => OutputTransaction.begin([{ path: f("adir"), label: "--out" }]))).toBe("BAD_OPTION");
    expect(codeOf(() => OutputTransaction.begin([{ path: "", label: "--out" }]))).toBe("BAD_OPTION");
    if (process.getuid?.() !== 0) {
      // root may write anywhere; the read-only check only means something for other users
      mkdirSync(f("ro"));
      chmodSync(f("ro"), 0o500);
      expect(codeOf(() => OutputTransaction.begin([{ path: f("ro/x.tif"), label: "--out" }]))).toBe("BAD_OPTION");
      chmodSync(f("ro"), 0o700);
    }
  });

  it("keeps an existing file's permissions and writes through a symlink to the real file", () => {
    writeFileSync(f("perm.txt"), "old");
    chmodSync(f("perm.txt"), 0o640);
    writeFileAtomic(f("perm.txt"), "new");
    expect(statSync(f("perm.txt")).mode & 0o777).toBe(0o640);
    writeFileSync(f("real.txt"), "old");
    symlinkSync(f("real.txt"), f("link.txt"));
    writeFileAtomic(f("link.txt"), "via link");
    expect(readFileSync(f("real.txt"), "utf8")).toBe("via link");
  });
});

describe("collisions (real paths, not-yet-existing files, hard links)", () => {
  it("refuses an output that is an input, also through .., a symlinked folder and a hard link", () => {
    writeFileSync(f("in.tif"), "x");
    mkdirSync(f("sub"));
    symlinkSync(work, f("sub/up"));
    linkSync(f("in.tif"), f("hard.tif"));
    const input = [{ path: f("in.tif"), label: "--dem" }];
    for (const out of [f("in.tif"), f("sub/../in.tif"), f("sub/up/in.tif"), f("hard.tif")]) {
      expect(
        codeOf(() => checkNoCollisions([{ path: out, label: "--out" }], input)),
        out,
      ).toBe("OUTPUT_COLLISION");
    }
    expect(codeOf(() => checkNoCollisions([{ path: f("other.tif"), label: "--out" }], input))).toBe("no error");
  });

  it("refuses two outputs that are one file even when neither exists yet", () => {
    const outs = [
      { path: f("new.tif"), label: "--out" },
      { path: f("sub/up/new.tif"), label: "--direction" },
    ];
    expect(realPathOf(outs[1]!.path)).toBe(realPathOf(outs[0]!.path));
    expect(codeOf(() => OutputTransaction.begin(outs))).toBe("OUTPUT_COLLISION");
    expect(existsSync(f("new.tif"))).toBe(false);
  });
});

describe("memory guard", () => {
  it("stops a 50 000 × 50 000 job early with the estimate and how to narrow it", () => {
    const cells = 50_000 * 50_000;
    let message = "";
    try {
      checkMemory({ cells, bytesPerCell: 52, what: "the DEM window" }, 8 * 2 ** 30);
    } catch (e) {
      expect(isSyraqError(e) && e.code).toBe("TOO_LARGE");
      message = (e as Error).message;
    }
    // 2.5e9 cells × 52 B = 1.3e11 B = 121.1 GiB
    expect(message).toContain("121.1 GB");
    expect(message).toContain("--bbox");
    expect(codeOf(() => checkMemory({ cells: 1e6, bytesPerCell: 52, what: "x" }, 8 * 2 ** 30))).toBe("no error");
    // more cells than a typed array holds, whatever the memory
    expect(codeOf(() => checkMemory({ cells: 2 ** 33, bytesPerCell: 1, what: "x" }, 2 ** 50))).toBe("TOO_LARGE");
  });

  it("reads --max-memory sizes", () => {
    expect(parseMemorySize("512M")).toBe(512 * 2 ** 20);
    expect(parseMemorySize("4G")).toBe(4 * 2 ** 30);
    expect(parseMemorySize("1.5GB")).toBe(1.5 * 2 ** 30);
    expect(parseMemorySize("1000")).toBe(1000);
    for (const bad of ["", "-1G", "lots", "0", "4 X"])
      expect(
        codeOf(() => parseMemorySize(bad)),
        bad,
      ).toBe("BAD_OPTION");
  });
});

describe("calendar dates", () => {
  it("refuses days a month does not have, keeps real ones (leap years by the Gregorian rule)", () => {
    for (const bad of [
      "2017-02-29",
      "2017-02-30",
      "2017-04-31",
      "2017-13-01",
      "2017-00-10",
      "2017-01-00",
      "1900-02-29",
    ])
      expect(isIsoCalendarDate(bad), bad).toBe(false);
    for (const good of ["2016-02-29", "2000-02-29", "2017-01-31", "2017-04-30", "2017-12-31"])
      expect(isIsoCalendarDate(good), good).toBe(true);
    expect(codeOf(() => checkIsoDate("2017-02-30"))).toBe("BAD_OPTION");
    expect(codeOf(() => checkIsoDate(20170930, "figure spec field 'date'", "BAD_ARGUMENT"))).toBe("BAD_ARGUMENT");
    expect(checkIsoDate("2017-09-29")).toBe("2017-09-29");
  });
});
