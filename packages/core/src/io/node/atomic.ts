/**
 * Output transactions: nothing lost, nothing half-written.
 *
 * A command that writes files declares all its outputs (and the inputs they must not overwrite) before it reads
 * or computes anything. `OutputTransaction.begin` checks every path up front: its folder exists and is writable, it
 * is not a folder, no output is an input, no two outputs are the same file (compared by real path, also for files
 * that do not exist yet, through their folder's real path, and by device + inode for hard links). Each output is then
 * written to a temporary file in its own folder (same file system, so the rename is atomic), flushed to disk
 * (fsync), and renamed into place only when every output of the command is complete. A failure before `commit`, or
 * SIGINT / SIGTERM / SIGHUP at any point, removes the temporary files and leaves the old outputs untouched. A
 * SIGKILL cannot be caught: it may leave a hidden temporary file (`.NAME.syraq-PID-XXXX.tmp`) next to the output,
 * but never a truncated output.
 */
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { SyraqError } from "../../errors.ts";

/** What an output holds: text (UTF-8), bytes, or byte parts written one after the other (no concatenated copy). */
export type OutputData = Uint8Array | string | readonly Uint8Array[];

/** A file a command writes or reads, with the option that named it (for messages). */
export interface NamedPath {
  path: string;
  /** "--out", "--direction", "figure PNG", … */
  label: string;
}

const errnoOf = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);

/**
 * The canonical path of a file that may not exist yet: symlinks resolved for the file itself when it exists,
 * otherwise for its folder (plus the file name). A dangling symlink resolves to the file it would create.
 *
 * @example
 * ```ts
 * import { realPathOf } from "@syraq/core/node";
 * realPathOf("out/new-file.tif"); // absolute, with the folder's symlinks resolved
 * ```
 */
export function realPathOf(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    // not there (or a dangling link): resolve the folder, keep the name
  }
  let dir: string;
  try {
    dir = realpathSync(dirname(abs));
  } catch {
    dir = dirname(abs);
  }
  return join(dir, basename(abs));
}

/** Device + inode of an existing file ("" when it does not exist), so hard links to one file compare equal. */
function fileIdentity(path: string): string {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return "";
  }
}

/**
 * Checks one output path without writing: not empty, not a folder, folder present and writable, an existing file
 * writable. Throws BAD_OPTION (exit 2) naming the option and the path.
 *
 * @example
 * ```ts
 * import { checkOutputPath } from "@syraq/core/node";
 * checkOutputPath({ path: "/no/such/folder/out.tif", label: "--out" }); // throws BAD_OPTION
 * ```
 */
export function checkOutputPath(out: NamedPath): void {
  const { path, label } = out;
  if (path.trim() === "")
    throw new SyraqError("BAD_OPTION", `${label} is empty; give a file name`, { option: label, path });
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory())
    throw new SyraqError("BAD_OPTION", `${label} ${path} is a folder; give a file name inside it`, {
      option: label,
      path,
    });
  // the folder the file lands in (through a symlink at the file, the real file's folder)
  const dir = dirname(realPathOf(abs));
  if (!existsSync(dir))
    throw new SyraqError("BAD_OPTION", `cannot write ${label} ${path}: the folder ${dir} does not exist`, {
      option: label,
      path,
    });
  if (!statSync(dir).isDirectory())
    throw new SyraqError("BAD_OPTION", `cannot write ${label} ${path}: ${dir} is not a folder`, {
      option: label,
      path,
    });
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new SyraqError("BAD_OPTION", `cannot write ${label} ${path}: the folder ${dir} is not writable`, {
      option: label,
      path,
    });
  }
  if (existsSync(abs)) {
    try {
      accessSync(abs, constants.W_OK);
    } catch {
      throw new SyraqError("BAD_OPTION", `cannot write ${label} ${path}: the file is read-only`, {
        option: label,
        path,
      });
    }
  }
}

