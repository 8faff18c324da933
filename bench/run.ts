/**
 * `npm run bench`: builds kai, then measures kai, the floor and kubectl on simulated clusters of
 * several sizes and prints the table and the issue 6 targets. Results go to
 * bench/results/latest.json. See docs/performance.md.
 *
 *   node bench/run.ts [--sizes small|all] [--smoke] [--repeat N] [--kubectl-all]
 *                     [--kai-args="--request-batch-size 500"] [--cpu-prof] [--out FILE]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBenchmark, SIZES, type BenchRun, type SizeLabel } from './harness.ts';
import { describeMachine } from './measure.ts';
import { checkSteadyState, checkTargets, formatSteadyState, formatTable, formatTargets, writeResults } from './report.ts';
import { measureSteadyState, type SteadyStateResult } from './steady-state.ts';
import { DOCS_PATH, updatePerformanceDoc } from './update-docs.ts';
import { findKubectl, REPO_ROOT, snapshotKaiBuild, TOOLS, type KaiSnapshot, type ToolName } from './tools.ts';

const USAGE = `usage: node bench/run.ts [options]
  --sizes small|all|LABEL,...  small: 1k/10ns, 10k/100ns, 10k/2000ns+20ms; all adds 150k/10000ns (default all)
  --tools floor,kai,kubectl    which tools to run (default all three; the floor is needed for ratios)
  --smoke             only 1k/10ns, one run
  --repeat N          runs per tool and size, median wall time shown (default 3; 1 at 150k)
  --kubectl-all       also run kubectl above 10k pods (slow: minutes, GBs of RSS)
  --kai-args="..."    extra kai flags (note the =), e.g. --kai-args="--request-batch-size 500"
  --cpu-prof          run kai with node --cpu-prof; profiles go to bench/results/profiles/
  --steady-state      also run kai in periodic mode at the largest size and count requests per cycle
  --out FILE          results JSON (default bench/results/latest.json)
  --kai-bin PATH      measure another build's bin/kai.js (a candidate change) instead of this one's`;

function selectSizes(values: { sizes: string; smoke: boolean }): SizeLabel[] {
  const labels = Object.keys(SIZES) as SizeLabel[];
  if (values.smoke) return ['1k/10ns'];
  if (values.sizes === 'all') return labels;
  if (values.sizes === 'small') return labels.filter((label) => label !== '150k/10000ns');
  const chosen = values.sizes.split(',');
  const unknown = chosen.filter((label) => !labels.includes(label as SizeLabel));
  if (unknown.length > 0) throw new Error(`--sizes: expected small, all or a list of ${labels.join(', ')}; got "${unknown.join(',')}"`);
  return chosen as SizeLabel[];
}

function selectTools(text: string): ToolName[] {
  const chosen = text.split(',');
  const unknown = chosen.filter((tool) => !TOOLS.includes(tool as ToolName));
  if (unknown.length > 0) throw new Error(`--tools: expected a list of ${TOOLS.join(', ')}; got "${unknown.join(',')}"`);
  return chosen as ToolName[];
}

interface Parsed {
  readonly run: Omit<BenchRun, 'kaiBin'>;
  /** A candidate build to measure instead of this checkout's (e.g. an experiment in /tmp). */
  readonly kaiBin: string | undefined;
  readonly out: string;
  readonly isSteadyState: boolean;
}

