// Black-box tests run the built CLI (bin/kai.js -> dist/main.js): build it once per test run, so
// a stale dist/ can never make a test pass or fail. Type errors are reported by `npm run
// typecheck` (part of `npm test`); tsc still emits, so the black-box tests run either way.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  const root = resolve(import.meta.dirname, '../..');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(`build reported problems (see npm run typecheck):\n${result.stdout}${result.stderr}\n`);
}
