/**
 * Paginated lists: `limit` + `continue`, restarting from scratch when the continue token expires
 * (410 Gone), as the API conventions prescribe. Each page is parsed and handed item by item to the
 * caller, which keeps only what it needs, so at most one raw page per list is alive at a time.
 */
import { KubeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { MAX_LIST_RESTARTS } from './retry.ts';

export interface ListPagesOptions {
  readonly signal: AbortSignal;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Page size; the client's batch size when absent. */
  readonly limit?: number;
  /** Per-request timeout; the client's default when absent. */
  readonly timeoutMs?: number;
  /**
   * Called when the list restarts after a 410: items delivered so far will be delivered again,
   * so the caller drops what it collected from this list.
   */
  readonly onRestart?: () => void;
  /** Checked after every item: true ends the list early (the rest of the page is skipped). */
  readonly shouldStop?: () => boolean;
}

export interface ListResult {
  /** Page requests made (retries of one page count once). */
  readonly requests: number;
  /** The list's resourceVersion: where a watch continues from. */
  readonly resourceVersion: string;
}

export type FetchPage = (pathAndQuery: string, signal: AbortSignal) => Promise<unknown>;

interface PageShape {
  readonly items: readonly unknown[];
  readonly continueToken: string;
  readonly resourceVersion: string;
}

function stringAt(value: unknown, key: string): string {
  if (typeof value !== 'object' || value === null) return '';
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : '';
}

function readPage(body: unknown, path: string): PageShape {
  if (typeof body !== 'object' || body === null || !('items' in body) || !Array.isArray(body.items)) {
    throw new KubeError(`list ${path}: the answer is not a Kubernetes list (no "items" array)`, {
      hint: 'check that the server URL points at the Kubernetes API server',
    });
  }
  const items: readonly unknown[] = body.items;
  const metadata = 'metadata' in body ? body.metadata : undefined;
  return { items, continueToken: stringAt(metadata, 'continue'), resourceVersion: stringAt(metadata, 'resourceVersion') };
}

function pagePath(path: string, opts: ListPagesOptions & { readonly limit: number }, continueToken: string): string {
  const [base, existing] = path.split('?', 2);
  const query = new URLSearchParams(existing);
  query.set('limit', String(opts.limit));
  if (opts.labelSelector !== undefined && opts.labelSelector !== '') query.set('labelSelector', opts.labelSelector);
  if (opts.fieldSelector !== undefined && opts.fieldSelector !== '') query.set('fieldSelector', opts.fieldSelector);
  if (continueToken !== '') query.set('continue', continueToken);
  return `${base ?? ''}?${query.toString()}`;
}

type PageOptions = ListPagesOptions & { readonly limit: number };

/** Hands a page's items to `onItem`; false when `shouldStop` ended the list. */
function deliver(items: readonly unknown[], opts: PageOptions, onItem: (item: unknown) => void): boolean {
  for (const item of items) {
    onItem(item);
    if (opts.shouldStop?.() === true) return false;
  }
  return true;
}

/**
 * One pass over the list. The next page is requested as soon as this page's continue token is
 * known, before this page's items are reduced, so the server works on page N+1 while kai works on
 * page N. A prefetched page that is not wanted any more (early stop, failure) is aborted.
 */
async function listOnce(fetchPage: FetchPage, args: { path: string; opts: PageOptions; onItem: (item: unknown) => void }): Promise<ListResult> {
  // Only prefetched pages need a signal of their own (most lists are a single page).
  let controller: AbortController | undefined;
  let prefetchSignal: AbortSignal | undefined;
  const prefetch = (token: string): Promise<unknown> => {
    controller ??= new AbortController();
    prefetchSignal ??= AbortSignal.any([args.opts.signal, controller.signal]);
    return fetchPage(pagePath(args.path, args.opts, token), prefetchSignal);
  };
  let next: Promise<unknown> | undefined = fetchPage(pagePath(args.path, args.opts, ''), args.opts.signal);
  let requests = 0;
  let resourceVersion = '';
  try {
    while (next !== undefined) {
      const page = readPage(await next, args.path);
      requests += 1;
      resourceVersion = page.resourceVersion;
      next = page.continueToken === '' ? undefined : prefetch(page.continueToken);
      // A prefetch that fails while this page is being delivered is reported by its own await.
      next?.catch(() => undefined);
      if (!deliver(page.items, args.opts, args.onItem)) break;
    }
  } finally {
    if (next !== undefined) controller?.abort(new Error('list ended early'));
  }
  return { requests, resourceVersion };
}

/** Lists every page of `path`; restarts up to MAX_LIST_RESTARTS times on 410 Gone. */
export async function listAllPages(
  fetchPage: FetchPage,
  args: { path: string; opts: ListPagesOptions & { readonly limit: number }; log: Logger },
  onItem: (item: unknown) => void,
): Promise<ListResult> {
  let restarts = 0;
  let wasted = 0;
  for (;;) {
    let counted = 0;
    const countingFetch: FetchPage = async (p, s) => {
      counted += 1;
      return fetchPage(p, s);
    };
    try {
      const result = await listOnce(countingFetch, { path: args.path, opts: args.opts, onItem });
      return { requests: result.requests + wasted, resourceVersion: result.resourceVersion };
    } catch (error) {
      if (!(error instanceof KubeError) || error.status !== 410 || restarts >= MAX_LIST_RESTARTS) throw error;
      restarts += 1;
      wasted += counted;
      args.log.debug({ path: args.path, restarts }, 'continue token expired (410): restarting the list');
      args.opts.onRestart?.();
    }
  }
}
