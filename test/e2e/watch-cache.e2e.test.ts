/**
 * The watch caches of periodic mode (src/kube/watch-cache.ts, src/kube/cluster-cache.ts) against
 * the real API server's watch: pods are added, re-imaged, finished (status subresource) and
 * deleted through the API, and after each change the cache must converge to what a fresh
 * collectSnapshot() returns, without listing again. Bookmarks and the server ending a watch
 * (its timeoutSeconds) are real here, and the audit log shows which requests the cache made.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PodView } from '../../src/inventory/model.ts';
import type { KubeClient } from '../../src/kube/client.ts';
import { createClusterCache, type ClusterCache } from '../../src/kube/cluster-cache.ts';
import { collectSnapshot, type CollectedSnapshot, type CollectOptions } from '../../src/kube/collect.ts';
import { createPodWatchCache, type WatchCache } from '../../src/kube/watch-cache.ts';
import { createSilentLogger } from '../../src/log/logger.ts';
import { auditMark, auditSince, listCalls, queryOf } from './audit.ts';
import { E2E_USERS } from './cluster.ts';
import { e2eContext } from './context.ts';
import type { KubeAdmin } from './kube-admin.ts';
import { adminApi, deletePod, finishPod, kaiClient, removeScratchPods, scratchPod, setImage } from './scratch.ts';
import { createPod, createScratchNamespace } from './seed.ts';
import { SEED_NODES, digestOf } from './seed-data.ts';

const ctx = e2eContext();
const ALL_METADATA = { includeAnnotations: [], includeLabels: [], disable: false };
const signal = new AbortController().signal;
const CONVERGE = { timeout: 10_000, interval: 50 };
/** Short server-side watch lifetime, so the test sees a bookmark and a watch ending. */
const WATCH_SECONDS = 3;

let kube: KubeAdmin;
let client: KubeClient;
const scratchNamespaces: string[] = [];
let podCache: WatchCache<PodView> | undefined;
let clusterCache: ClusterCache | undefined;

beforeAll(async () => {
  kube = adminApi();
  client = await kaiClient();
});

afterEach(async () => {
  await podCache?.stop();
  await clusterCache?.stop();
  podCache = undefined;
  clusterCache = undefined;
});

afterAll(async () => {
  for (const ns of scratchNamespaces) await removeScratchPods(kube, ns);
  await client.close();
  await kube.close();
});

async function scratchNamespace(name: string): Promise<string> {
  const ns = await createScratchNamespace(kube, name);
  scratchNamespaces.push(ns);
  return ns;
}

function collectOptions(overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    request: { requestTimeoutMs: 10_000, batchSize: 2, workerPoolSize: 2 },
    isNamespaceSelected: () => true,
    includeNames: [],
    ignoreEmpty: false,
    metadata: { nodes: ALL_METADATA, namespaces: ALL_METADATA, pods: ALL_METADATA },
    log: createSilentLogger(),
    signal,
    ...overrides,
  };
}

function onlyNamespace(ns: string): Partial<CollectOptions> {
  return { isNamespaceSelected: (name) => name === ns, includeNames: [ns] };
}

function withoutStats(s: CollectedSnapshot): Omit<CollectedSnapshot, 'stats'> {
  return { clusterName: s.clusterName, serverVersion: s.serverVersion, namespaces: s.namespaces, nodes: s.nodes, pods: s.pods };
}

/** Polls until the pod cache holds exactly what a fresh collection of `ns` returns. */
async function podCacheConverges(cache: WatchCache<PodView>, ns: string): Promise<PodView[]> {
  await vi.waitFor(async () => {
    const fresh = await collectSnapshot(client, collectOptions(onlyNamespace(ns)));
    expect(cache.snapshot()).toEqual(fresh.pods);
  }, CONVERGE);
  return cache.snapshot();
}

