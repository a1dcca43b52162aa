/**
 * mulberry32: a tiny seeded PRNG for reproducible synthetic data, test cases and
 * benchmarks (not for anything that needs statistical quality). Returns numbers in [0, 1).
 *
 * @example
 * ```ts
 * import { mulberry32 } from "@syraq/core";
 * const random = mulberry32(42);
 * const x = random(); // the same sequence on every run
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
