import { execFileSync } from "node:child_process";
import { describe, it } from "vitest";

/** True when an executable is on the PATH (or is an absolute path that exists). */
export function hasExecutable(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${JSON.stringify(name)}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** True when Debian's python3 can import a module (peers use /usr/bin/python3). */
export function hasPythonModule(module: string): boolean {
  try {
    execFileSync("/usr/bin/python3", ["-c", `import ${module}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/**
 * A describe block that needs an external peer (GeodSolve, GRASS, skimage,
 * gdalinfo, chromium…). Absent peer: skipped with a note, except under CI=true,
 * where it fails so a missing install step cannot hide behind a green run.
 */
export function describeWithPeer(
  title: string,
  peer: { name: string; available: boolean; install: string },
  body: () => void,
): void {
  if (peer.available) {
    describe(title, body);
    return;
  }
  if (IN_CI) {
    describe(title, () => {
      it(`needs ${peer.name}`, () => {
        throw new Error(
          `${peer.name} is not installed but CI=true: install it (${peer.install}); .ci/run should have done so`,
        );
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`[skip] ${title}: ${peer.name} not installed (${peer.install})`);
  describe.skip(`${title} (skipped: ${peer.name} not installed)`, body);
}
