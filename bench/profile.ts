/**
 * Profiles one kai run on a simulated cluster: `node --cpu-prof`, then the self-time summary.
 *
 *   node bench/profile.ts [--size 10k/100ns] [--kai-args="--request-batch-size 500"]
 *
 * The profile is kept in bench/results/profiles/ (git-ignored) for Chrome DevTools or speedscope.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBenchmark, SIZES, type SizeLabel } from './harness.ts';
import { formatProfileSummary, summarizeProfile } from './profile-summary.ts';
import { findKubectl, REPO_ROOT, snapshotKaiBuild } from './tools.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10k/100ns' }, 'kai-args': { type: 'string', default: '' } } });
if (!(values.size in SIZES)) throw new Error(`--size: expected one of ${Object.keys(SIZES).join(', ')}; got "${values.size}"`);
const dir = join(REPO_ROOT, 'bench/results/profiles');
mkdirSync(dir, { recursive: true });
const startedMs = Date.now();
const kai = snapshotKaiBuild();
try {
  const rows = await runBenchmark({
    sizes: [SIZES[values.size as SizeLabel]],
    tools: ['kai'],
    repeat: 1,
    kubectlMaxPods: 0,
    kaiArgs: values['kai-args'].split(/\s+/).filter((a) => a !== ''),
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    timeoutMs: 15 * 60_000,
    log: (line) => process.stderr.write(`${line}\n`),
    kubectlVersion: findKubectl(),
    kaiBin: kai.bin,
  });
  const row = rows[0];
  console.log(`kai ${values.size}: ${row?.wallS ?? '?'} s wall, ${row?.cpuS ?? '?'} s cpu, ${row?.requests ?? '?'} requests, ${row?.peakRssMb ?? '?'} MB peak RSS ${row?.note ?? ''}`);
  const latest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && statSync(join(dir, f)).mtimeMs >= startedMs)
    .sort()
    .pop();
  if (latest === undefined) throw new Error('no .cpuprofile was written');
  console.log(`profile: ${join(dir, latest)}`);
  console.log(formatProfileSummary(summarizeProfile(JSON.parse(readFileSync(join(dir, latest), 'utf8')) as Parameters<typeof summarizeProfile>[0])));
} finally {
  kai.remove();
}