/**
 * Refuses (OUTPUT_COLLISION, exit 2) an output that is also an input, or two outputs that are one file.
 * Paths are compared after resolving symlinks and `..`, and existing files by device + inode.
 *
 * @example
 * ```ts
 * import { checkNoCollisions } from "@syraq/core/node";
 * // throws OUTPUT_COLLISION: the output would overwrite the input
 * checkNoCollisions([{ path: "dem.tif", label: "--out" }], [{ path: "./dem.tif", label: "--dem" }]);
 * ```
 */
export function checkNoCollisions(outputs: NamedPath[], inputs: NamedPath[] = []): void {
  const key = (p: string) => ({ real: realPathOf(p), id: fileIdentity(p) });
  const outs = outputs.map((o) => ({ ...o, ...key(o.path) }));
  const ins = inputs.filter((i) => i.path !== "").map((i) => ({ ...i, ...key(i.path) }));
  const same = (a: { real: string; id: string }, b: { real: string; id: string }) =>
    a.real === b.real || (a.id !== "" && a.id === b.id);
  for (let i = 0; i < outs.length; i++) {
    for (const input of ins) {
      if (same(outs[i]!, input))
        throw new SyraqError(
          "OUTPUT_COLLISION",
          `${outs[i]!.label} ${outs[i]!.path} is also the input ${input.label} ${input.path}; ` +
            "writing it would destroy the input: choose another output file",
          { output: outs[i]!.path, input: input.path },
        );
    }
    for (let j = 0; j < i; j++) {
      if (same(outs[i]!, outs[j]!))
        throw new SyraqError(
          "OUTPUT_COLLISION",
          `${outs[j]!.label} ${outs[j]!.path} and ${outs[i]!.label} ${outs[i]!.path} are the same file; ` +
            "give each output its own file",
          { outputs: [outs[j]!.path, outs[i]!.path] },
        );
    }
  }
}

// ---- temporary files removed on failure and on signals ----

const liveTemps = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let handlersInstalled = false;

function removeTemps(): void {
  for (const t of liveTemps) {
    try {
      unlinkSync(t);
    } catch {
      // already gone
    }
  }
  liveTemps.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeTemps();
  uninstallHandlers();
  // die of the same signal (exit status 128 + n), as the default action would have
  process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on("exit", removeTemps);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener("exit", removeTemps);
}

