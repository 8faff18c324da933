/**
 * The benchmark harness, shared by `npm run bench` (bench/run.ts) and the smoke test: for each
 * cluster size it starts the simulated API server, runs the floor, kai and kubectl against it
 * (interleaved, `repeat` times), checks kai's output against the generated cluster, and returns one
 * result row per size and tool.
 */
import { measureCommand, type Measured } from './measure.ts';
import { SimCluster, type ClusterSize } from './sim-cluster.ts';
import { startSimServer, type SimCounters, type SimServer } from './sim-server.ts';
import { createWorkspace, REPO_ROOT, toolCommand, type BenchWorkspace, type ToolName } from './tools.ts';
import { checkKaiOutput, expectedResults, type OutputCheck } from './verify.ts';

export const SIZES = {
  '1k/10ns': { label: '1k/10ns', pods: 1_000, namespaces: 10, latencyMs: 0 },
  '10k/100ns': { label: '10k/100ns', pods: 10_000, namespaces: 100, latencyMs: 0 },
  '10k/2000ns+20ms': { label: '10k/2000ns+20ms', pods: 10_000, namespaces: 2_000, latencyMs: 20 },
  '150k/10000ns': { label: '150k/10000ns', pods: 150_000, namespaces: 10_000, latencyMs: 0 },
} as const satisfies Record<string, ClusterSize>;
export type SizeLabel = keyof typeof SIZES;

export interface BenchOptions {
  readonly sizes: readonly ClusterSize[];
  readonly tools: readonly ToolName[];
  /** Runs per tool and size; the table shows the median wall time. */
  readonly repeat: number;
  /** kubectl is skipped above this many pods (at 150k it takes minutes and GBs of memory). */
  readonly kubectlMaxPods: number;
  readonly kaiArgs: readonly string[];
  readonly nodeArgs: readonly string[];
  readonly timeoutMs: number;
  /** Progress lines (stderr in run.ts, silent in tests). */
  readonly log: (line: string) => void;
}

/** What the machine has: found by run.ts, faked by nothing (the smoke test runs the real thing). */
export interface BenchEnvironment {
  /** `kubectl version --client`, or undefined when kubectl is not installed. */
  readonly kubectlVersion: string | undefined;
  /** The CLI to measure (see snapshotKaiBuild), or undefined when kai is not built. */
  readonly kaiBin: string | undefined;
}

export type BenchRun = BenchOptions & BenchEnvironment;

export interface ResultRow {
  readonly size: string;
  readonly pods: number;
  readonly namespaces: number;
  readonly latencyMs: number;
  readonly tool: ToolName;
  /** Why the tool did not run or failed; '' when it ran fine. */
  readonly note: string;
  readonly runs: number;
  /** Median wall time in seconds, and every run's. */
  readonly wallS: number | null;
  readonly wallSRuns: readonly number[];
  readonly cpuS: number | null;
  /** Every request of the last run, and the list requests among them. */
  readonly requests: number | null;
  readonly listRequests: number | null;
  readonly mbRead: number | null;
  readonly podsPerS: number | null;
  /** The highest peak RSS over the runs. */
  readonly peakRssMb: number | null;
  /** CPU the simulated server spent per run (median): shows the server was not the bottleneck. */
  readonly serverCpuS: number | null;
  readonly byRoute: Readonly<Record<string, number>> | null;
  /** Median wall time over the floor's median wall time at the same size. */
  readonly ratioToFloor: number | null;
  /** kai only: is the output the generated cluster's report? */
  readonly output: OutputCheck | null;
}

interface Run {
  readonly measured: Measured;
  readonly counters: SimCounters;
  readonly serverCpuMs: number;
  readonly output: OutputCheck | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** The lines of stderr that say what went wrong (error lines first), on one line. */
function stderrSummary(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('Command exited'));
  const errors = lines.filter((l) => /error|kai:/i.test(l));
  return (errors.length > 0 ? errors : lines).slice(0, 3).join(' | ').slice(0, 300);
}

function failureNote(tool: ToolName, run: Run): string {
  if (run.measured.exitCode !== 0) return `exit ${run.measured.exitCode}: ${stderrSummary(run.measured.stderr)}`;
  if (run.output !== null && !run.output.isCorrect) return `WRONG OUTPUT: ${run.output.detail}`;
  if (tool === 'floor' && !run.measured.stdout.includes('"pods"')) return 'floor printed no count';
  return '';
}

