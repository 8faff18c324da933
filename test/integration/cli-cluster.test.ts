// Black-box: the built CLI against the fake Kubernetes API (a real HTTP server on loopback),
// checked against an independent oracle of the SPEC's rules, and for the number of list calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { writeKubeconfigFile } from '../helpers/kubeconfig.ts';
import { expectedImages, type OracleOptions } from '../helpers/spec-oracle.ts';
import { expectExit, expectNoStdout, expectStderr, makeTempDir, runKai } from '../helpers/run-kai.ts';

const NAMESPACES = 100;
const PODS_PER_NAMESPACE = 100;
const BATCH = 40;

interface ImagesReport {
  results: { namespace: string; images: { tag: string; repoDigest: string }[] }[];
  cluster_name: string;
  inventory_type: string;
  serverVersionMetadata: Record<string, string> | null;
}

function writeKubeconfig(dir: string, fake: FakeKubeApi, token = fake.token): string {
  return writeKubeconfigFile(dir, [{ name: 'fake', url: fake.url, token }]);
}

function allRawPods(fake: FakeKubeApi): Record<string, unknown>[] {
  return fake.state.namespaceNames().flatMap((ns) => fake.state.podNames(ns).map((name) => fake.state.getPod(ns, name) ?? {}));
}

describe('kai against a fake cluster of 100 namespaces x 100 pods', () => {
  let fake: FakeKubeApi;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    fake = await startFakeKubeApi({ seed: 7 });
    for (let i = 0; i < NAMESPACES; i += 1) fake.state.addNamespace(`ns-${String(i).padStart(3, '0')}`, { podCount: PODS_PER_NAMESPACE });
    fake.state.addNode('node-a');
    dir = makeTempDir();
    kubeconfig = writeKubeconfig(dir, fake);
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each<{ name: string; args: string[]; oracle: OracleOptions }>([
    {
      name: 'defaults',
      args: [],
      oracle: { exclude: [], include: [], ignoreNotRunning: true, policy: 'digest', insertTag: 'UNKNOWN', registryOverride: '' },
    },
    {
      name: 'exclude regex + literal, insert policy, registry override, all phases',
      args: ['--exclude-namespace', 'ns-00[0-9]', '--exclude-namespace', 'ns-050'],
      oracle: { exclude: ['ns-00[0-9]', 'ns-050'], include: [], ignoreNotRunning: false, policy: 'insert', insertTag: 'MISSING', registryOverride: 'registry.local' },
    },
    {
      name: 'include list with drop policy',
      args: ['-n', 'ns-001', '-n', 'ns-099'],
      oracle: { exclude: [], include: ['ns-001', 'ns-099'], ignoreNotRunning: true, policy: 'drop', insertTag: 'UNKNOWN', registryOverride: '' },
    },
  ])('$name: -o json equals the SPEC oracle', async ({ args, oracle }) => {
    const env = {
      KAI_IGNORE_NOT_RUNNING: String(oracle.ignoreNotRunning),
      KAI_MISSING_TAG_POLICY_POLICY: oracle.policy,
      KAI_MISSING_TAG_POLICY_TAG: oracle.insertTag,
      KAI_MISSING_REGISTRY_OVERRIDE: oracle.registryOverride,
    };
    const result = await runKai(['-k', kubeconfig, '-o', 'json', '-q', ...args], { env, home: dir });
    expectExit(result, 0);
    const report = JSON.parse(result.stdout) as ImagesReport;
    const got = new Map(report.results.map((r) => [r.namespace, r.images.map((i) => `${i.tag}|${i.repoDigest}`).sort()]));
    expect(got).toEqual(expectedImages(allRawPods(fake), fake.state.namespaceNames(), oracle));
    expect(report.inventory_type).toBe('kubernetes');
    expect(report.cluster_name).toBe('fake');
    expect(report.serverVersionMetadata?.['gitVersion']).toMatch(/^v1\./);
  });

  it('makes no more list calls than pagination needs', async () => {
    fake.requests.length = 0;
    const result = await runKai(['-k', kubeconfig, '-o', 'json', '-q', '--request-batch-size', String(BATCH)], { home: dir });
    expectExit(result, 0);
    const pages = Math.ceil(PODS_PER_NAMESPACE / BATCH);
    const podLists = fake.requests.filter((r) => /^\/api\/v1\/namespaces\/[^/]+\/pods$/.test(r.path));
    const namespaceLists = fake.requests.filter((r) => r.path === '/api/v1/namespaces');
    expect(podLists).toHaveLength(NAMESPACES * pages);
    expect(namespaceLists).toHaveLength(Math.ceil(NAMESPACES / BATCH));
    expect(podLists.every((r) => r.query['limit'] === String(BATCH))).toBe(true);
  });

  it('passes -l and --namespace-selector to the API server as labelSelector', async () => {
    fake.requests.length = 0;
    const result = await runKai(['-k', kubeconfig, '-o', 'json', '-q', '-l', 'app=none-such', '--namespace-selector', 'team=none'], { home: dir });
    expectExit(result, 0);
    const podLists = fake.requests.filter((r) => r.path.endsWith('/pods'));
    const namespaceLists = fake.requests.filter((r) => r.path === '/api/v1/namespaces');
    expect(namespaceLists.map((r) => r.query['labelSelector'])).toEqual(['team=none']);
    expect(podLists.every((r) => r.query['labelSelector'] === 'app=none-such')).toBe(true);
    expect((JSON.parse(result.stdout) as ImagesReport).results).toEqual([]);
  });

  it('prints a table sorted by image tag', async () => {
    const result = await runKai(['-k', kubeconfig, '-o', 'table', '-q', '-n', 'ns-001'], { home: dir });
    expectExit(result, 0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^IMAGE TAG\s+REPO DIGEST\s+NAMESPACE/);
    const tags = lines.slice(1).map((l) => l.split(/\s+/)[0] ?? '');
    expect(tags).toEqual([...tags].sort());
  });

  it('exits 3 with an RBAC hint when the token is forbidden', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 403, times: 1 });
    const result = await runKai(['-k', kubeconfig, '-o', 'json'], { home: dir });
    fake.clearInjections();
    expectExit(result, 3);
    expectNoStdout(result);
    expectStderr(result, /403/);
    expectStderr(result, /list.*namespaces|namespaces.*list/i);
  });

  it('exits 3 with the server named when the token is rejected', async () => {
    const badConfig = writeKubeconfig(makeTempDir(), fake, 'wrong-token');
    const result = await runKai(['-k', badConfig, '-o', 'json'], { home: dir });
    expectExit(result, 3);
    expectNoStdout(result);
    expectStderr(result, /401|credentials/i);
  });
});

describe('kai against an unreachable API server', () => {
  it('exits 3 naming the server', async () => {
    const fake = await startFakeKubeApi();
    const dir = makeTempDir();
    const kubeconfig = writeKubeconfig(dir, fake);
    await fake.close();
    const result = await runKai(['-k', kubeconfig, '--request-timeout-seconds', '2'], { home: dir });
    expectExit(result, 3);
    expectNoStdout(result);
    expectStderr(result, /127\.0\.0\.1/);
  });
});
