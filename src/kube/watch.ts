/**
 * One watch request: `?watch=true&resourceVersion=…&allowWatchBookmarks=true&timeoutSeconds=…`,
 * read as a stream of JSON lines and handed over event by event. It resolves when the server ends
 * the stream (its timeoutSeconds), and throws a KubeError when the watch breaks; a 410 (as an HTTP
 * status or as an ERROR event) has status 410, so the cache knows it must list again.
 */
import { KubeError } from '../errors.ts';
import { invalidBodyError, networkError, statusError, timeoutError, type FailedRequest } from './errors.ts';
import type { RequestContext } from './request.ts';
import { describeRequest } from './request-target.ts';

export const WATCH_EVENT_TYPES = ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK'] as const;
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number];

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly object: unknown;
}

export interface WatchRequest {
  readonly path: string;
  readonly resourceVersion: string;
  readonly labelSelector?: string | undefined;
  /** Asks the server to end the watch after this long; kai then watches again from where it was. */
  readonly timeoutSeconds: number;
  /** Time allowed for the response headers, and for silence on the stream beyond timeoutSeconds. */
  readonly requestTimeoutMs: number;
  readonly signal: AbortSignal;
}

function watchPath(req: WatchRequest): string {
  const query = new URLSearchParams({
    watch: 'true',
    allowWatchBookmarks: 'true',
    resourceVersion: req.resourceVersion,
    timeoutSeconds: String(req.timeoutSeconds),
  });
  if (req.labelSelector !== undefined && req.labelSelector !== '') query.set('labelSelector', req.labelSelector);
  return `${req.path}?${query.toString()}`;
}

function errorEvent(failed: FailedRequest, object: unknown): KubeError {
  const status = typeof object === 'object' && object !== null && 'code' in object && typeof object.code === 'number' ? object.code : 500;
  return statusError(failed, status, JSON.stringify(object));
}

function parseLine(failed: FailedRequest, line: string): WatchEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw invalidBodyError(failed, (error as Error).message);
  }
  const type = typeof parsed === 'object' && parsed !== null && 'type' in parsed ? parsed.type : undefined;
  const object = typeof parsed === 'object' && parsed !== null && 'object' in parsed ? parsed.object : undefined;
  if (type === 'ERROR') throw errorEvent(failed, object);
  if (!WATCH_EVENT_TYPES.includes(type as WatchEventType)) throw invalidBodyError(failed, `unknown watch event type ${JSON.stringify(type)}`);
  return { type: type as WatchEventType, object };
}

/** A timer that aborts when not pushed back in time: headers, then silence on the stream. */
function createDeadline(ms: number): { signal: AbortSignal; push: (ms: number) => void; clear: () => void } {
  const controller = new AbortController();
  let timer = setTimeout(() => { controller.abort(); }, ms);
  return {
    signal: controller.signal,
    push(next) {
      clearTimeout(timer);
      timer = setTimeout(() => { controller.abort(); }, next);
    },
    clear() {
      clearTimeout(timer);
    },
  };
}

async function readEvents(body: AsyncIterable<Buffer>, args: { failed: FailedRequest; onEvent: (e: WatchEvent) => void; onData: () => void }): Promise<void> {
  let pending = '';
  for await (const chunk of body) {
    args.onData();
    pending += chunk.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') args.onEvent(parseLine(args.failed, line));
      newline = pending.indexOf('\n');
    }
  }
  if (pending.trim() !== '') args.onEvent(parseLine(args.failed, pending.trim()));
}

/** Runs one watch to its end; every event goes to `onEvent` in order. */
export async function watchOnce(ctx: RequestContext, req: WatchRequest, onEvent: (event: WatchEvent) => void): Promise<void> {
  const target = describeRequest(req.path, true);
  const failed: FailedRequest = { target, server: ctx.transport.server };
  const silenceMs = req.timeoutSeconds * 1000 + req.requestTimeoutMs;
  const deadline = createDeadline(req.requestTimeoutMs);
  const started = performance.now();
  try {
    const res = await ctx.transport.send({ path: watchPath(req), signal: AbortSignal.any([req.signal, deadline.signal]), isStream: true });
    ctx.onRequest?.({ verb: target.verb, resource: target.resource, code: res.status, ms: performance.now() - started });
    if (res.status !== 200) throw statusError(failed, res.status, await res.body.text());
    deadline.push(silenceMs);
    await readEvents(res.body, { failed, onEvent, onData: () => { deadline.push(silenceMs); } });
  } catch (error) {
    if (req.signal.aborted) throw req.signal.reason;
    if (error instanceof KubeError) throw error;
    if (deadline.signal.aborted) throw timeoutError(failed, req.requestTimeoutMs);
    throw networkError(failed, error);
  } finally {
    deadline.clear();
  }
}
