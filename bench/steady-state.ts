/**
 * Periodic mode at scale (issue 6): kai runs as the agent (`-m periodic`) against the simulated API
 * server and a simulated Anchore. Each inventory POST ends a cycle; the API requests made between
 * two POSTs are that cycle's cost. After the steady cycles one pod's image changes, and the next
 * report must carry it. kai's RSS is sampled all along, to show the cache stays bounded.
 *
 * Target: at 150k pods, <= 10 API requests per steady-state cycle when nothing changed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SimCluster, type ClusterSize } from './sim-cluster.ts';
import { startSimAnchore, type ReceivedInventory, type SimAnchore } from './sim-anchore.ts';
import { ROUTES, startSimServer, type SimCounters, type SimServer } from './sim-server.ts';
import { createWorkspace, REPO_ROOT, type BenchWorkspace } from './tools.ts';

export interface SteadyStateOptions {
  readonly size: ClusterSize;
  readonly kaiBin: string;
  /** Cycles measured after the first (full) one. */
  readonly steadyCycles: number;
  readonly intervalSeconds: number;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

export interface CycleCost {
  readonly requests: number;
  readonly listRequests: number;
  readonly watchRequests: number;
  readonly mbRead: number;
  /** The highest RSS sampled during the cycle. */
  readonly rssMb: number;
  /** Requests per route of the simulated server (only routes that were used). */
  readonly byRoute: Readonly<Record<string, number>>;
}

export interface SteadyStateResult {
  readonly size: string;
  readonly firstCycle: CycleCost | null;
  readonly steadyCycles: readonly CycleCost[];
  readonly maxSteadyRequests: number | null;
  /** Whether the report after one pod's image changed carried the new image. */
  readonly isChangeReported: boolean;
  readonly peakRssMb: number;
  /** Why the measurement stopped early; '' when it ran to the end. */
  readonly note: string;
}

export const CHANGED_IMAGE = 'registry.example.com/bench/changed-app:2.0.0';

function readRssMb(pid: number | undefined): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid ?? 0}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0;
  }
}

function costBetween(before: SimCounters, after: SimCounters, rssMb: number): CycleCost {
  return {
    requests: after.requests - before.requests,
    listRequests: after.listRequests - before.listRequests,
    watchRequests: after.byRoute.watch - before.byRoute.watch,
    mbRead: Math.round((after.bytes - before.bytes) / 1e5) / 10,
    rssMb: Math.round(rssMb),
    byRoute: Object.fromEntries(
      ROUTES.map((route): [string, number] => [route, after.byRoute[route] - before.byRoute[route]]).filter(([, n]) => n !== 0),
    ),
  };
}

/** Waits for the next inventory POST, or rejects after `ms`. */
function nextInventory(anchore: { onInventory: ((r: ReceivedInventory) => void) | undefined }, ms: number): Promise<ReceivedInventory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`no inventory report within ${ms / 1000} s`)); }, ms);
    anchore.onInventory = (received) => {
      clearTimeout(timer);
      anchore.onInventory = undefined;
      resolve(received);
    };
  });
}

interface Run {
  readonly sim: SimServer;
  readonly anchore: SimAnchore;
  readonly options: SteadyStateOptions;
  /** The highest RSS since the last cycle ended; reset by each cycle. */
  readonly rss: { inCycle: number; peak: number };
}

/** Cycle 0 is the full list, then the steady cycles, then one cycle after a pod changed. */
async function runCycles(run: Run): Promise<{ costs: CycleCost[]; isChangeReported: boolean }> {
  const { sim, anchore, options } = run;
  const costs: CycleCost[] = [];
  let isChangeReported = false;
  let before = structuredClone(sim.counters);
  for (let cycle = 0; cycle <= options.steadyCycles + 1; cycle += 1) {
    const isChangeCycle = cycle === options.steadyCycles + 1;
    if (isChangeCycle) sim.changePodImage({ nsIndex: 0, podIndex: 0 }, CHANGED_IMAGE);
    const received = await nextInventory(anchore, options.timeoutMs);
    const after = structuredClone(sim.counters);
    costs.push(costBetween(before, after, run.rss.inCycle));
    options.log(`${options.size.label} periodic cycle ${cycle}: ${JSON.stringify(costs[costs.length - 1])}`);
    before = after;
    run.rss.inCycle = 0;
    if (isChangeCycle) isChangeReported = received.body.includes(CHANGED_IMAGE.split(':')[0] ?? CHANGED_IMAGE);
  }
  return { costs, isChangeReported };
}

function spawnAgent(args: { ws: BenchWorkspace; anchore: SimAnchore; options: SteadyStateOptions }): ChildProcess {
  const { ws, anchore, options } = args;
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: ws.dir, KUBECONFIG: ws.kubeconfigPath,
    KAI_MODE: 'periodic', KAI_POLLING_INTERVAL_SECONDS: String(options.intervalSeconds), KAI_HEALTH_PORT: '0',
    KAI_ANCHORE_URL: anchore.url, KAI_ANCHORE_USER: anchore.user, KAI_ANCHORE_PASSWORD: anchore.password, KAI_QUIET: 'true',
  };
  return spawn(process.execPath, [options.kaiBin, '--kubeconfig', ws.kubeconfigPath], { env, cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
}

async function stopAgent(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await closed;
}

/** Runs kai in periodic mode and measures each cycle; see the file comment. */
export async function measureSteadyState(options: SteadyStateOptions): Promise<SteadyStateResult> {
  const sim = await startSimServer(new SimCluster(options.size));
  const anchore = await startSimAnchore();
  const ws = createWorkspace(sim);
  const child = spawnAgent({ ws, anchore, options });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const run: Run = { sim, anchore, options, rss: { inCycle: 0, peak: 0 } };
  const sampler = setInterval(() => {
    const rss = readRssMb(child.pid);
    run.rss.inCycle = Math.max(run.rss.inCycle, rss);
    run.rss.peak = Math.max(run.rss.peak, rss);
  }, 100);
  let outcome: { costs: CycleCost[]; isChangeReported: boolean } = { costs: [], isChangeReported: false };
  let note = '';
  try {
    outcome = await runCycles(run);
  } catch (error) {
    note = `${(error as Error).message}; kai stderr: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
  } finally {
    clearInterval(sampler);
    await stopAgent(child);
    ws.remove();
    await anchore.close();
    await sim.close();
  }
  const steady = outcome.costs.slice(1, options.steadyCycles + 1);
  return {
    size: options.size.label,
    firstCycle: outcome.costs[0] ?? null,
    steadyCycles: steady,
    maxSteadyRequests: steady.length === 0 ? null : Math.max(...steady.map((c) => c.requests)),
    isChangeReported: outcome.isChangeReported,
    peakRssMb: Math.round(run.rss.peak),
    note,
  };
}
