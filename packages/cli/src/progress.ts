import type { Progress } from "./command.ts";

/**
 * A progress reporter: a one-line bar (label, 30-character bar, percent, seconds since it began) redrawn on `stream`
 * when it is a TTY and `enabled`; a reporter that does nothing otherwise (quiet, or stderr piped to a file). Feed it
 * fractions in [0, 1] (clamped; redrawn only when the whole percent changes) and call `done()` once at the end.
 *
 * @example
 * ```ts
 * import { makeProgress } from "@syraq/cli";
 * const progress = makeProgress("accumulate", true); // draws on process.stderr when it is a terminal
 * for (let i = 1; i <= 100; i++) progress.update(i / 100);
 * progress.done();
 * ```
 */
export function makeProgress(label: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { update() {}, done() {} };
  let last = -1;
  const started = Date.now();
  return {
    update(fraction: number) {
      const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(pct).padStart(3)}% ${secs}s`,
      );
    },
    done() {
      if (last >= 0) stream.write("\n");
    },
  };
}
