import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeClient } from '../../src/kube/client.ts';
import { createClusterCache, type ClusterCache, type ClusterCacheOptions } from '../../src/kube/cluster-cache.ts';
import { collectSnapshot, type CollectedSnapshot } from '../../src/kube/collect.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { makePod } from '../fakes/pod-factory.ts';
import { clientFor, collectOptions } from './support.ts';

let fake: FakeKubeApi;
let client: KubeClient;
let cache: ClusterCache | undefined;
const signal = new AbortController().signal;

beforeEach(async () => {
  fake = await startFakeKubeApi();
  for (const node of ['node-a', 'node-b', 'node-c']) fake.state.addNode(node);
  fake.state.addNamespace('apps', { podCount: 25 });
  fake.state.addNamespace('apps-eu', { podCount: 4 });
  fake.state.addNamespace('kube-system', { podCount: 6 });
  fake.state.addNamespace('payments', { podCount: 9, labels: { tier: 'gold' } });
  client = await clientFor(fake);
});

afterEach(async () => {
  await cache?.stop();
  cache = undefined;
  await client.close();
  await fake.close();
});

function options(overrides: Partial<ClusterCacheOptions> = {}): ClusterCacheOptions {
  // ClusterCacheOptions is CollectOptions without the signal: the extra property is harmless.
  return { ...collectOptions(overrides), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))) };
}

function withoutStats(snapshot: CollectedSnapshot): Omit<CollectedSnapshot, 'stats'> {
  return { clusterName: snapshot.clusterName, serverVersion: snapshot.serverVersion, namespaces: snapshot.namespaces, nodes: snapshot.nodes, pods: snapshot.pods };
}

async function startCache(overrides: Partial<ClusterCacheOptions> = {}): Promise<ClusterCache> {
  cache = createClusterCache(client, options(overrides));
  await cache.start(signal);
  return cache;
}

/** Waits until the cache's snapshot equals what a fresh collection returns now. */
async function expectMatchesFreshCollection(c: ClusterCache, overrides: Partial<ClusterCacheOptions> = {}): Promise<CollectedSnapshot> {
  let last: CollectedSnapshot | undefined;
  await vi.waitFor(async () => {
    last = await c.snapshot(signal);
    expect(withoutStats(last)).toEqual(withoutStats(await collectSnapshot(client, collectOptions(overrides))));
  });
  return last as CollectedSnapshot;
}

describe('cluster cache', () => {
  it('gives the same snapshot as a full collection, then costs one request per unchanged cycle', async () => {
    const c = await startCache();
    expect(c.isWatching).toBe(true);
    const first = await expectMatchesFreshCollection(c);
    expect(first.pods).toHaveLength(44);
    expect(first.namespaces.map((n) => n.name)).toEqual(['apps', 'apps-eu', 'kube-system', 'payments']);
    const before = fake.requests.length;
    const steady = await c.snapshot(signal);
    expect(steady.stats.requests).toBe(1);
    expect(fake.requests.length - before).toBe(1);
    expect(fake.requests.at(-1)?.path).toBe('/version');
  });

  it('follows pod, namespace and label changes', async () => {
    const selection = { isNamespaceSelected: (n: string) => n !== 'kube-system', namespaceLabelSelector: 'tier!=bronze', ignoreEmpty: true };
    const c = await startCache(selection);
    await expectMatchesFreshCollection(c, selection);
    fake.state.putNamespace('search');
    fake.state.putPod(makePod({ seed: 4, namespace: 'search', index: 1 }));
    fake.state.putNamespace('empty-new');
    fake.state.deletePod({ namespace: 'apps', name: fake.state.podNames('apps')[2] ?? '' });
    fake.state.updatePod({ namespace: 'apps', name: fake.state.podNames('apps')[0] ?? '' }, (pod) => ({ ...pod, status: { phase: 'Failed' } }));
    fake.state.putPod(makePod({ seed: 4, namespace: 'kube-system', index: 99 }));
    fake.state.deleteNamespace('apps-eu');
    fake.state.putNamespace('payments', { tier: 'bronze' });
    const after = await expectMatchesFreshCollection(c, selection);
    expect(after.namespaces.map((n) => n.name)).toEqual(['apps', 'search']);
  });

  it('goes on without nodes when nodes are forbidden', async () => {
    fake.inject({ path: '/api/v1/nodes', status: 403 });
    const c = await startCache();
    expect(c.isWatching).toBe(true);
    const snapshot = await c.snapshot(signal);
    expect(snapshot.nodes).toEqual([]);
    expect(snapshot.pods).toHaveLength(44);
  });

  it('falls back to a full collection each cycle when the account cannot watch the cluster', async () => {
    fake.inject({ path: '/api/v1/pods', status: 403 });
    const c = await startCache();
    expect(c.isWatching).toBe(false);
    const before = fake.requests.length;
    const snapshot = await c.snapshot(signal);
    // A watch the aborted start had begun may land after `before`: count lists and GETs only.
    expect(snapshot.stats.requests).toBe(fake.requests.slice(before).filter((r) => r.query['watch'] === undefined).length);
    expect(withoutStats(snapshot)).toEqual(withoutStats(await collectSnapshot(client, collectOptions())));
  });
});
