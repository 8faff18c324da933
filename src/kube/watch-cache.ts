/**
 * An informer-style cache for periodic mode: list once, then watch from the list's resourceVersion
 * (with bookmarks) and apply ADDED/MODIFIED/DELETED, so a steady-state cycle costs no list request.
 * It holds only views (PodView for pods), keyed by namespace/name.
 *
 * Recovery, as client-go's reflector does it: when the server ends a watch (its timeoutSeconds) the
 * cache watches again from the last resourceVersion it saw; when a watch breaks it waits (capped
 * backoff with jitter) and watches again from there, so a blip costs one request, not a full list;
 * a 410 Gone (the resourceVersion is too old), or a second failure in a row, makes it list again.
 * While a list is failing, snapshot() throws: a stale cache is never reported as current.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { KubeError } from '../errors.ts';
import type { PodView } from '../inventory/model.ts';
import type { Logger } from '../log/logger.ts';
import type { KubeClient } from './client.ts';
import { KEEP_ALL_METADATA, type CompiledMetadataFilter } from './metadata-filter.ts';
import { computeRetryDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy, type Sleep } from './retry.ts';
import { createInterner, toPodView, type Intern } from './views.ts';
import { watchOnce, type WatchEvent } from './watch.ts';

export interface WatchCacheOptions<T> {
  readonly client: KubeClient;
  /** A list path: `/api/v1/pods`, or `/api/v1/namespaces/NS/pods` for a namespace-restricted account. */
  readonly path: string;
  /** Raw object → view; `intern` shares repeated strings and is renewed at every full list. */
  readonly toView: (raw: unknown, intern: Intern) => T;
  readonly keyOf: (view: T) => string;
  /** Views to hold; others are dropped as they arrive (e.g. pods of excluded namespaces). All when absent. */
  readonly shouldKeep?: (view: T) => boolean;
  readonly labelSelector?: string | undefined;
  readonly batchSize: number;
  readonly requestTimeoutMs: number;
  /** How long each watch request lasts before the server ends it; 5 minutes when absent. */
  readonly watchTimeoutSeconds?: number;
  readonly log: Logger;
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly retryPolicy?: RetryPolicy;
}

export interface WatchCacheStats {
  readonly lists: number;
  /** List pages plus watch requests. */
  readonly requests: number;
  readonly watches: number;
  readonly events: number;
  readonly bookmarks: number;
  /** The last resourceVersion applied (from a list, an event or a bookmark). */
  readonly resourceVersion: string;
}

export interface WatchCache<T> {
  /** Lists, then keeps watching in the background until `stop()`; resolves once the first list is in. */
  start(signal: AbortSignal): Promise<void>;
  /** The current views in key order; throws KubeError when the cache cannot vouch for them. */
  snapshot(): T[];
  readonly isSynced: boolean;
  readonly stats: WatchCacheStats;
  stop(): Promise<void>;
}

const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;

interface CacheState<T> {
  readonly items: Map<string, T>;
  intern: Intern;
  stats: { lists: number; requests: number; watches: number; events: number; bookmarks: number; resourceVersion: string };
  isSynced: boolean;
  lastError: KubeError | undefined;
}

function resourceVersionOf(object: unknown): string {
  if (typeof object !== 'object' || object === null || !('metadata' in object)) return '';
  const meta = object.metadata;
  return typeof meta === 'object' && meta !== null && 'resourceVersion' in meta && typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
}

function applyEvent<T>(state: CacheState<T>, opts: WatchCacheOptions<T>, event: WatchEvent): void {
  const rv = resourceVersionOf(event.object);
  if (rv !== '') state.stats.resourceVersion = rv;
  if (event.type === 'BOOKMARK') {
    state.stats.bookmarks += 1;
    return;
  }
  state.stats.events += 1;
  const view = opts.toView(event.object, state.intern);
  const isKept = event.type !== 'DELETED' && (opts.shouldKeep?.(view) ?? true);
  if (isKept) state.items.set(opts.keyOf(view), view);
  else state.items.delete(opts.keyOf(view));
}

