import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KubeError } from '../../src/errors.ts';
import type { PodView } from '../../src/inventory/model.ts';
import type { KubeClient } from '../../src/kube/client.ts';
import { toPodView } from '../../src/kube/views.ts';
import { createPodWatchCache, type WatchCache } from '../../src/kube/watch-cache.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { makePod } from '../fakes/pod-factory.ts';
import { captureLog, clientFor } from './support.ts';

let fake: FakeKubeApi;
let client: KubeClient;
let cache: WatchCache<PodView> | undefined;
const signal = new AbortController().signal;
const shortSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));

beforeEach(async () => {
  fake = await startFakeKubeApi();
  fake.state.addNode('node-a');
  fake.state.addNamespace('apps', { podCount: 30 });
  fake.state.addNamespace('web', { podCount: 12 });
  client = await clientFor(fake);
});

afterEach(async () => {
  await cache?.stop();
  cache = undefined;
  await client.close();
  await fake.close();
});

async function startCache(options: { labelSelector?: string } = {}): Promise<WatchCache<PodView>> {
  cache = createPodWatchCache({ client, path: '/api/v1/pods', batchSize: 10, requestTimeoutMs: 2_000, log: captureLog().log, sleep: shortSleep, ...options });
  await cache.start(signal);
  return cache;
}

/** What a fresh full list returns now, in the cache's order. */
async function freshList(labelSelector?: string): Promise<PodView[]> {
  const pods: PodView[] = [];
  await client.listPages('/api/v1/pods', { signal, limit: 50, ...(labelSelector === undefined ? {} : { labelSelector }) }, (item) => pods.push(toPodView(item)));
  return pods.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
}

async function caughtUp(c: WatchCache<PodView>): Promise<void> {
  await vi.waitFor(() => {
    expect(c.stats.resourceVersion).toBe(String(fake.state.resourceVersion));
  });
}

function podName(namespace: string, i: number): string {
  return fake.state.podNames(namespace)[i] ?? '';
}

function withPhase(phase: string): (pod: Record<string, unknown>) => Record<string, unknown> {
  return (pod) => ({ ...pod, status: { ...(pod['status'] as object), phase } });
}

function watchRequests(): number {
  return fake.requests.filter((r) => r.query['watch'] === 'true').length;
}