function tempPathFor(path: string): string {
  const abs = resolve(path);
  return join(dirname(abs), `.${basename(abs)}.syraq-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
}

/** Writes bytes to a new file and flushes them to disk; the file is registered for removal on failure. */
function writeTemp(temp: string, data: OutputData, label: string, path: string): void {
  liveTemps.add(temp);
  installHandlers();
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx", 0o666);
    const parts = typeof data === "string" ? [Buffer.from(data, "utf8")] : data instanceof Uint8Array ? [data] : data;
    for (const bytes of parts) {
      let off = 0;
      // in chunks: one writeSync call takes at most 2 GiB
      const CHUNK = 1 << 24;
      while (off < bytes.length) {
        off += writeSync(fd, bytes, off, Math.min(CHUNK, bytes.length - off));
      }
    }
    fsyncSync(fd);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    dropTemp(temp);
    const code = errnoOf(e);
    throw new SyraqError(
      "BAD_OPTION",
      `cannot write ${label} ${path}: ${code}${code === "ENOSPC" ? " (the disk is full)" : ""}`,
      { option: label, path, errno: code },
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function dropTemp(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {
    // already gone
  }
  liveTemps.delete(temp);
  if (liveTemps.size === 0) uninstallHandlers();
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder; the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * All the files one command writes. `begin` checks them; `write` puts each into a temporary file; `commit` renames
 * them into place once all are written; `abort` (or any failure, or a signal) removes the temporary files.
 *
 *   const tx = OutputTransaction.begin([{ path: out, label: "--out" }], [{ path: dem, label: "--dem" }]);
 *   try { …compute…; tx.write(out, bytes); tx.commit(); } finally { tx.abort(); }
 *
 * `begin` throws as {@link checkOutputPath} and {@link checkNoCollisions}; `commit` throws BAD_OPTION when a file
 * cannot be renamed into place (the others' temporary files are removed).
 *
 * @example
 * ```ts
 * import { OutputTransaction } from "@syraq/core/node";
 * const tx = OutputTransaction.begin([
 *   { path: "a.csv", label: "--out" },
 *   { path: "a.geojson", label: "--geojson" },
 * ]);
 * try {
 *   tx.write("a.csv", "x,y\n");
 *   tx.write("a.geojson", "{}");
 *   tx.commit(); // both renamed into place, or neither
 * } finally {
 *   tx.abort(); // no-op after commit
 * }
 * ```
 */
export class OutputTransaction {
  /** Declared outputs by resolved path; `target` is where the file lands (through a symlink, its real file). */
  private readonly planned: Map<string, NamedPath & { target: string }>;
  private readonly temps = new Map<string, string>();
  private done = false;

  private constructor(outputs: NamedPath[]) {
    this.planned = new Map(outputs.map((o) => [resolve(o.path), { ...o, target: realPathOf(o.path) }]));
  }

  /** Checks every output (and that none is an input) before any work is done. Outputs with an empty label are skipped. */
  static begin(outputs: Array<NamedPath | undefined>, inputs: Array<NamedPath | undefined> = []): OutputTransaction {
    const outs = outputs.filter((o): o is NamedPath => o !== undefined);
    const ins = inputs.filter((i): i is NamedPath => i !== undefined);
    for (const o of outs) checkOutputPath(o);
    checkNoCollisions(outs, ins);
    return new OutputTransaction(outs);
  }

  /** Paths this transaction may write. */
  get paths(): string[] {
    return [...this.planned.values()].map((o) => o.path);
  }

  /** Writes one planned output to its temporary file (not yet visible under its name). */
  write(path: string, data: OutputData): void {
    if (this.done) throw new Error(`output transaction already finished; cannot write ${path}`);
    const key = resolve(path);
    const planned = this.planned.get(key);
    if (!planned) throw new Error(`output ${path} was not declared to OutputTransaction.begin`);
    const previous = this.temps.get(key);
    if (previous) dropTemp(previous);
    const temp = tempPathFor(planned.target);
    writeTemp(temp, data, planned.label, path);
    this.temps.set(key, temp);
  }

  /** Renames every written output into place (keeping an existing file's permissions), then flushes the folders. */
  commit(): void {
    if (this.done) return;
    const missing = [...this.planned.keys()].filter((k) => !this.temps.has(k));
    if (missing.length) throw new Error(`outputs not written before commit: ${missing.join(", ")}`);
    const dirs = new Set<string>();
    for (const [key, temp] of this.temps) {
      const { label, path, target } = this.planned.get(key)!;
      try {
        if (existsSync(target)) chmodSync(temp, statSync(target).mode & 0o7777);
        renameSync(temp, target);
      } catch (e) {
        this.abort();
        throw new SyraqError("BAD_OPTION", `cannot write ${label} ${path}: ${errnoOf(e)}`, { option: label, path });
      }
      liveTemps.delete(temp);
      dirs.add(dirname(target));
    }
    for (const d of dirs) fsyncDir(d);
    this.done = true;
    if (liveTemps.size === 0) uninstallHandlers();
  }

  /** Removes the temporary files of outputs not yet committed (harmless after commit). */
  abort(): void {
    for (const temp of this.temps.values()) if (liveTemps.has(temp)) dropTemp(temp);
    this.temps.clear();
    this.done = true;
  }
}

/**
 * One output written atomically: checked, written to a temporary file, flushed, renamed into place.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "@syraq/core/node";
 * writeFileAtomic("route.geojson", JSON.stringify({ type: "FeatureCollection", features: [] }), "--out");
 * ```
 */
export function writeFileAtomic(path: string, data: OutputData, label = "output"): void {
  const tx = OutputTransaction.begin([{ path, label }]);
  try {
    tx.write(path, data);
    tx.commit();
  } finally {
    tx.abort();
  }
}
