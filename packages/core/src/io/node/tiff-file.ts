import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { inflateSync } from "node:zlib";
import type { TiffCodecs, TiffSource } from "../tiff.ts";

/** zlib's inflate for DEFLATE strips and tiles (Compression 8, and 32946, its old code). */
export const NODE_TIFF_CODECS: TiffCodecs = { 8: (b) => inflateSync(b), 32946: (b) => inflateSync(b) };

/**
 * A TIFF file as a source for the directory and pixel reader (io/tiff.ts): bytes are read with `readSync` at
 * their position, straight into the caller's array (no intermediate buffer). Throws what `openSync` throws.
 */
export function fileTiffSource(path: string): TiffSource {
  const fd = openSync(path, "r");
  let open = true;
  try {
    const size = fstatSync(fd).size;
    return {
      size,
      readInto: (target, targetOffset, length, position) => readSync(fd, target, targetOffset, length, position),
      close() {
        if (open) closeSync(fd);
        open = false;
      },
    };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}
