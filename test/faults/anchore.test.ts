// Fault injection, Anchore side: the built CLI, adhoc and periodic, against the fake Anchore
// misbehaving as test/faults/anchore-scenarios.ts describes, with the fake Kubernetes API as the
// cluster. The long scenario waits for the second health report (30 s, the minimum interval).
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import { expectExit, expectNoStackTrace, expectNoStdout, makeTempDir, startKai, type KaiResult } from '../helpers/run-kai.ts';
import { ANCHORE_SCENARIOS, PASSWORD, type AnchoreScenario } from './anchore-scenarios.ts';
import { startSmallCluster, writeKubeconfig } from './support.ts';

const closers: { close(): Promise<void> }[] = [];

async function runScenario(scenario: AnchoreScenario): Promise<{ anchore: FakeAnchore; result: KaiResult; startedAt: number }> {
  const kube = await startSmallCluster({ namespaces: 0, podsPerNamespace: 0, nodes: 1, seed: 4 });
  for (const ns of ['default', 'payments', 'shop']) kube.state.addNamespace(ns, { podCount: 2 });
  const anchore = await startFakeAnchore({ users: scenario.users ?? { admin: PASSWORD }, accounts: scenario.accounts ?? ['admin'] });
  closers.push(kube, anchore);
  scenario.inject?.(anchore);
  scenario.injectKube?.(kube);
  const home = makeTempDir('kai-faults-anchore-');
  const env = {
    KAI_ANCHORE_URL: anchore.url,
    KAI_ANCHORE_USER: 'admin',
    KAI_ANCHORE_PASSWORD: PASSWORD,
    KAI_HEALTH_PORT: '0',
    KAI_POLLING_INTERVAL_SECONDS: '1',
    ...scenario.env,
  };
  const startedAt = Date.now();
  const kai = startKai(['-k', writeKubeconfig(home, { server: kube.url, token: kube.token }), '-m', scenario.mode, '-v'], { env, home, timeoutMs: 60_000 });
  let isStopping = false;
  const timer = setInterval(() => {
    scenario.during?.(anchore);
    if (isStopping || scenario.stopWhen?.(anchore, startedAt) !== true) return;
    // One SIGTERM: a second one would mean "stop now" (exit 143).
    isStopping = true;
    kai.child.kill('SIGTERM');
  }, 50);
  const result = await kai.result.finally(() => { clearInterval(timer); });
  return { anchore, result, startedAt };
}

describe.concurrent('Anchore faults: retried, reported, or a clear failure', () => {
  afterAll(async () => {
    await Promise.all(closers.map((c) => c.close()));
  });

  it.each(ANCHORE_SCENARIOS)('$name', { timeout: 60_000 }, async (scenario) => {
    const run = await runScenario(scenario);
    expectExit(run.result, scenario.exit);
    expectNoStdout(run.result);
    expectNoStackTrace(run.result);
    expect(run.result.stderr).not.toContain(PASSWORD);
    scenario.check(run);
  });
});
