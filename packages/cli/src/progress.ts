import type { Progress } from "./command.ts";

/** A one-line bar on a TTY stderr; nothing when quiet or piped. */
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
