/**
 * Every error core throws is a SyraqError with a stable `code`. The CLI maps the
 * code's category to an exit status (see `exitStatusFor`).
 */
export type ErrorCategory = "internal" | "input" | "data" | "no-result";

/** Stable codes; add new ones here so the CLI and docs can list them. */
export const ERROR_CODES = {
  INTERNAL: "internal",
  BAD_ARGUMENT: "input",
  UNKNOWN_COMMAND: "input",
  UNKNOWN_PLACE: "input",
  AMBIGUOUS_PLACE: "input",
  BAD_COORDINATE: "input",
  OUT_OF_RANGE: "input",
  BAD_GEOJSON: "input",
  EMPTY_GEOJSON: "input",
  BAD_OPTION: "input",
  CRS_MISMATCH: "input",
  UNSUPPORTED_CRS: "input",
  BAD_RASTER: "data",
  NOT_GEOREFERENCED: "data",
  NODATA_CELL: "input",
  OUTSIDE_RASTER: "input",
  GRID_MISMATCH: "input",
  /** an output file is also an input, or two outputs are one file */
  OUTPUT_COLLISION: "input",
  /** the job would not fit in memory (or in one array): narrow it */
  TOO_LARGE: "input",
  DATA_MISSING: "data",
  DATA_CORRUPT: "data",
  CHECKSUM_MISMATCH: "data",
  UNREACHABLE: "no-result",
  EMPTY_RESULT: "no-result",
} as const satisfies Record<string, ErrorCategory>;

/**
 * The stable code of a {@link SyraqError} (a key of {@link ERROR_CODES}).
 */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The one error type the library throws: a stable `code`, a message for people, machine-readable `details`, and a
 * `category` that {@link exitStatusFor} turns into the CLI's exit status.
 *
 * @example
 * ```ts
 * import { isSyraqError } from "@syraq/core";
 * import { loadGazetteer, resolveDataDir } from "@syraq/core/node";
 * try {
 *   loadGazetteer(resolveDataDir()).lookup("Nowhereville");
 * } catch (e) {
 *   if (isSyraqError(e)) console.error(e.code, e.message); // UNKNOWN_PLACE unknown place 'Nowhereville': …
 *   else throw e;
 * }
 * ```
 */
export class SyraqError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "SyraqError";
    this.code = code;
    this.details = details;
  }
  get category(): ErrorCategory {
    return ERROR_CODES[this.code];
  }
}

/**
 * True when `e` is a {@link SyraqError} (a type guard).
 *
 * @example
 * ```ts
 * import { isSyraqError, parseCoordinate } from "@syraq/core";
 * try {
 *   parseCoordinate("95,40");
 * } catch (e) {
 *   if (isSyraqError(e)) e.code; // "OUT_OF_RANGE"
 * }
 * ```
 */
export const isSyraqError = (e: unknown): e is SyraqError => e instanceof SyraqError;

/**
 * Exit status per DESIGN.md: 0 ok, 1 internal bug, 2 bad input, 3 data missing, 4 no result.
 *
 * @example
 * ```ts
 * import { exitStatusFor, SyraqError } from "@syraq/core";
 * exitStatusFor(new SyraqError("UNKNOWN_PLACE", "unknown place 'X'")); // 2
 * exitStatusFor(new SyraqError("DATA_MISSING", "no DEM")); // 3
 * exitStatusFor(new Error("bug")); // 1
 * ```
 */
export function exitStatusFor(error: unknown): 1 | 2 | 3 | 4 {
  if (!isSyraqError(error)) return 1;
  switch (error.category) {
    case "input":
      return 2;
    case "data":
      return 3;
    case "no-result":
      return 4;
    default:
      return 1;
  }
}
