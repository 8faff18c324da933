// Sums vitest JSON reports into the one closing line CI reads: "N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.ci-out';
let passed = 0;
let failed = 0;
let reports = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  reports += 1;
}
if (reports === 0) failed += 1; // no report at all means the test command never ran
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
