import type { Reporter, TestModule } from "vitest/node";

/** Prints one plain closing line, "tests: N passed, N failed, N skipped", for CI logs. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === "passed") passed++;
        else if (s === "failed") failed++;
        else skipped++;
      }
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) failed++;
    }
    // The slowest files, to keep the whole suite within its budget (15 minutes on a 2-core machine).
    const slowest = [...testModules]
      .map((m) => ({ file: m.relativeModuleId, seconds: m.diagnostic().duration / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 8);
    if (slowest.length > 1) {
      process.stdout.write("\nslowest test files (tests and hooks, seconds):\n");
      for (const s of slowest) process.stdout.write(`  ${s.seconds.toFixed(1).padStart(7)}  ${s.file}\n`);
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
