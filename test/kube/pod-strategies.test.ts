/**
 * The pod-list strategies of collect.ts give the same snapshot: per namespace, cluster-wide, and
 * the hybrid (both at once) that 'auto' picks when there are more namespaces than workers — also
 * when the cluster-wide list is forbidden, expires (410) or the per-namespace lists are forbidden.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeError } from '../../src/errors.ts';
import type { KubeClient } from '../../src/kube/client.ts';
import { collectCluster, collectSnapshot, type CollectedSnapshot, type CollectOptions } from '../../src/kube/collect.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { captureLog, clientFor, collectOptions, requestsTo } from './support.ts';

let fake: FakeKubeApi;
let client: KubeClient;

const POD_COUNTS = [7, 0, 3, 12, 1, 5, 0, 9, 2, 4, 6, 8, 11, 3];

beforeEach(async () => {
  fake = await startFakeKubeApi();
  fake.state.addNode('node-a');
  POD_COUNTS.forEach((podCount, i) => {
    fake.state.addNamespace(`ns-${String(i).padStart(2, '0')}`, { podCount });
  });
  fake.state.addNamespace('a', { podCount: 4 });
  fake.state.addNamespace('a-b', { podCount: 4 });
  client = await clientFor(fake);
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

/** More namespaces (16) than workers (3): 'auto' runs the hybrid. */
function hybridOptions(overrides: Partial<CollectOptions> = {}): CollectOptions {
  return collectOptions({ request: { requestTimeoutMs: 5_000, batchSize: 4, workerPoolSize: 3 }, ...overrides });
}

function withoutStats(snapshot: CollectedSnapshot): Omit<CollectedSnapshot, 'stats'> {
  return { clusterName: snapshot.clusterName, serverVersion: snapshot.serverVersion, namespaces: snapshot.namespaces, nodes: snapshot.nodes, pods: snapshot.pods };
}

async function perNamespace(overrides: Partial<CollectOptions> = {}): Promise<Omit<CollectedSnapshot, 'stats'>> {
  const snapshot = withoutStats(await collectSnapshot(client, hybridOptions({ ...overrides, strategy: 'per-namespace' })));
  fake.requests.length = 0;
  return snapshot;
}