/** Polls until a cluster-cache cycle equals a fresh collection with the same options. */
async function clusterCacheConverges(cache: ClusterCache, overrides: Partial<CollectOptions> = {}): Promise<CollectedSnapshot> {
  let last: CollectedSnapshot | undefined;
  await vi.waitFor(async () => {
    last = await cache.snapshot(signal);
    expect(withoutStats(last)).toEqual(withoutStats(await collectSnapshot(client, collectOptions(overrides))));
  }, CONVERGE);
  return last as CollectedSnapshot;
}

function images(pods: readonly PodView[]): Record<string, string> {
  return Object.fromEntries(pods.flatMap((p) => p.containers.map((c) => [p.name, `${p.phase} ${c.specImage} ${c.imageId}`])));
}

describe('pod watch cache against real watch events', () => {
  it('follows added, re-imaged, finished and deleted pods from one list and one watch', async () => {
    const ns = await scratchNamespace('watch-pods');
    const [a, b, c] = ['alpha', 'bravo', 'charlie'].map((name) => scratchPod(ns, name));
    if (a === undefined || b === undefined || c === undefined) throw new Error('three scratch pods expected');
    await createPod(kube, a);
    await createPod(kube, b);
    podCache = createPodWatchCache({ client, path: `/api/v1/namespaces/${ns}/pods`, batchSize: 2, requestTimeoutMs: 10_000, log: createSilentLogger() });
    await podCache.start(signal);
    expect(Object.keys(images(await podCacheConverges(podCache, ns)))).toEqual(['alpha', 'bravo']);

    await createPod(kube, c);
    expect(Object.keys(images(await podCacheConverges(podCache, ns)))).toEqual(['alpha', 'bravo', 'charlie']);

    await setImage(kube, a, 'registry.example.com/alpha:2.0');
    expect(images(await podCacheConverges(podCache, ns))['alpha']).toMatch(/^Running registry\.example\.com\/alpha:2\.0 /);

    const newId = `docker-pullable://registry.example.com/bravo@${digestOf('bravo-2')}`;
    await finishPod(kube, { ...b, image: 'registry.example.com/bravo:1.0' }, newId);
    expect(images(await podCacheConverges(podCache, ns))['bravo']).toBe(`Succeeded registry.example.com/bravo:1.0 ${newId}`);

    await deletePod(kube, a);
    expect(Object.keys(images(await podCacheConverges(podCache, ns)))).toEqual(['bravo', 'charlie']);

    const stats = podCache.stats;
    expect(stats.lists, 'one initial list, no re-list per change').toBe(1);
    expect(stats.requests, 'one list page (two pods, limit 2) and one watch').toBe(2);
    expect(stats.watches).toBe(1);
    expect(stats.events, 'charlie added, alpha modified, bravo status, alpha deleted').toBeGreaterThanOrEqual(4);
  });

  it('gets bookmarks that carry it past changes elsewhere, and resumes an ended watch from there without listing', async () => {
    const ns = await scratchNamespace('watch-bookmarks');
    const elsewhere = await scratchNamespace('watch-elsewhere');
    await createPod(kube, scratchPod(ns, 'first'));
    podCache = createPodWatchCache({
      client, path: `/api/v1/namespaces/${ns}/pods`, batchSize: 2, requestTimeoutMs: 10_000, watchTimeoutSeconds: WATCH_SECONDS, log: createSilentLogger(),
    });
    const mark = auditMark(ctx.cluster.auditLogPath);
    await podCache.start(signal);
    const cache = podCache;
    const listedAt = Number(cache.stats.resourceVersion);
    // A pod change in another namespace: no event for this watch, but it moves the server's
    // resourceVersion, and the bookmark (sent 2 s before the watch's deadline) carries it.
    await createPod(kube, scratchPod(elsewhere, 'other'));
    const otherRv = Number((await kube.request<{ metadata: { resourceVersion: string } }>('GET', `/api/v1/namespaces/${elsewhere}/pods/other`)).metadata.resourceVersion);
    expect(otherRv).toBeGreaterThan(listedAt);

    await expect.poll(() => cache.stats.bookmarks, { timeout: 12_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    expect(cache.stats.events, 'nothing changed in the watched namespace').toBe(0);
    expect(Number(cache.stats.resourceVersion)).toBeGreaterThanOrEqual(otherRv);
    // The server ends each watch after timeoutSeconds; the cache watches again, it does not list.
    await expect.poll(() => cache.stats.watches, { timeout: 12_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    expect(cache.stats.lists).toBe(1);

    // The resumed watch still delivers changes.
    await createPod(kube, scratchPod(ns, 'second'));
    await expect.poll(() => cache.snapshot().map((p) => p.name), CONVERGE).toEqual(['first', 'second']);
    expect(cache.stats.lists).toBe(1);
    await cache.stop();

    // The apiserver's own record: one list page in this namespace, then watches with bookmarks.
    const events = (await auditSince(ctx.cluster.auditLogPath, mark, E2E_USERS.admin.name)).filter((e) => e.objectRef?.namespace === ns);
    expect(listCalls(events, 'pods', ns)).toHaveLength(1);
    const watches = events.filter((e) => e.verb === 'watch');
    expect(watches.length, 'the watch the server ended, at least').toBeGreaterThanOrEqual(1);
    for (const w of watches) {
      expect(queryOf(w).get('allowWatchBookmarks')).toBe('true');
      expect(queryOf(w).get('timeoutSeconds')).toBe(String(WATCH_SECONDS));
      expect(Number(queryOf(w).get('resourceVersion'))).toBeGreaterThanOrEqual(listedAt);
    }
  });
});

describe('cluster cache (periodic mode) against the real server', () => {
  it('starts equal to a full collection of the cluster; a steady cycle then lists nothing', async () => {
    clusterCache = createClusterCache(client, collectOptions());
    await clusterCache.start(signal);
    expect(clusterCache.isWatching).toBe(true);
    const first = await clusterCacheConverges(clusterCache);
    expect(first.nodes.map((n) => n.name)).toEqual(expect.arrayContaining(SEED_NODES.map((n) => n.name)));
    expect(first.pods.length).toBeGreaterThan(20);

    const mark = auditMark(ctx.cluster.auditLogPath);
    const steady = await clusterCache.snapshot(signal);
    expect(steady.stats.requests, 'only GET /version').toBe(1);
    expect(withoutStats(steady)).toEqual(withoutStats(first));
    const events = await auditSince(ctx.cluster.auditLogPath, mark, E2E_USERS.admin.name);
    expect(events.filter((e) => e.verb === 'list'), 'no list request in a steady cycle').toEqual([]);
  });

  it('follows a new namespace, its pods and their changes, as a fresh collection sees them', async () => {
    const prefix = 'scratch-cluster-';
    const selection: Partial<CollectOptions> = { isNamespaceSelected: (name) => name.startsWith(prefix), ignoreEmpty: true };
    clusterCache = createClusterCache(client, collectOptions(selection));
    await clusterCache.start(signal);
    expect((await clusterCacheConverges(clusterCache, selection)).namespaces).toEqual([]);

    const ns = await scratchNamespace('cluster-one');
    const pods = ['web', 'worker'].map((name) => scratchPod(ns, name));
    for (const pod of pods) await createPod(kube, pod);
    const filled = await clusterCacheConverges(clusterCache, selection);
    expect(filled.namespaces.map((n) => n.name)).toEqual([ns]);
    expect(filled.pods.map((p) => p.name)).toEqual(['web', 'worker']);

    await setImage(kube, { namespace: ns, name: 'web' }, 'registry.example.com/web:3.1');
    await deletePod(kube, { namespace: ns, name: 'worker' });
    const changed = await clusterCacheConverges(clusterCache, selection);
    expect(changed.pods.map((p) => `${p.name} ${p.containers[0]?.specImage ?? ''}`)).toEqual(['web registry.example.com/web:3.1']);

    await deletePod(kube, { namespace: ns, name: 'web' });
    expect((await clusterCacheConverges(clusterCache, selection)).namespaces, 'an emptied namespace drops out with ignore-empty').toEqual([]);
  });
});
