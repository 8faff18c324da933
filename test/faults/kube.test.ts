// Fault injection, Kubernetes side: the built CLI against the fake API server with one fault per
// scenario (test/faults/kube-scenarios.ts). Each run ends in one of two ways: the complete, correct
// inventory (equal to a fault-free run, itself checked against the SPEC oracle), or exit 3 with
// one line on stderr and nothing at all on stdout. Never a partial report.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeKubeApi } from '../fakes/kube-api.ts';
import { expectExit, expectNoStackTrace, expectNoStdout, makeTempDir, runKai, type KaiResult } from '../helpers/run-kai.ts';
import { expectedImages } from '../helpers/spec-oracle.ts';
import { KUBE_SCENARIOS, type KubeScenario } from './kube-scenarios.ts';
import { ONE_LINE_ERROR, startSmallCluster, withoutTimestamp, writeKubeconfig } from './support.ts';

/** Small pages so that every list is paginated; a 1 s timeout so that hangs end fast. */
const COMMON_ARGS = ['--request-batch-size', '5', '--request-timeout-seconds', '1'];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function baselineKey(scenario: KubeScenario): string {
  return JSON.stringify([scenario.output ?? 'json', scenario.args ?? []]);
}

interface Target {
  readonly fake: FakeKubeApi;
  readonly kubeconfig: string;
  readonly home: string;
}

function run(target: Target, scenario: KubeScenario, extra: readonly string[]): Promise<KaiResult> {
  const args = ['-k', target.kubeconfig, '-o', scenario.output ?? 'json', ...COMMON_ARGS, ...(scenario.args ?? []), ...extra];
  return runKai(args, { home: target.home });
}

/** Every scenario gets its own fake (same seed, so the same cluster): scenarios run concurrently. */
async function targetFor(scenario: KubeScenario, fakes: FakeKubeApi[]): Promise<Target> {
  const fake = await startSmallCluster(undefined, { tls: scenario.server === 'untrusted-tls' });
  fakes.push(fake);
  const home = makeTempDir('kai-faults-kube-');
  const where = scenario.server ?? 'fake';
  const server = where === 'fake' || where === 'untrusted-tls' ? fake.url : { refused: `http://127.0.0.1:${String(await closedPort())}`, dns: 'https://kube.invalid:6443' }[where];
  return { fake, home, kubeconfig: writeKubeconfig(home, { server, token: fake.token }) };
}

describe.concurrent('Kubernetes faults: complete inventory or exit 3, never a partial report', () => {
  const fakes: FakeKubeApi[] = [];
  /** What a complete run must print: the same command without faults, per output and args. */
  const baselines = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    const keys = new Map(KUBE_SCENARIOS.map((s) => [baselineKey(s), s]));
    for (const [key, scenario] of keys) {
      const target = await targetFor({ ...scenario, server: 'fake' }, fakes);
      const result = await run(target, scenario, ['-q']);
      expectExit(result, 0);
      baselines.set(key, withoutTimestamp(result.stdout) as Record<string, unknown>);
    }
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });

  it('the fault-free run equals the SPEC oracle', async () => {
    const fake = await startSmallCluster();
    fakes.push(fake);
    const report = baselines.get(baselineKey({ name: '', fault: '', outcome: { complete: true } })) as {
      results: { namespace: string; images: { tag: string; repoDigest: string }[] }[];
    };
    const pods = fake.state.namespaceNames().flatMap((ns) => fake.state.podNames(ns).map((name) => fake.state.getPod(ns, name) ?? {}));
    const oracle = { exclude: [], include: [], ignoreNotRunning: true, policy: 'digest', insertTag: 'UNKNOWN', registryOverride: '' } as const;
    const got = new Map(report.results.map((r) => [r.namespace, r.images.map((i) => `${i.tag}|${i.repoDigest}`).sort()]));
    expect(got).toEqual(expectedImages(pods, fake.state.namespaceNames(), oracle));
    expect(got.size).toBe(12);
  });

  it.each(KUBE_SCENARIOS)('$name', async (scenario) => {
    const want = baselines.get(baselineKey(scenario));
    const target = await targetFor(scenario, fakes);
    scenario.inject?.(target.fake);
    const { outcome } = scenario;
    const result = await run(target, scenario, outcome.complete ? [] : ['-q']);
    expectNoStackTrace(result);
    expect(result.stderr).not.toContain(target.fake.token);
    if (!outcome.complete) {
      expectExit(result, 3);
      expectNoStdout(result);
      expect(result.stderr).toMatch(ONE_LINE_ERROR);
      expect(result.stderr).toMatch(outcome.reason);
      return;
    }
    expectExit(result, 0);
    expect(want).toBeDefined();
    expect(withoutTimestamp(result.stdout)).toEqual(scenario.expect === undefined ? want : scenario.expect(want ?? {}));
    expect(result.stderr).not.toMatch(/error/i);
    if (outcome.warns !== undefined) expect(result.stderr).toMatch(outcome.warns);
    if (outcome.retried !== undefined) {
      const path = outcome.retried;
      const hits = target.fake.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
      // A retried page, or a list restarted after 410, asks for the same page more than once.
      expect(hits.length).toBeGreaterThan(new Set(hits.map((r) => r.query['continue'] ?? '')).size);
    }
  });
});