describe('pod watch cache', () => {
  it('fills from a paginated list, then watches from its resourceVersion with bookmarks', async () => {
    const c = await startCache();
    expect(c.snapshot()).toEqual(await freshList());
    expect(c.stats.lists).toBe(1);
    await vi.waitFor(() => {
      expect(watchRequests()).toBe(1);
    });
    const watch = fake.requests.find((r) => r.query['watch'] === 'true');
    expect(watch?.path).toBe('/api/v1/pods');
    expect(watch?.query).toMatchObject({ allowWatchBookmarks: 'true', resourceVersion: String(fake.state.resourceVersion), timeoutSeconds: '300' });
  });

  it('applies adds, updates and deletes; reading it costs no request', async () => {
    const c = await startCache();
    fake.state.putPod(makePod({ seed: 7, namespace: 'web', index: 500 }));
    fake.state.updatePod({ namespace: 'apps', name: podName('apps', 3) }, withPhase('Failed'));
    fake.state.deletePod({ namespace: 'apps', name: podName('apps', 0) });
    await caughtUp(c);
    const before = fake.requests.length;
    const snapshot = c.snapshot();
    c.snapshot();
    expect(fake.requests.length).toBe(before);
    expect(snapshot).toEqual(await freshList());
    expect(snapshot).toHaveLength(42);
    expect(c.stats).toMatchObject({ lists: 1, events: 3 });
  });

  it('a bookmark moves the resourceVersion on, so a new watch needs no list even after compaction', async () => {
    const c = await startCache({ labelSelector: 'team=data' });
    const other = fake.state.podNames('web').find((name) => !(fake.state.getPod('web', name)?.['metadata'] as { labels: Record<string, string> }).labels['team']?.includes('data'));
    fake.state.updatePod({ namespace: 'web', name: other ?? '' }, withPhase('Failed'));
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(1);
    });
    fake.sendBookmark();
    await caughtUp(c);
    expect(c.stats).toMatchObject({ bookmarks: 1, events: 0 });
    fake.state.compact();
    fake.endWatches();
    await vi.waitFor(() => {
      expect(watchRequests()).toBe(2);
    });
    expect(c.stats.lists).toBe(1);
    expect(c.snapshot()).toEqual(await freshList('team=data'));
  });

  it('watches again from where it was after the server ends a watch', async () => {
    const c = await startCache();
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(1);
    });
    fake.endWatches();
    fake.state.deletePod({ namespace: 'web', name: podName('web', 1) });
    await caughtUp(c);
    expect(c.snapshot()).toEqual(await freshList());
    expect(c.stats.lists).toBe(1);
  });

  it('after a broken watch connection, replays what it missed from its resourceVersion', async () => {
    const c = await startCache();
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(1);
    });
    fake.inject({ isWatch: true, times: 1, latencyMs: 100 });
    fake.breakWatches();
    fake.state.putPod(makePod({ seed: 8, namespace: 'apps', index: 900 }));
    fake.state.updatePod({ namespace: 'web', name: podName('web', 2) }, withPhase('Succeeded'));
    await caughtUp(c);
    expect(c.snapshot()).toEqual(await freshList());
    expect(c.stats.lists).toBe(1);
    expect(watchRequests()).toBe(2);
  });

  it('lists again when the watch answers 410 Gone', async () => {
    const c = await startCache();
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(1);
    });
    fake.inject({ isWatch: true, times: 1, status: 410, message: 'too old resource version' });
    fake.endWatches();
    await vi.waitFor(() => {
      expect(c.stats.lists).toBe(2);
    });
    fake.state.deletePod({ namespace: 'apps', name: podName('apps', 5) });
    await caughtUp(c);
    expect(c.snapshot()).toEqual(await freshList());
  });

  it('lists again when the resourceVersion was compacted away (ERROR event with 410)', async () => {
    const c = await startCache();
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(1);
    });
    // Hold the next watch back while pods change and the history is compacted.
    fake.inject({ isWatch: true, times: 1, latencyMs: 150 });
    fake.endWatches();
    const deleted = podName('apps', 7);
    fake.state.deletePod({ namespace: 'apps', name: deleted });
    fake.state.putPod(makePod({ seed: 9, namespace: 'web', index: 77 }));
    fake.state.compact();
    await vi.waitFor(() => {
      expect(c.stats.lists).toBe(2);
    });
    await caughtUp(c);
    expect(c.snapshot()).toEqual(await freshList());
    expect(c.snapshot().some((p) => p.name === deleted)).toBe(false);
  });

  it('refuses to serve a stale snapshot while listing fails, and recovers', async () => {
    const c = await startCache();
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(1);
    });
    fake.inject({ isWatch: true, status: 410 });
    fake.inject({ path: '/api/v1/pods', isWatch: false, status: 500, message: 'etcd is down' });
    fake.endWatches();
    await vi.waitFor(() => {
      expect(c.isSynced).toBe(false);
    });
    expect(() => c.snapshot()).toThrow(KubeError);
    expect(() => c.snapshot()).toThrow(/500 Internal Server Error .*etcd is down/);
    fake.clearInjections();
    await vi.waitFor(() => {
      expect(c.isSynced).toBe(true);
    });
    expect(c.snapshot()).toEqual(await freshList());
  });

  it('start fails with the list error, and an unstarted cache refuses snapshots', async () => {
    fake.inject({ path: '/api/v1/pods', status: 403 });
    cache = createPodWatchCache({ client, path: '/api/v1/pods', batchSize: 10, requestTimeoutMs: 2_000, log: captureLog().log });
    expect(() => cache?.snapshot()).toThrow(/has not been filled yet/);
    await expect(cache.start(signal)).rejects.toThrow(/^cannot list pods: 403 Forbidden/);
  });

  it('stop ends the watch', async () => {
    const c = await startCache();
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(1);
    });
    await c.stop();
    await vi.waitFor(() => {
      expect(fake.activeWatches).toBe(0);
    });
    cache = undefined;
  });
});