/** Lists into the existing map, then drops what the list did not return (one copy of the views, not two). */
async function relist<T>(state: CacheState<T>, opts: WatchCacheOptions<T>, signal: AbortSignal): Promise<void> {
  let seen = new Set<string>();
  // A fresh interner per list keeps it bounded by what the cluster holds now.
  state.intern = createInterner();
  const result = await opts.client.listPages(
    opts.path,
    {
      signal,
      limit: opts.batchSize,
      timeoutMs: opts.requestTimeoutMs,
      ...(opts.labelSelector === undefined ? {} : { labelSelector: opts.labelSelector }),
      onRestart: () => (seen = new Set()),
    },
    (item) => {
      const view = opts.toView(item, state.intern);
      if (!(opts.shouldKeep?.(view) ?? true)) return;
      const key = opts.keyOf(view);
      seen.add(key);
      state.items.set(key, view);
    },
  );
  for (const key of state.items.keys()) if (!seen.has(key)) state.items.delete(key);
  state.stats.lists += 1;
  state.stats.requests += result.requests;
  state.stats.resourceVersion = result.resourceVersion;
  state.isSynced = true;
  state.lastError = undefined;
}

interface LoopContext<T> {
  readonly state: CacheState<T>;
  readonly opts: WatchCacheOptions<T>;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
}

async function watchFromLast<T>(loop: LoopContext<T>): Promise<void> {
  const { state, opts, signal } = loop;
  state.stats.watches += 1;
  state.stats.requests += 1;
  await watchOnce(
    opts.client.requestContext,
    {
      path: opts.path,
      resourceVersion: state.stats.resourceVersion,
      labelSelector: opts.labelSelector,
      timeoutSeconds: opts.watchTimeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS,
      requestTimeoutMs: opts.requestTimeoutMs,
      signal,
    },
    (event) => {
      applyEvent(state, opts, event);
    },
  );
}

/** What to do after a failure: list again (410, or a repeated failure), after how long. */
function planRecovery(error: KubeError, failures: number, opts: WatchCacheOptions<unknown>): { mustList: boolean; waitMs: number } {
  const isGone = error.status === 410;
  const policy = opts.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const waitMs = isGone && failures === 1 ? 0 : computeRetryDelayMs(failures, { policy, random: opts.random ?? Math.random, retryAfterMs: undefined });
  return { mustList: isGone || failures > 1, waitMs };
}

async function runLoop<T>(loop: LoopContext<T>): Promise<void> {
  const { state, opts, signal } = loop;
  let failures = 0;
  let mustList = false;
  while (!signal.aborted) {
    try {
      if (mustList) await relist(state, opts, signal);
      mustList = false;
      await watchFromLast(loop);
      failures = 0;
    } catch (error) {
      // The loop condition narrowed `signal.aborted` to false; the abort may have come since.
      if (loop.signal.aborted) return;
      const kubeError = error instanceof KubeError ? error : new KubeError(String(error), { cause: error });
      failures += 1;
      if (mustList) state.isSynced = false;
      state.lastError = kubeError;
      const plan = planRecovery(kubeError, failures, opts as WatchCacheOptions<unknown>);
      mustList = plan.mustList;
      opts.log.debug({ path: opts.path, failures, mustList, waitMs: plan.waitMs, reason: kubeError.message }, 'watch ended with an error');
      if (plan.waitMs > 0) await loop.sleep(plan.waitMs, signal).catch(() => undefined);
    }
  }
}

const defaultSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, { signal });
};

export function createWatchCache<T>(opts: WatchCacheOptions<T>): WatchCache<T> {
  const state: CacheState<T> = {
    items: new Map(),
    intern: createInterner(),
    stats: { lists: 0, requests: 0, watches: 0, events: 0, bookmarks: 0, resourceVersion: '' },
    isSynced: false,
    lastError: undefined,
  };
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  return {
    async start(signal) {
      const combined = AbortSignal.any([signal, controller.signal]);
      await relist(state, opts, combined);
      running = runLoop({ state, opts, signal: combined, sleep: opts.sleep ?? defaultSleep });
    },
    snapshot() {
      if (!state.isSynced) {
        throw state.lastError ?? new KubeError(`the ${opts.path} cache has not been filled yet`, { hint: 'start the cache before reading it' });
      }
      return [...state.items.keys()].sort().map((key) => state.items.get(key) as T);
    },
    get isSynced() {
      return state.isSynced;
    },
    get stats() {
      return { ...state.stats };
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}

/** The pod cache the agent uses: PodViews keyed by namespace/name. */
export function createPodWatchCache(
  opts: Omit<WatchCacheOptions<PodView>, 'toView' | 'keyOf'> & { readonly metadata?: CompiledMetadataFilter },
): WatchCache<PodView> {
  const filter = opts.metadata ?? KEEP_ALL_METADATA;
  return createWatchCache<PodView>({
    ...opts,
    toView: (raw, intern) => toPodView(raw, filter, intern),
    keyOf: (pod) => `${pod.namespace}/${pod.name}`,
  });
}
