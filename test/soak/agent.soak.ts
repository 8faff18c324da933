// Soak (npm run soak; not part of npm test): the periodic agent with 1 s cycles against both fakes
// while random faults are injected, for SOAK_SECONDS (default 120). Checks: cycles never overlap,
// every health report is on time, RSS and open file descriptors stay flat, kai never crashes or
// leaves a rejection unhandled, its watch caches converge (after the faults stop, the next report
// equals a fresh one-shot run, pods added and deleted during the run included), and it still stops
// cleanly (exit 0) at the end.
// SOAK_SEED picks the fault sequence (default 1).
import { afterAll, expect, it } from 'vitest';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import type { FakeKubeApi } from '../fakes/kube-api.ts';
import { expectExit, makeTempDir, runKai, startKai } from '../helpers/run-kai.ts';
import { namespaceName, podsPath, seededRandom, startSmallCluster, withoutTimestamp, writeKubeconfig } from '../faults/support.ts';
import { CRASH_SIGNS, cyclesOf, healthTicks, maxIn, overlaps, parseLogLines, sampleProc, type ProcSample } from './analysis.ts';
import { createChaos } from './chaos.ts';

const SOAK_SECONDS = Number(process.env['SOAK_SECONDS'] ?? '120');
const SEED = Number(process.env['SOAK_SEED'] ?? '1');
const HEALTH_INTERVAL_S = 30;
const PASSWORD = 'soak-pw';
/** Leave this long for start-up (JIT, first pages) before taking the RSS/fd baseline. */
const WARMUP_MS = Math.min(30_000, (SOAK_SECONDS * 1000) / 4);

const closers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
});

async function startFakes(): Promise<{ kube: FakeKubeApi; anchore: FakeAnchore; paths: string[] }> {
  const shape = { namespaces: 10, podsPerNamespace: 20, nodes: 3, seed: SEED };
  const kube = await startSmallCluster(shape);
  const anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
  closers.push(kube, anchore);
  const paths = ['/version', '/api/v1/namespaces', '/api/v1/nodes', ...Array.from({ length: shape.namespaces }, (_, i) => podsPath(namespaceName(i)))];
  return { kube, anchore, paths };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it(`periodic agent under random faults for ${String(SOAK_SECONDS)} s`, { timeout: (SOAK_SECONDS + 90) * 1000 }, async () => {
  const { kube, anchore, paths } = await startFakes();
  const home = makeTempDir('kai-soak-');
  const args = ['-k', writeKubeconfig(home, { server: kube.url, token: kube.token }), '-m', 'periodic', '-p', '1', '-v', '--request-timeout-seconds', '2', '--request-batch-size', '7'];
  const env = {
    KAI_ANCHORE_URL: anchore.url,
    KAI_ANCHORE_USER: 'admin',
    KAI_ANCHORE_PASSWORD: PASSWORD,
    KAI_LOG_STRUCTURED: 'true',
    KAI_HEALTH_PORT: '0',
    KAI_HEALTH_REPORT_INTERVAL_SECONDS: String(HEALTH_INTERVAL_S),
    KAI_ANCHORE_HTTP_TIMEOUT_SECONDS: '5',
  };
  const kai = startKai(args, { env, home, timeoutMs: (SOAK_SECONDS + 60) * 1000 });
  const pid = kai.child.pid ?? 0;
  const chaos = createChaos({ kube, anchore, random: seededRandom(SEED), paths, rate: 0.5 });
  const started = Date.now();
  const samples: ProcSample[] = [];
  while (Date.now() - started < SOAK_SECONDS * 1000) {
    await sleep(1_000);
    expect(kai.child.exitCode, `kai exited early:\n${kai.stderr().slice(-2000)}`).toBeNull();
    chaos.step();
    const sample = sampleProc(pid, Date.now() - started);
    if (sample !== undefined) samples.push(sample);
  }
  // Quiet phase: no new faults; the next inventory must equal a fresh one-shot run exactly.
  kube.clearInjections();
  const quietAt = Date.now();
  await expect.poll(() => anchore.inventories.some((i) => i.time > quietAt + 3_000), { timeout: 40_000, interval: 200 }).toBe(true);
  const settled = anchore.inventories.at(-1)?.body ?? {};
  const fresh = await runKai(['-k', args[1] ?? '', '-o', 'inventory', '-q'], { home });
  kai.child.kill('SIGTERM');
  const result = await kai.result;
  const lines = parseLogLines(result.stderr);
  const cycles = cyclesOf(lines);
  const ticks = healthTicks(anchore.requests.filter((r) => r.route.endsWith('/health-report')).map((r) => r.time));
  const tickGaps = ticks.slice(1).map((t, i) => t - (ticks[i] ?? 0));
  const endMs = SOAK_SECONDS * 1000;
  const rss = { warm: maxIn(samples, 'rssKb', { fromMs: WARMUP_MS, toMs: (WARMUP_MS + endMs) / 2 }), late: maxIn(samples, 'rssKb', { fromMs: (WARMUP_MS + endMs) / 2, toMs: endMs + 1 }) };
  const fds = { warm: maxIn(samples, 'fds', { fromMs: WARMUP_MS, toMs: (WARMUP_MS + endMs) / 2 }), late: maxIn(samples, 'fds', { fromMs: (WARMUP_MS + endMs) / 2, toMs: endMs + 1 }) };
  const summary = {
    seconds: SOAK_SECONDS,
    seed: SEED,
    faults: chaos.counts,
    cycles: cycles.length,
    failedCycles: cycles.filter((c) => c.result === 'failure').length,
    inventoriesAccepted: anchore.inventories.length,
    healthTicks: ticks.length,
    healthGapsMs: tickGaps,
    rssKb: rss,
    fds,
    exit: result.code,
  };
  console.log(`soak summary: ${JSON.stringify(summary)}`);

  expectExit(result, 0);
  expect(result.stderr).not.toMatch(CRASH_SIGNS);
  expectExit(fresh, 0);
  expect(withoutTimestamp(JSON.stringify(settled))).toEqual(withoutTimestamp(fresh.stdout));
  expect(overlaps(cycles)).toEqual([]);
  expect(cycles.length).toBeGreaterThan(SOAK_SECONDS / 10);
  expect(anchore.inventories.length).toBeGreaterThan(0);
  // Health reports: one at registration, then every interval, whatever the inventory is doing.
  expect(ticks.length).toBeGreaterThanOrEqual(Math.floor(SOAK_SECONDS / HEALTH_INTERVAL_S));
  for (const gap of tickGaps) expect(Math.abs(gap - HEALTH_INTERVAL_S * 1000)).toBeLessThan(3_000);
  expect(anchore.integrations().every((i) => i.integrationStatus !== 'inactive')).toBe(true);
  // Flat memory and handles: the second half of the run holds no more than the first, plus slack.
  expect(rss.late).toBeLessThan(rss.warm * 1.25 + 10_240);
  expect(fds.late).toBeLessThanOrEqual(fds.warm + 10);
});
