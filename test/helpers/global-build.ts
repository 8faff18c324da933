// Black-box tests run the built CLI (bin/kai.js -> dist/kai.mjs): bundle it once per test run, so
// a stale dist/ can never make a test pass or fail. Type errors are caught by `npm run typecheck`,
// which `npm test` runs first.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: resolve(import.meta.dirname, '../..'), stdio: 'inherit' });
}
