/**
 * Where the built CLI is, and a check that it starts, run once by globalSetup (which must not
 * import vitest's test-side API, hence its own module).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const KAI_BIN = join(REPO_ROOT, 'bin', 'kai.js');

/** Throws a loud error unless the built CLI starts (`node bin/kai.js --help` exits 0). */
export function assertCliBuilt(): void {
  const probe = spawnSync(process.execPath, [KAI_BIN, '--help'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) {
    const detail = (probe.stderr || probe.error?.message || '').trim().split('\n').slice(0, 3).join(' | ');
    throw new Error(`the built CLI does not start (node bin/kai.js --help exited ${String(probe.status)}: ${detail}); run \`npm run build\` before \`npm run test:e2e\``);
  }
}