describe('pod list strategies', () => {
  it.each([
    { name: 'per-namespace', strategy: 'per-namespace' as const },
    { name: 'cluster-wide', strategy: 'cluster-wide' as const },
    { name: 'auto (hybrid)', strategy: 'auto' as const },
  ])('$name gives the per-namespace snapshot', async ({ strategy }) => {
    const want = await perNamespace();
    expect(want.pods).toHaveLength(POD_COUNTS.reduce((a, b) => a + b, 8));
    const got = await collectSnapshot(client, hybridOptions({ strategy }));
    expect(withoutStats(got)).toEqual(want);
    expect(got.stats.requests).toBeLessThanOrEqual(fake.requests.length);
    const perNamespaceLists = fake.requests.filter((r) => /^\/api\/v1\/namespaces\/[^/]+\/pods$/.test(r.path)).length;
    expect([requestsTo(fake, '/api/v1/pods').length > 0, perNamespaceLists > 0]).toEqual([strategy !== 'per-namespace', strategy !== 'cluster-wide']);
  });

  it('the hybrid lists cluster-wide and per namespace, and selects by name client-side', async () => {
    const isNamespaceSelected = (name: string): boolean => name !== 'ns-03' && name !== 'a';
    const want = await perNamespace({ isNamespaceSelected, ignoreEmpty: true });
    const got = await collectSnapshot(client, hybridOptions({ isNamespaceSelected, ignoreEmpty: true }));
    expect(withoutStats(got)).toEqual(want);
    expect(requestsTo(fake, '/api/v1/pods').length).toBeGreaterThan(0);
    expect(requestsTo(fake, '/api/v1/namespaces/ns-03/pods')).toHaveLength(0);
  });

  it.each([
    { name: 'cluster-wide list forbidden (403)', rule: { path: '/api/v1/pods', status: 403 } },
    { name: 'cluster-wide continue token expired (410)', rule: { path: '/api/v1/pods', hasContinue: true, status: 410, times: 1 } },
    { name: 'per-namespace lists forbidden (403)', rule: { path: /^\/api\/v1\/namespaces\/[^/]+\/pods$/, status: 403 } },
  ])('the hybrid still gives the full snapshot: $name', async ({ rule }) => {
    const want = await perNamespace();
    fake.inject(rule);
    const got = await collectSnapshot(client, hybridOptions());
    expect(withoutStats(got)).toEqual(want);
  });

  it('the hybrid fails the collection when the cluster-wide list keeps failing', async () => {
    fake.inject({ path: '/api/v1/pods', status: 500 });
    const error = await collectSnapshot(client, hybridOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).message).toMatch(/^cannot list pods: 500 Internal Server Error .*\(gave up after 5 attempts\)$/);
  });

  it('a reducer sees every pod once, per namespace, and no pods are kept for it', async () => {
    const counted = await collectCluster(client, hybridOptions(), (namespace) => {
      const names: string[] = [];
      return {
        add: (pod) => {
          expect(pod.namespace).toBe(namespace);
          names.push(pod.name);
        },
        finish: () => names.sort(),
      };
    });
    const byNamespace = Object.fromEntries(counted.namespaces.map((ns) => [ns.namespace.name, ns.result]));
    for (const ns of counted.namespaces) {
      expect(byNamespace[ns.namespace.name]).toEqual(fake.state.podNames(ns.namespace.name).sort());
      expect(ns.pods).toBe(fake.state.podNames(ns.namespace.name).length);
    }
  });
});

/** A server whose cluster-wide pod list mixes namespaces: the hybrid must notice and list each one. */
async function startMixedOrderServer(): Promise<{ server: Server; url: string }> {
  const pod = (namespace: string, name: string): unknown => ({ metadata: { namespace, name, uid: `${namespace}-${name}` }, status: { phase: 'Running' }, spec: { containers: [{ name: 'c', image: `${namespace}:1` }] } });
  const names = ['n0', 'n1', 'n2', 'n3', 'n4'];
  const list = (items: unknown[]): string => JSON.stringify({ kind: 'List', metadata: { resourceVersion: '1' }, items });
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    res.setHeader('content-type', 'application/json');
    if (path === '/version') return res.end('{"major":"1","minor":"29"}');
    if (path === '/api/v1/namespaces') return res.end(list(names.map((name) => ({ metadata: { name, uid: `uid-${name}` } }))));
    if (path === '/api/v1/nodes') return res.end(list([]));
    if (path === '/api/v1/pods') return res.end(list([pod('n0', 'a'), pod('n1', 'a'), pod('n0', 'b')]));
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(path);
    const ns = match?.[1] ?? '';
    return res.end(list(ns === 'n0' ? [pod('n0', 'a'), pod('n0', 'b')] : [pod(ns, 'a')]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
}

describe('the hybrid on a server that does not keep namespaces together', () => {
  it('drops the cluster-wide pods and lists every namespace on its own, with a warning', async () => {
    const mixed = await startMixedOrderServer();
    const mixedClient = await clientFor({ ...fake, url: mixed.url, caData: '' });
    try {
      const captured = captureLog();
      const snapshot = await collectSnapshot(mixedClient, collectOptions({ request: { requestTimeoutMs: 5_000, batchSize: 10, workerPoolSize: 1 }, log: captured.log }));
      expect(snapshot.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(['n0/a', 'n0/b', 'n1/a', 'n2/a', 'n3/a', 'n4/a']);
      expect(captured.lines().some((l) => l.level === 40 && l.msg.includes('does not keep'))).toBe(true);
    } finally {
      await mixedClient.close();
      mixed.server.close();
    }
  });
});