function toRow(size: ClusterSize, tool: ToolName, runs: readonly Run[]): Omit<ResultRow, 'ratioToFloor'> {
  const last = runs[runs.length - 1];
  const base = { size: size.label, pods: size.pods, namespaces: size.namespaces, latencyMs: size.latencyMs, tool };
  if (last === undefined) throw new Error('bench: a tool ran zero times');
  const wallSRuns = runs.map((r) => round(r.measured.wallMs / 1000, 3));
  const wallS = round(median(wallSRuns), 3);
  const cpu = runs.map((r) => r.measured.cpuMs).filter((v): v is number => v !== null);
  const rss = runs.map((r) => r.measured.peakRssMb).filter((v): v is number => v !== null);
  return {
    ...base,
    note: runs.map((r) => failureNote(tool, r)).find((n) => n !== '') ?? '',
    runs: runs.length,
    wallS,
    wallSRuns,
    cpuS: cpu.length === 0 ? null : round(median(cpu) / 1000, 2),
    requests: last.counters.requests,
    listRequests: last.counters.listRequests,
    mbRead: round(last.counters.bytes / 1e6, 1),
    podsPerS: Math.round(size.pods / wallS),
    peakRssMb: rss.length === 0 ? null : round(Math.max(...rss), 1),
    serverCpuS: round(median(runs.map((r) => r.serverCpuMs)) / 1000, 2),
    byRoute: Object.fromEntries(Object.entries(last.counters.byRoute).filter(([, n]) => n > 0)),
    output: tool === 'kai' ? last.output : null,
  };
}

function skippedRow(size: ClusterSize, tool: ToolName, note: string): Omit<ResultRow, 'ratioToFloor'> {
  return {
    size: size.label, pods: size.pods, namespaces: size.namespaces, latencyMs: size.latencyMs, tool, note, runs: 0,
    wallS: null, wallSRuns: [], cpuS: null, requests: null, listRequests: null, mbRead: null, podsPerS: null,
    peakRssMb: null, serverCpuS: null, byRoute: null, output: null,
  };
}

interface SizeContext {
  readonly sim: SimServer;
  readonly ws: BenchWorkspace;
  readonly options: BenchRun;
  readonly expected: ReturnType<typeof expectedResults>;
}

async function runTool(ctx: SizeContext, tool: ToolName): Promise<Run> {
  const { kaiBin = '', kaiArgs, nodeArgs } = ctx.options;
  const command = toolCommand(tool, { ws: ctx.ws, sim: ctx.sim, kaiBin, kaiArgs, nodeArgs });
  ctx.sim.resetCounters();
  const cpuBefore = process.cpuUsage();
  const measured = await measureCommand({ ...command, cwd: REPO_ROOT, timeoutMs: ctx.options.timeoutMs });
  const cpu = process.cpuUsage(cpuBefore);
  const counters = structuredClone(ctx.sim.counters);
  const output = tool === 'kai' && measured.exitCode === 0 ? checkKaiOutput(measured.stdout, ctx.expected) : null;
  return { measured, counters, serverCpuMs: (cpu.user + cpu.system) / 1000, output };
}

function skipReason(size: ClusterSize, tool: ToolName, options: BenchRun): string {
  if (tool === 'kai' && options.kaiBin === undefined) return 'skipped: dist/kai.mjs is missing (npm run build)';
  if (tool !== 'kubectl') return '';
  if (options.kubectlVersion === undefined) return 'skipped: kubectl is not installed (apt-get install kubectl)';
  if (size.pods > options.kubectlMaxPods) return `skipped above ${options.kubectlMaxPods} pods (minutes and GBs of RSS; pass --kubectl-all)`;
  return '';
}

async function benchSize(size: ClusterSize, options: BenchRun): Promise<Omit<ResultRow, 'ratioToFloor'>[]> {
  const cluster = new SimCluster(size);
  const expected = expectedResults(cluster);
  const sim = await startSimServer(cluster);
  const ws = createWorkspace(sim);
  const runs = new Map<ToolName, Run[]>();
  const active = options.tools.filter((tool) => skipReason(size, tool, options) === '');
  try {
    for (let rep = 1; rep <= options.repeat; rep += 1) {
      for (const tool of active) {
        const run = await runTool({ sim, ws, options, expected }, tool);
        runs.set(tool, [...(runs.get(tool) ?? []), run]);
        options.log(`${size.label} ${tool} run ${rep}/${options.repeat}: ${(run.measured.wallMs / 1000).toFixed(2)} s, exit ${run.measured.exitCode}`);
      }
    }
  } finally {
    ws.remove();
    await sim.close();
  }
  return options.tools.map((tool) => {
    const reason = skipReason(size, tool, options);
    return reason === '' ? toRow(size, tool, runs.get(tool) ?? []) : skippedRow(size, tool, reason);
  });
}

function withRatios(rows: readonly Omit<ResultRow, 'ratioToFloor'>[]): ResultRow[] {
  return rows.map((row) => {
    const floor = rows.find((r) => r.size === row.size && r.tool === 'floor');
    const floorWallS = floor?.wallS ?? null;
    const isComparable = row.wallS !== null && floorWallS !== null && floorWallS > 0 && row.note === '';
    return { ...row, ratioToFloor: isComparable ? round(row.wallS / floorWallS, 2) : null };
  });
}

/** Runs every size in turn; rows come in size order, then tool order. */
export async function runBenchmark(options: BenchRun): Promise<ResultRow[]> {
  const rows: Omit<ResultRow, 'ratioToFloor'>[] = [];
  for (const size of options.sizes) rows.push(...(await benchSize(size, options)));
  return withRatios(rows);
}
