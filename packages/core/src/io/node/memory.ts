/**
 * Memory guard: estimate a job's memory before allocating it and stop early (TOO_LARGE, exit 2) with the estimate
 * and how to narrow the job, instead of climbing until the operating system or V8 kills the process.
 *
 * Bytes per cell are measured (peak resident memory of the CLI, `/usr/bin/time -f %M`, on synthetic 1000², 2000²
 * and 3000² Float32 rasters; the slope of peak RSS against cells; 2026-12 on Node 20):
 *   accumulate --cost          20 B/cell   (measured again after the search's memory work, 2026-12-03)
 *   accumulate --model         24 B/cell   (was 48 before accumulate stopped copying the costs; 40 with
 *                                           --direction and --allocation, i.e. ≈8 B/cell each)
 *   slope --aspect             28 B/cell
 *   terrain (all outputs)      53 B/cell
 * (route, isochrone and corridor size their DEM windows themselves: cli shared/bounded.ts)
 * The figures below round these up. The limit is the memory the system can give now (`process.availableMemory()`,
 * which honours a cgroup limit), or `--max-memory` / `SYRAQ_MAX_MEMORY` when set.
 */
import { freemem } from "node:os";
import { SyraqError } from "../../errors.ts";

/** Bytes per cell of whole jobs (see the file comment for the measurements). */
export const BYTES_PER_CELL = {
  /** reading a raster alone (estimated, not measured: up to 8 bytes per decoded sample, one copy, decoder buffers) */
  read: 24,
  accumulateCost: 28,
  accumulateModel: 28,
  /** each of --direction, --allocation, --classes */
  accumulateExtra: 9,
  slope: 30,
  terrain: 56,
} as const;

/** The largest typed array V8 allocates here (elements): beyond it "Invalid typed array length". */
export const MAX_TYPED_ARRAY_ELEMENTS = 2 ** 32 - 1;

let limitOverride: number | undefined;

/**
 * Sets (or with undefined clears) the memory limit for jobs in this process: the CLI's `--max-memory`.
 *
 * @example
 * ```ts
 * import { parseMemorySize, setMemoryLimit } from "@syraq/core/node";
 * setMemoryLimit(parseMemorySize("4G"));
 * ```
 */
export function setMemoryLimit(bytes: number | undefined): void {
  limitOverride = bytes;
}

/**
 * Memory a job may use: `--max-memory`, else SYRAQ_MAX_MEMORY, else what the system has available now.
 *
 * @example
 * ```ts
 * import { formatBytes, memoryLimitBytes } from "@syraq/core/node";
 * formatBytes(memoryLimitBytes()); // e.g. "6.1 GB"
 * ```
 */
export function memoryLimitBytes(env: Record<string, string | undefined> = process.env): number {
  if (limitOverride !== undefined) return limitOverride;
  if (env.SYRAQ_MAX_MEMORY) return parseMemorySize(env.SYRAQ_MAX_MEMORY, "SYRAQ_MAX_MEMORY");
  const p = process as NodeJS.Process & { availableMemory?: () => number };
  const available = typeof p.availableMemory === "function" ? p.availableMemory() : freemem();
  return available > 0 ? available : freemem();
}

/**
 * "512M", "4G", "4GB", "1.5g", "2000000000" (bytes) → bytes; a bad value → BAD_OPTION naming `what`.
 *
 * @example
 * ```ts
 * import { parseMemorySize } from "@syraq/core/node";
 * parseMemorySize("512M"); // 536870912 bytes
 * ```
 */
export function parseMemorySize(text: string, what = "--max-memory"): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  const scale: Record<string, number> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };
  const bytes = m ? Number(m[1]) * scale[m[2]!.toLowerCase()]! : NaN;
  if (!(bytes > 0 && Number.isFinite(bytes)))
    throw new SyraqError("BAD_OPTION", `${what} expects a size such as 512M, 4G or a number of bytes; got '${text}'`, {
      option: what,
    });
  return Math.floor(bytes);
}

/**
 * "3.2 GB", "812 MB".
 *
 * @example
 * ```ts
 * import { formatBytes } from "@syraq/core/node";
 * formatBytes(3.2e9); // "3.2 GB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 40) return `${(bytes / 2 ** 40).toFixed(1)} TB`;
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(0)} MB`;
  return `${Math.ceil(bytes / 2 ** 10)} kB`;
}

/**
 * The size of a job for the memory guard: cells, bytes per cell and extra bytes.
 */
export interface MemoryJob {
  /** Cells the job holds (width × height of the window it reads). */
  cells: number;
  /** Bytes per cell of the whole job (BYTES_PER_CELL…). */
  bytesPerCell: number;
  /** What is being sized, for the message: "the DEM window (12000 × 9000 cells)". */
  what: string;
  /** How to narrow the job; default: --bbox or a coarser raster. */
  hint?: string;
  /** Bytes the job needs besides its cells (e.g. a road graph). */
  extraBytes?: number;
  /** What `cells` counts, for the message (default "cells"; "vertices" for road files). */
  unit?: string;
}

/**
 * How to narrow a job that would not fit (the TOO_LARGE message's default hint).
 */
export const DEFAULT_NARROWING_HINT =
  "narrow it with --bbox W,S,E,N, or resample the raster coarser first (gdalwarp -tr), or raise --max-memory";

/**
 * The job's estimated bytes.
 *
 * @example
 * ```ts
 * import { estimateBytes } from "@syraq/core/node";
 * estimateBytes({ cells: 1e6, bytesPerCell: 8, what: "a grid" }); // 8_000_000 bytes
 * ```
 */
export const estimateBytes = (job: MemoryJob): number => job.cells * job.bytesPerCell + (job.extraBytes ?? 0);

/**
 * Stops a job that would not fit: TOO_LARGE (exit 2) with the estimate, the limit and how to narrow the job.
 * Also refuses grids whose cell count no typed array can hold, whatever the memory.
 *
 * @example
 * ```ts
 * import { checkMemory } from "@syraq/core/node";
 * checkMemory({ cells: 40_000 * 40_000, bytesPerCell: 24, what: "the DEM window" }); // throws TOO_LARGE
 * ```
 */
export function checkMemory(job: MemoryJob, limitBytes: number = memoryLimitBytes()): void {
  const estimate = estimateBytes(job);
  const hint = job.hint ?? DEFAULT_NARROWING_HINT;
  if (!Number.isFinite(job.cells) || job.cells > MAX_TYPED_ARRAY_ELEMENTS) {
    throw new SyraqError(
      "TOO_LARGE",
      `${job.what} is too large: ${Number.isFinite(job.cells) ? job.cells.toExponential(2) : "infinitely many"} ` +
        `cells, more than one array can hold (${MAX_TYPED_ARRAY_ELEMENTS}); ${hint}`,
      { cells: job.cells, limitCells: MAX_TYPED_ARRAY_ELEMENTS },
    );
  }
  if (estimate > limitBytes) {
    throw new SyraqError(
      "TOO_LARGE",
      `${job.what} is too large for the memory available: it needs about ${formatBytes(estimate)} ` +
        `(${job.cells.toLocaleString("en")} ${job.unit ?? "cells"} × ${job.bytesPerCell} bytes) but ` +
        `${formatBytes(limitBytes)} ` +
        `is available; ${hint}`,
      { cells: job.cells, estimateBytes: estimate, limitBytes },
    );
  }
}
