// Process faults: SIGTERM and SIGINT while listing, during a POST and while idle
// (test/faults/signal-scenarios.ts). Adhoc: stdout holds a complete JSON document or nothing, exit
// 130/143. Periodic: the in-flight POST completes within the grace period, exit 0.
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import type { FakeKubeApi } from '../fakes/kube-api.ts';
import { expectExit, expectNoStackTrace, makeTempDir, startKai, type KaiResult, type RunningKai } from '../helpers/run-kai.ts';
import { SIGNAL_SCENARIOS, type SignalScenario } from './signal-scenarios.ts';
import { startSmallCluster, writeKubeconfig } from './support.ts';

const PASSWORD = 'signals-pw';
/** Per-request latency of the fake API while a scenario waits to signal "while listing". */
const LISTING_LATENCY_MS = 600;

interface Setup {
  readonly kube: FakeKubeApi;
  readonly anchore: FakeAnchore;
  readonly kai: RunningKai;
}

async function start(scenario: SignalScenario, closers: { close(): Promise<void> }[]): Promise<Setup> {
  const kube = await startSmallCluster({ namespaces: 6, podsPerNamespace: 3, nodes: 1, seed: 9 });
  const anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
  closers.push(kube, anchore);
  if (scenario.when === 'listing') kube.latencyMs = LISTING_LATENCY_MS;
  if (scenario.postDelayMs !== undefined) anchore.inject({ method: 'POST', path: '/v2/kubernetes-inventory', delayMs: scenario.postDelayMs, times: 1 });
  const home = makeTempDir('kai-faults-signals-');
  const args = ['-k', writeKubeconfig(home, { server: kube.url, token: kube.token }), '-m', scenario.mode];
  if (scenario.mode === 'periodic') args.push('-p', scenario.when === 'idle' ? '60' : '1');
  if (!scenario.toAnchore) args.push('-o', 'json');
  const env: Record<string, string> = { KAI_HEALTH_PORT: '0', KAI_SHUTDOWN_GRACE_SECONDS: String(scenario.graceSeconds ?? 10) };
  if (scenario.toAnchore) Object.assign(env, { KAI_ANCHORE_URL: anchore.url, KAI_ANCHORE_USER: 'admin', KAI_ANCHORE_PASSWORD: PASSWORD });
  return { kube, anchore, kai: startKai(args, { env, home }) };
}

/** Resolves once the moment of the scenario has come. */
async function reachMoment(scenario: SignalScenario, setup: Setup): Promise<void> {
  const { kube, anchore } = setup;
  const isReached = {
    listing: () => kube.requests.some((r) => r.path.endsWith('/pods')),
    post: () => anchore.requests.some((r) => r.route === '/v2/kubernetes-inventory'),
    idle: () => anchore.inventories.length > 0 && anchore.healthReports.length > 0,
  }[scenario.when];
  await expect.poll(isReached, { timeout: 15_000, interval: 10 }).toBe(true);
  if (scenario.when === 'idle') await new Promise((resolve) => setTimeout(resolve, 300));
}

async function signalAndWait(scenario: SignalScenario, setup: Setup): Promise<{ result: KaiResult; exitAfterMs: number; postsAtExit: number }> {
  const sentAt = performance.now();
  for (const [i, signal] of scenario.signals.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 300));
    setup.kai.child.kill(signal);
  }
  const result = await setup.kai.result;
  return { result, exitAfterMs: performance.now() - sentAt, postsAtExit: setup.anchore.inventories.length };
}

function expectStdoutCompleteOrEmpty(scenario: SignalScenario, stdout: string): void {
  if (scenario.toAnchore || stdout === '') {
    expect(stdout).toBe('');
    return;
  }
  expect(() => JSON.parse(stdout) as unknown).not.toThrow();
}

describe.concurrent('signals: a complete result or none, and a clean exit', () => {
  const closers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(closers.map((c) => c.close()));
  });

  it.each(SIGNAL_SCENARIOS)('$name', async (scenario) => {
    const setup = await start(scenario, closers);
    await reachMoment(scenario, setup);
    const postsBefore = setup.anchore.inventories.length;
    const { result, exitAfterMs, postsAtExit } = await signalAndWait(scenario, setup);
    expectExit(result, scenario.exit);
    expectNoStackTrace(result);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
    expect(exitAfterMs).toBeLessThan(scenario.exitWithinMs);
    expectStdoutCompleteOrEmpty(scenario, result.stdout);
    if (scenario.stderr !== undefined) expect(result.stderr).toMatch(scenario.stderr);
    if (scenario.postCompletes !== undefined) expect(postsAtExit > postsBefore).toBe(scenario.postCompletes);
  });
});
