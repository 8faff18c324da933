// Black-box: kai reporting to the fake Anchore Enterprise, once (adhoc) and as the periodic agent,
// with the fake Kubernetes API as the cluster.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { writeKubeconfigFile } from '../helpers/kubeconfig.ts';
import { expectExit, expectNoStdout, makeTempDir, runKai, startKai } from '../helpers/run-kai.ts';

const PASSWORD = 'foobar-secret-9';

describe('kai and Anchore Enterprise', () => {
  let kube: FakeKubeApi;
  let anchore: FakeAnchore;
  let kubeconfig: string;
  const home = makeTempDir();

  beforeAll(async () => {
    kube = await startFakeKubeApi({ seed: 3 });
    kube.state.addNode('node-1');
    for (const ns of ['payments', 'shop', 'kube-system']) kube.state.addNamespace(ns, { podCount: 4 });
    kubeconfig = writeKubeconfigFile(home, [{ name: 'prod', url: kube.url, token: kube.token }]);
  });
  afterAll(async () => {
    await kube.close();
  });
  afterEach(async () => {
    await anchore.close();
  });

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    KAI_ANCHORE_URL: anchore.url,
    KAI_ANCHORE_USER: 'admin',
    KAI_ANCHORE_PASSWORD: PASSWORD,
    KAI_KUBECONFIG_CLUSTER: 'prod-cluster',
    ...extra,
  });

  it('adhoc: posts one inventory to /v2/kubernetes-inventory and exits 0', async () => {
    anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
    const result = await runKai(['-k', kubeconfig, '-v'], { env: env(), home });
    expectExit(result, 0);
    expectNoStdout(result);
    expect(anchore.inventories).toHaveLength(1);
    const [posted] = anchore.inventories;
    expect(posted?.endpoint).toBe('v2');
    expect(posted?.account).toBe('admin');
    expect(posted?.body['cluster_name']).toBe('prod-cluster');
    const namespaces = (posted?.body['namespaces'] as { name: string }[]).map((n) => n.name);
    expect(namespaces).toEqual(['kube-system', 'payments', 'shop']);
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it('adhoc: -i logs the inventory report it sends', async () => {
    anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
    const result = await runKai(['-k', kubeconfig, '-i', '-o', 'json'], { env: { ...env(), KAI_LOG_STRUCTURED: 'true' }, home });
    expectExit(result, 0);
    const line = result.stderr.split('\n').find((l) => l.includes('"msg":"inventory report"')) ?? '{}';
    const logged = (JSON.parse(line) as { report?: { cluster_name?: string; pods?: unknown[] } }).report;
    expect(logged?.cluster_name).toBe('prod-cluster');
    expect(logged?.pods).toHaveLength((anchore.inventories[0]?.body['pods'] as unknown[]).length);
  });

  it('adhoc: falls back to /v1/enterprise/kubernetes-inventory on Enterprise 4.x', async () => {
    anchore = await startFakeAnchore({ users: { admin: PASSWORD }, serviceVersion: '4.9.0' });
    const result = await runKai(['-k', kubeconfig, '-q'], { env: env(), home });
    expectExit(result, 0);
    expect(anchore.inventories.map((i) => i.endpoint)).toEqual(['v1']);
  });

  it('adhoc: exits 4 with one line per failed account when the credentials are rejected', async () => {
    anchore = await startFakeAnchore({ users: { admin: 'another-password' } });
    const result = await runKai(['-k', kubeconfig, '-q'], { env: env(), home });
    expectExit(result, 4);
    expectNoStdout(result);
    expect(result.stderr).toMatch(/kai: error: inventory report not delivered to .*admin/);
    expect(result.stderr).toMatch(/1 of 1 Anchore accounts did not receive the inventory/);
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it('adhoc: routes namespaces to accounts, one report per account', async () => {
    anchore = await startFakeAnchore({ users: { admin: PASSWORD, pay: 'pay-pw' }, accounts: ['admin', 'payments-team'] });
    const routes = JSON.stringify({ 'payments-team': { user: 'pay', password: 'pay-pw', namespaces: ['^pay'] } });
    const result = await runKai(['-k', kubeconfig, '-q'], { env: env({ KAI_ACCOUNT_ROUTES: routes }), home });
    expectExit(result, 0);
    const byAccount = Object.fromEntries(
      anchore.inventories.map((i) => [i.account, (i.body['namespaces'] as { name: string }[]).map((n) => n.name)]),
    );
    expect(byAccount).toEqual({ 'payments-team': ['payments'], admin: ['kube-system', 'shop'] });
    expect(anchore.inventories.find((i) => i.account === 'payments-team')?.user).toBe('pay');
  });

  it('periodic: registers once, reports health at once, posts every cycle, exits 0 on SIGTERM', async () => {
    anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
    const kai = startKai(['-k', kubeconfig, '-m', 'periodic', '-p', '1', '-v'], {
      env: env({ KAI_HEALTH_PORT: '0', KAI_POD_NAME_UNUSED: 'x' }),
      home,
    });
    await expect.poll(() => anchore.inventories.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    kai.child.kill('SIGTERM');
    const result = await kai.result;
    expectExit(result, 0);
    expectNoStdout(result);
    expect(anchore.integrations()).toHaveLength(1);
    expect(anchore.healthReports.length).toBeGreaterThanOrEqual(1);
    const registration = anchore.requests.findIndex((r) => r.route.endsWith('/registration'));
    const firstHealth = anchore.requests.findIndex((r) => r.route.endsWith('/health-report'));
    expect(registration).toBeGreaterThanOrEqual(0);
    expect(firstHealth).toBeGreaterThan(registration);
    const times = anchore.inventories.map((i) => i.time);
    for (let i = 1; i < times.length; i += 1) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThan(700);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('periodic: steady-state cycles watch instead of re-listing, and a changed pod shows up in the next report', async () => {
    anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
    const kai = startKai(['-k', kubeconfig, '-m', 'periodic', '-p', '1', '-q'], { env: env({ KAI_HEALTH_PORT: '0' }), home });
    await expect.poll(() => anchore.inventories.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    const listsBefore = kube.requests.filter((r) => r.query['watch'] === undefined && r.path !== '/version').length;
    const posted = anchore.inventories.length;
    await expect.poll(() => anchore.inventories.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(posted + 2);
    const listsAfter = kube.requests.filter((r) => r.query['watch'] === undefined && r.path !== '/version').length;
    expect(listsAfter - listsBefore).toBe(0);
    const [name = ''] = kube.state.podNames('shop');
    kube.state.updatePod({ namespace: 'shop', name }, (pod) => {
      const spec = pod['spec'] as { containers: { image: string }[] };
      spec.containers = spec.containers.map((c, i) => (i === 0 ? { ...c, image: 'registry.example.com/changed:9.9' } : c));
      return pod;
    });
    await expect
      .poll(() => anchore.inventories.at(-1)?.body['containers'] as { image_tag: string }[] | undefined, { timeout: 15_000, interval: 100 })
      .toEqual(expect.arrayContaining([expect.objectContaining({ image_tag: 'registry.example.com/changed:9.9' })]));
    kai.child.kill('SIGTERM');
    expectExit(await kai.result, 0);
  });

  it('periodic: a restarted pod of the same Deployment gets the same integration uuid', async () => {
    anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
    const owner = (kind: string, name: string, uid: string) => ({ ownerReferences: [{ kind, name, uid }] });
    kube.state.addNamespace('kai');
    kube.state.putPod({ metadata: { name: 'kai-7d9f-abcde', namespace: 'kai', uid: 'pod-uid', ...owner('ReplicaSet', 'kai-7d9f', 'rs-uid') } });
    kube.state.objects.set('/apis/apps/v1/namespaces/kai/replicasets/kai-7d9f', {
      metadata: { name: 'kai-7d9f', ...owner('Deployment', 'kai', 'deployment-uid-42') },
      spec: { replicas: 1 },
    });
    const identity = { POD_NAME: 'kai-7d9f-abcde', POD_NAMESPACE: 'kai', KAI_HEALTH_PORT: '0' };
    for (let run = 0; run < 2; run += 1) {
      const kai = startKai(['-k', kubeconfig, '-m', 'periodic', '-p', '1', '-q'], { env: env(identity), home });
      await expect.poll(() => anchore.healthReports.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(run + 1);
      kai.child.kill('SIGTERM');
      expectExit(await kai.result, 0);
    }
    expect(anchore.integrations().map((i) => [i.registrationId, i.registrationInstanceId])).toEqual([['deployment-uid-42', 'kai']]);
    expect(new Set(anchore.healthReports.map((h) => h.integrationUuid)).size).toBe(1);
  });
});