function parseOptions(): Parsed {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: 'all' },
      tools: { type: 'string', default: TOOLS.join(',') },
      smoke: { type: 'boolean', default: false },
      repeat: { type: 'string' },
      'kubectl-all': { type: 'boolean', default: false },
      'kai-args': { type: 'string', default: '' },
      'cpu-prof': { type: 'boolean', default: false },
      'steady-state': { type: 'boolean', default: false },
      out: { type: 'string', default: join(REPO_ROOT, 'bench/results/latest.json') },
      'kai-bin': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const labels = selectSizes(values);
  const repeat = values.smoke ? 1 : Number(values.repeat ?? '3');
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat: expected an integer >= 1, got "${values.repeat ?? ''}"`);
  const profileDir = join(REPO_ROOT, 'bench/results/profiles');
  return {
    out: values.out,
    isSteadyState: values['steady-state'],
    kaiBin: values['kai-bin'],
    run: {
      sizes: labels.map((l) => SIZES[l]),
      tools: selectTools(values.tools),
      repeat,
      kubectlMaxPods: values['kubectl-all'] ? Number.POSITIVE_INFINITY : 10_000,
      kaiArgs: values['kai-args'].split(/\s+/).filter((a) => a !== ''),
      nodeArgs: values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      timeoutMs: 15 * 60_000,
      log: (line) => process.stderr.write(`${line}\n`),
      kubectlVersion: findKubectl(),
    },
  };
}

async function steadyState(parsed: Parsed, run: BenchRun): Promise<SteadyStateResult | null> {
  const size = run.sizes[run.sizes.length - 1];
  if (!parsed.isSteadyState || size === undefined || run.kaiBin === undefined) return null;
  return measureSteadyState({ size, kaiBin: run.kaiBin, steadyCycles: 3, intervalSeconds: 2, timeoutMs: 10 * 60_000, log: run.log });
}

async function main(parsed: Parsed, kai: KaiSnapshot): Promise<void> {
  const { out } = parsed;
  const run: BenchRun = { ...parsed.run, kaiBin: kai.bin };
  const startedAt = new Date().toISOString();
  const machineBefore = await describeMachine();
  process.stderr.write(`kai bench on ${machineBefore.cpus} × ${machineBefore.cpuModel}, ${machineBefore.memoryGb} GB, node ${machineBefore.node}, load ${machineBefore.loadAverage.join(' ')}\n`);
  // 150k pods is one run per tool unless --repeat says otherwise: it takes minutes.
  const rows = [];
  for (const size of run.sizes) {
    const repeat = size.pods > 100_000 && !process.argv.includes('--repeat') ? 1 : run.repeat;
    rows.push(...(await runBenchmark({ ...run, sizes: [size], repeat })));
  }
  const steady = await steadyState(parsed, run);
  const targets = [...checkTargets(rows), ...(steady === null ? [] : checkSteadyState(steady))];
  const machineAfter = await describeMachine();
  console.log(formatTable(rows));
  if (steady !== null) console.log(`\nperiodic mode, ${steady.size}:\n${formatSteadyState(steady)}`);
  console.log('');
  console.log(formatTargets(targets));
  const file = writeResults(out, {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { ...machineBefore, loadAverageBefore: machineBefore.loadAverage, loadAverageAfter: machineAfter.loadAverage },
    kubectl: run.kubectlVersion ?? null,
    options: { repeat: run.repeat, kaiArgs: run.kaiArgs, nodeArgs: run.nodeArgs, kubectlMaxPods: run.kubectlMaxPods },
    rows,
    targets,
    steadyState: steady,
  }, run.kaiBin);
  process.stderr.write(`results: ${out} (commit ${file.commit})\n`);
  // Only a run of every size is the docs' table; partial runs leave it alone.
  if (run.sizes.length === Object.keys(SIZES).length && run.tools.length === TOOLS.length) {
    updatePerformanceDoc(file);
    process.stderr.write(`updated ${DOCS_PATH}\n`);
  }
  const isKaiBroken = rows.some((r) => r.tool === 'kai' && r.runs > 0 && r.note !== '');
  process.exitCode = isKaiBroken ? 1 : 0;
}

const options = parseOptions();
const kaiSnapshot: KaiSnapshot = options.kaiBin === undefined ? snapshotKaiBuild() : { bin: options.kaiBin, remove: () => undefined };
try {
  await main(options, kaiSnapshot);
} finally {
  kaiSnapshot.remove();
}
