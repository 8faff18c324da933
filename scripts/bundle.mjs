// Bundles the compiled CLI into one file, dist/kai.mjs. Measured on the dev machines: importing
// @kubernetes/client-node from node_modules opens ~2,700 generated model files and costs 1.2–1.4 s
// of wall time on every run; the bundle starts in ~0.35 s. esbuild only strips types: `npm run
// build` type-checks with tsc first. bin/kai.js loads the bundle.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/kai.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as kaiCreateRequire } from 'node:module'; const require = kaiCreateRequire(import.meta.url);" },
});

// Build information for `kai version`, next to the bundle.
function gitCommit() {
  // The image build has no .git: the Dockerfile passes the commit as a build argument.
  if (process.env.KAI_SOURCE_COMMIT) return process.env.KAI_SOURCE_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return ''; // built outside a git checkout (a tarball): no commit to report
  }
}
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
writeFileSync('dist/build-info.json', `${JSON.stringify({ version, commit: gitCommit(), buildDate: new Date().toISOString() })}\n`);
