// Sums vitest JSON reports into the one closing line CI reads: "N passed, N failed".
// Usage: node .ci/count.mjs DIR REPORT...  — every named report must exist: a suite that never
// wrote its report (a crashed global setup, "no test files found") counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '.ci-out', ...expected] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const name of expected) {
  const path = join(dir, name);
  if (!existsSync(path)) {
    console.log(`ci: ${name} was not written: that suite did not run to the end`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  if ((report.numTotalTests ?? 0) === 0) {
    console.log(`ci: ${name} ran no test`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
