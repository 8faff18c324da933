import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeError } from '../../src/errors.ts';
import type { KubeClient } from '../../src/kube/client.ts';
import { collectSnapshot, type CollectedSnapshot } from '../../src/kube/collect.ts';
import { matchesEqualitySelector } from '../../src/kube/namespaces.ts';
import { toPodView } from '../../src/kube/views.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { makePod } from '../fakes/pod-factory.ts';
import { captureLog, clientFor, collectOptions, requestsTo } from './support.ts';

let fake: FakeKubeApi;
let client: KubeClient;

beforeEach(async () => {
  fake = await startFakeKubeApi();
  for (const node of ['node-a', 'node-b']) fake.state.addNode(node);
  fake.state.addNamespace('apps', { podCount: 23 });
  fake.state.addNamespace('kube-system', { podCount: 5 });
  fake.state.addNamespace('empty');
  fake.state.addNamespace('payments', { podCount: 12, labels: { tier: 'gold' } });
  client = await clientFor(fake);
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

function podNames(snapshot: CollectedSnapshot): string[] {
  return snapshot.pods.map((p) => `${p.namespace}/${p.name}`);
}

/** What a fresh full list of the fake holds, for the selected namespaces. */
function expectedPods(namespaces: readonly string[]): string[] {
  return namespaces.flatMap((ns) => fake.state.podNames(ns).map((name) => `${ns}/${name}`));
}

describe('collectSnapshot', () => {
  it('collects version, namespaces, nodes and every pod with paginated lists of batch-size pages', async () => {
    const snapshot = await collectSnapshot(client, collectOptions());
    expect(snapshot.clusterName).toBe('fake-cluster');
    expect(snapshot.serverVersion).toMatchObject({ major: '1', minor: '29', gitVersion: 'v1.29.1' });
    expect(snapshot.namespaces.map((n) => n.name)).toEqual(['apps', 'empty', 'kube-system', 'payments']);
    expect(snapshot.namespaces.every((n) => n.uid !== '')).toBe(true);
    expect(snapshot.nodes.map((n) => [n.name, n.arch, n.kubeletVersion])).toEqual([
      ['node-a', 'amd64', 'v1.29.1'],
      ['node-b', 'amd64', 'v1.29.1'],
    ]);
    expect(podNames(snapshot)).toEqual(expectedPods(['apps', 'empty', 'kube-system', 'payments']));
    const first = fake.state.podNames('apps')[0] ?? '';
    expect(snapshot.pods[0]).toEqual(toPodView(fake.state.getPod('apps', first)));
    // batch size 10: apps 3 pages, empty 1, kube-system 1, payments 2; namespaces 1; nodes 1; version 1.
    expect(requestsTo(fake, '/api/v1/namespaces/apps/pods')).toHaveLength(3);
    expect(requestsTo(fake, '/api/v1/namespaces/payments/pods')).toHaveLength(2);
    expect(fake.requests).toHaveLength(3 + 1 + 1 + 2 + 3);
    expect(snapshot.stats.requests).toBe(fake.requests.length);
  });

  it('lists only the selected namespaces, and drops empty ones with ignoreEmpty', async () => {
    const snapshot = await collectSnapshot(client, collectOptions({ isNamespaceSelected: (n) => !n.startsWith('kube-'), ignoreEmpty: true }));
    expect(snapshot.namespaces.map((n) => n.name)).toEqual(['apps', 'payments']);
    expect(podNames(snapshot)).toEqual(expectedPods(['apps', 'payments']));
    expect(requestsTo(fake, '/api/v1/namespaces/kube-system/pods')).toHaveLength(0);
  });

  it('passes the pod and namespace label selectors to the API', async () => {
    const snapshot = await collectSnapshot(client, collectOptions({ labelSelector: 'team=data', namespaceLabelSelector: 'tier=gold' }));
    expect(snapshot.namespaces.map((n) => n.name)).toEqual(['payments']);
    expect(snapshot.pods.length).toBeGreaterThan(0);
    expect(snapshot.pods.every((p) => p.labels['team'] === 'data' && p.namespace === 'payments')).toBe(true);
    expect(requestsTo(fake, '/api/v1/namespaces')[0]?.query['labelSelector']).toBe('tier=gold');
  });

  it('the cluster-wide strategy gives the same snapshot', async () => {
    const perNamespace = await collectSnapshot(client, collectOptions({ isNamespaceSelected: (n) => n !== 'apps' }));
    const clusterWide = await collectSnapshot(client, collectOptions({ isNamespaceSelected: (n) => n !== 'apps', strategy: 'cluster-wide' }));
    expect({ ...clusterWide, stats: null }).toEqual({ ...perNamespace, stats: null });
    expect(requestsTo(fake, '/api/v1/pods')).toHaveLength(Math.ceil(40 / 10));
  });

  it('keeps only the labels and annotations the metadata filters allow', async () => {
    const none = { includeAnnotations: [], includeLabels: [], disable: true };
    const some = { includeAnnotations: ['^prometheus'], includeLabels: ['team'], disable: false };
    const snapshot = await collectSnapshot(client, collectOptions({ metadata: { nodes: none, namespaces: some, pods: some } }));
    expect(snapshot.nodes.every((n) => Object.keys(n.labels).length === 0 && Object.keys(n.annotations).length === 0)).toBe(true);
    expect(snapshot.pods.every((p) => Object.keys(p.labels).join() === 'team' && Object.keys(p.annotations).join() === 'prometheus.io/scrape')).toBe(true);
    expect(snapshot.namespaces.every((n) => Object.keys(n.labels).length === 0)).toBe(true);
  });

  it('goes on without nodes when listing nodes is forbidden, with a warning', async () => {
    fake.inject({ path: '/api/v1/nodes', status: 403 });
    const captured = captureLog();
    const snapshot = await collectSnapshot(client, collectOptions({ log: captured.log }));
    expect(snapshot.nodes).toEqual([]);
    expect(snapshot.pods).toHaveLength(40);
    const warning = captured.lines().find((l) => l.level === 40);
    expect(warning?.msg).toBe('cannot list nodes: the report goes on without nodes');
    expect(String(warning?.['reason'])).toMatch(/^cannot list nodes: 403 Forbidden/);
  });

  it('fails the whole collection when one namespace still fails after retries', async () => {
    fake.inject({ path: '/api/v1/namespaces/payments/pods', status: 500 });
    const error = await collectSnapshot(client, collectOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).message).toMatch(/^cannot list pods in namespace "payments": 500 Internal Server Error .*\(gave up after 5 attempts\)$/);
  });

  it('fails when namespaces cannot be listed and none are included, suggesting --namespace', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 403 });
    const error = (await collectSnapshot(client, collectOptions()).catch((e: unknown) => e)) as KubeError;
    expect(error.message).toMatch(/^cannot list namespaces: 403 Forbidden/);
    expect(error.hint).toMatch(/-n\/--namespace/);
  });

  it('a restricted service account works with include: GET each included namespace', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 403 });
    fake.inject({ path: '/api/v1/pods', status: 403 });
    fake.inject({ path: /^\/api\/v1\/namespaces\/(apps|kube-system|empty)\/pods$/, status: 403 });
    const captured = captureLog();
    const snapshot = await collectSnapshot(client, collectOptions({ includeNames: ['payments', 'missing'], log: captured.log }));
    expect(snapshot.namespaces.map((n) => [n.name, n.labels['tier']])).toEqual([['payments', 'gold']]);
    expect(podNames(snapshot)).toEqual(expectedPods(['payments']));
    expect(captured.lines().filter((l) => l.level === 40).map((l) => l.msg)).toEqual([
      'cannot list namespaces: reading the namespaces of namespace-selectors.include one by one',
      'included namespace does not exist: skipped',
    ]);
  });

  it('a service account that may not even GET its namespace goes on with the name only', async () => {
    fake.inject({ path: '/api/v1/namespaces', status: 403 });
    fake.inject({ path: '/api/v1/namespaces/payments', status: 403 });
    const snapshot = await collectSnapshot(client, collectOptions({ includeNames: ['payments'] }));
    expect(snapshot.namespaces).toEqual([{ uid: '', name: 'payments', labels: {}, annotations: {} }]);
    expect(snapshot.pods).toHaveLength(12);
  });

  it('falls back to one cluster-wide list when per-namespace lists are forbidden', async () => {
    fake.inject({ path: /^\/api\/v1\/namespaces\/[^/]+\/pods$/, status: 403 });
    const snapshot = await collectSnapshot(client, collectOptions());
    expect(podNames(snapshot)).toEqual(expectedPods(['apps', 'empty', 'kube-system', 'payments']));
  });

  it('restarts a namespace list on 410 without duplicating pods', async () => {
    fake.inject({ path: '/api/v1/namespaces/apps/pods', hasContinue: true, times: 1, status: 410 });
    const snapshot = await collectSnapshot(client, collectOptions());
    expect(podNames(snapshot)).toEqual(expectedPods(['apps', 'empty', 'kube-system', 'payments']));
  });

  it('sees pods added, changed and deleted since the previous collection', async () => {
    const [gone = '', changed = ''] = fake.state.podNames('apps');
    fake.state.deletePod({ namespace: 'apps', name: gone });
    fake.state.updatePod({ namespace: 'apps', name: changed }, (pod) => ({ ...pod, status: { phase: 'Failed' } }));
    fake.state.putPod(makePod({ seed: 9, namespace: 'empty', index: 1 }));
    const snapshot = await collectSnapshot(client, collectOptions());
    expect(podNames(snapshot)).toEqual(expectedPods(['apps', 'empty', 'kube-system', 'payments']));
    expect(snapshot.pods.find((p) => p.name === changed)?.phase).toBe('Failed');
    expect(podNames(snapshot)).not.toContain(`apps/${gone}`);
  });
});

describe('matchesEqualitySelector', () => {
  it.each([
    { selector: '', want: true },
    { selector: 'tier=gold', want: true },
    { selector: 'tier==gold', want: true },
    { selector: 'tier=silver', want: false },
    { selector: 'tier!=silver', want: true },
    { selector: 'tier!=gold', want: false },
    { selector: 'tier', want: true },
    { selector: '!tier', want: false },
    { selector: 'zone', want: false },
    { selector: 'tier=gold, env=prod', want: true },
    { selector: 'tier=gold,env=dev', want: false },
  ])('"$selector" → $want', ({ selector, want }) => {
    expect(matchesEqualitySelector({ tier: 'gold', env: 'prod' }, selector)).toBe(want);
  });
});
