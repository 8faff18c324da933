/**
 * The benchmark's simulated Kubernetes API server: node:http on 127.0.0.1:0 serving a SimCluster.
 * Lists honour `limit`/`continue` and are streamed in chunks (so a 600 MB list never exists as one
 * string), every answer can be delayed by a per-request latency, and counters record requests and
 * body bytes per route. It also serves the discovery documents kubectl asks for, and watches of
 * pods (MODIFIED events), namespaces and nodes (which never change), with bookmarks, for
 * steady-state measurements. No compression: every client reads the same bytes on loopback.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimCluster } from './sim-cluster.ts';

export const ROUTES = ['version', 'discovery', 'list-pods-all', 'list-pods-ns', 'list-namespaces', 'list-nodes', 'get', 'watch', 'not-found', 'unauthorized'] as const;
export type RouteName = (typeof ROUTES)[number];

export interface SimCounters {
  requests: number;
  /** Requests to list endpoints (pods, namespaces, nodes), watches excluded. */
  listRequests: number;
  /** Response body bytes written. */
  bytes: number;
  readonly byRoute: Record<RouteName, number>;
}

export interface SimServer {
  readonly url: string;
  readonly token: string;
  /** PEM of the self-signed server certificate (its own CA) when serving HTTPS, else ''. */
  readonly caPem: string;
  readonly cluster: SimCluster;
  readonly counters: SimCounters;
  latencyMs: number;
  resetCounters(): void;
  /** Changes a pod's app image, and tells every open watch that matches it. */
  changePodImage(ref: { nsIndex: number; podIndex: number }, image: string): void;
  /** A BOOKMARK at the current resourceVersion to every watch that asked for bookmarks. */
  sendBookmarks(): void;
  readonly activeWatches: number;
  close(): Promise<void>;
}

interface Watcher {
  readonly res: ServerResponse;
  /** Which objects it watches: only pods ever change in the simulation. */
  readonly kind: 'Pod' | 'Namespace' | 'Node';
  readonly nsIndex: number | undefined;
  readonly wantsBookmarks: boolean;
}

/** A change, kept so a watch that starts from an older resourceVersion still sees it. */
interface SimEvent {
  readonly rv: number;
  readonly nsIndex: number;
  readonly line: string;
}

interface Ctx {
  readonly sim: SimServer;
  readonly nsIndexByName: ReadonlyMap<string, number>;
  readonly watchers: Set<Watcher>;
  readonly events: SimEvent[];
}

/** Pods rendered per socket write: about 200 KB. */
const CHUNK_PODS = 50;

function emptyCounters(): SimCounters {
  const byRoute = Object.fromEntries(ROUTES.map((r) => [r, 0])) as Record<RouteName, number>;
  return { requests: 0, listRequests: 0, bytes: 0, byRoute };
}

function statusJson(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function discoveryJson(path: string, port: number): string | undefined {
  if (path === '/api') {
    return JSON.stringify({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }] });
  }
  if (path === '/apis') return JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
  if (path !== '/api/v1') return undefined;
  const resource = (name: string, kind: string, namespaced: boolean): Record<string, unknown> => ({
    name, singularName: kind.toLowerCase(), namespaced, kind, verbs: ['get', 'list', 'watch'], shortNames: [name.slice(0, 2)],
  });
  return JSON.stringify({
    kind: 'APIResourceList', groupVersion: 'v1',
    resources: [resource('pods', 'Pod', true), resource('namespaces', 'Namespace', false), resource('nodes', 'Node', false)],
  });
}

async function write(ctx: Ctx, res: ServerResponse, text: string): Promise<void> {
  ctx.sim.counters.bytes += Buffer.byteLength(text);
  if (!res.write(text)) await new Promise<void>((resolve) => res.once('drain', resolve));
}

function end(ctx: Ctx, res: ServerResponse, args: { code: number; body: string }): void {
  ctx.sim.counters.bytes += Buffer.byteLength(args.body);
  res.writeHead(args.code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(args.body) });
  res.end(args.body);
}

/** A position in a list: namespace index and pod index (cluster-wide), or item index. */
interface Cursor {
  ns: number;
  item: number;
}

function encodeContinue(cursor: Cursor): string {
  return Buffer.from(`${cursor.ns}.${cursor.item}`).toString('base64url');
}

function decodeContinue(token: string | null): Cursor | undefined {
  if (token === null || token === '') return { ns: 0, item: 0 };
  const match = /^(\d+)\.(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match === null ? undefined : { ns: Number(match[1]), item: Number(match[2]) };
}

interface ListPlan {
  readonly kind: string;
  /** Next items from the cursor (advancing it), at most `max`; [] when the list is done. */
  next(cursor: Cursor, max: number): string[];
}

function podPlan(cluster: SimCluster, nsIndex: number | undefined): ListPlan {
  return {
    kind: 'PodList',
    next(cursor, max) {
      const items: string[] = [];
      if (nsIndex !== undefined) cursor.ns = nsIndex;
      while (items.length < max && cursor.ns < cluster.size.namespaces) {
        if (cursor.item < cluster.podCount(cursor.ns)) {
          items.push(cluster.renderPod(cursor.ns, cursor.item));
          cursor.item += 1;
        } else if (nsIndex === undefined) {
          cursor.ns += 1;
          cursor.item = 0;
        } else {
          break;
        }
      }
      return items;
    },
  };
}

function arrayPlan(kind: string, all: readonly string[]): ListPlan {
  return {
    kind,
    next(cursor, max) {
      const items = all.slice(cursor.item, cursor.item + max);
      cursor.item += items.length;
      return items;
    },
  };
}

function hasMore(plan: ListPlan, cursor: Cursor): boolean {
  const probe = { ...cursor };
  return plan.next(probe, 1).length > 0;
}

async function streamList(ctx: Ctx, res: ServerResponse, args: { plan: ListPlan; query: URLSearchParams }): Promise<void> {
  const cursor = decodeContinue(args.query.get('continue'));
  if (cursor === undefined) {
    end(ctx, res, { code: 400, body: statusJson(400, 'BadRequest', 'invalid continue token') });
    return;
  }
  const limitText = args.query.get('limit');
  const limit = limitText === null || Number(limitText) <= 0 ? Number.MAX_SAFE_INTEGER : Number(limitText);
  res.writeHead(200, { 'content-type': 'application/json' });
  const rv = String(ctx.sim.cluster.resourceVersion);
  await write(ctx, res, `{"kind":"${args.plan.kind}","apiVersion":"v1","items":[`);
  let sent = 0;
  while (sent < limit) {
    const items = args.plan.next(cursor, Math.min(CHUNK_PODS, limit - sent));
    if (items.length === 0) break;
    await write(ctx, res, (sent === 0 ? '' : ',') + items.join(','));
    sent += items.length;
  }
  const metadata = hasMore(args.plan, cursor) ? { resourceVersion: rv, continue: encodeContinue(cursor) } : { resourceVersion: rv };
  await write(ctx, res, `],"metadata":${JSON.stringify(metadata)}}`);
  res.end();
}

function startWatch(ctx: Ctx, res: ServerResponse, args: { watch: WatchTarget; query: URLSearchParams }): void {
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  const { kind, nsIndex } = args.watch;
  const watcher: Watcher = { res, kind, nsIndex, wantsBookmarks: args.query.get('allowWatchBookmarks') === 'true' };
  const fromRv = Number(args.query.get('resourceVersion') ?? '0');
  for (const event of ctx.events) {
    if (kind === 'Pod' && event.rv > fromRv && (nsIndex === undefined || nsIndex === event.nsIndex)) res.write(event.line);
  }
  ctx.watchers.add(watcher);
  const timeoutSeconds = Number(args.query.get('timeoutSeconds') ?? '0');
  const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
  res.on('close', () => {
    ctx.watchers.delete(watcher);
    if (timer !== undefined) clearTimeout(timer);
  });
}

type Route =
  | { readonly name: 'version' | 'discovery' | 'not-found'; readonly body: string }
  | { readonly name: 'list-pods-all' | 'list-pods-ns' | 'list-namespaces' | 'list-nodes'; readonly plan: ListPlan; readonly nsIndex?: number }
  | { readonly name: 'get'; readonly body: string };

function notFound(path: string): Route {
  return { name: 'not-found', body: statusJson(404, 'NotFound', `the server could not find the requested resource (${path})`) };
}

function routeNamespaced(ctx: Ctx, path: string): Route {
  const match = /^\/api\/v1\/namespaces\/([^/]+)(\/pods)?$/.exec(path);
  if (match === null) return notFound(path);
  const name = decodeURIComponent(match[1] ?? '');
  const nsIndex = ctx.nsIndexByName.get(name);
  if (match[2] !== undefined) {
    // The real API server answers an empty list for a namespace that does not exist.
    return { name: 'list-pods-ns', plan: nsIndex === undefined ? arrayPlan('PodList', []) : podPlan(ctx.sim.cluster, nsIndex), ...(nsIndex === undefined ? {} : { nsIndex }) };
  }
  const json = nsIndex === undefined ? undefined : ctx.sim.cluster.namespaceJson[nsIndex];
  return json === undefined ? notFound(path) : { name: 'get', body: json };
}

function route(ctx: Ctx, path: string, port: number): Route {
  const cluster = ctx.sim.cluster;
  if (path === '/version') return { name: 'version', body: JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.2', platform: 'linux/amd64' }) };
  const discovery = discoveryJson(path, port);
  if (discovery !== undefined) return { name: 'discovery', body: discovery };
  if (path === '/api/v1/pods') return { name: 'list-pods-all', plan: podPlan(cluster, undefined) };
  if (path === '/api/v1/namespaces') return { name: 'list-namespaces', plan: arrayPlan('NamespaceList', cluster.namespaceJson) };
  if (path === '/api/v1/nodes') return { name: 'list-nodes', plan: arrayPlan('NodeList', cluster.nodeJson) };
  return routeNamespaced(ctx, path);
}

function isAuthorized(ctx: Ctx, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.authorization === `Bearer ${ctx.sim.token}`) return true;
  ctx.sim.counters.byRoute.unauthorized += 1;
  end(ctx, res, { code: 401, body: statusJson(401, 'Unauthorized', 'Unauthorized') });
  return false;
}

interface WatchTarget {
  readonly kind: Watcher['kind'];
  /** The namespace of a namespaced pod watch; undefined = all. */
  readonly nsIndex: number | undefined;
}

const WATCH_KINDS: Readonly<Record<string, Watcher['kind']>> = { 'list-pods-all': 'Pod', 'list-pods-ns': 'Pod', 'list-namespaces': 'Namespace', 'list-nodes': 'Node' };

/** For a watch request: what it watches; null for anything else. */
function watchTarget(r: Route, query: URLSearchParams): WatchTarget | null {
  const isWatch = ['true', '1'].includes(query.get('watch') ?? '');
  const kind = WATCH_KINDS[r.name];
  if (!isWatch || kind === undefined) return null;
  return { kind, nsIndex: 'nsIndex' in r ? r.nsIndex : undefined };
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const { counters } = ctx.sim;
  counters.requests += 1;
  if (!isAuthorized(ctx, req, res)) return;
  const r = route(ctx, url.pathname, req.socket.localPort ?? 0);
  const watch = watchTarget(r, url.searchParams);
  if (watch !== null) {
    counters.byRoute.watch += 1;
    startWatch(ctx, res, { watch, query: url.searchParams });
    return;
  }
  counters.byRoute[r.name] += 1;
  if (ctx.sim.latencyMs > 0) await sleep(ctx.sim.latencyMs);
  if ('plan' in r) {
    counters.listRequests += 1;
    await streamList(ctx, res, { plan: r.plan, query: url.searchParams });
    return;
  }
  end(ctx, res, { code: r.name === 'not-found' ? 404 : 200, body: r.body });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function watchEvent(type: string, objectJson: string): string {
  return `{"type":"${type}","object":${objectJson}}\n`;
}

/** A fresh self-signed EC certificate for 127.0.0.1 (needs openssl, as the test fake does). */
function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kai-bench-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SimServerOptions {
  readonly token?: string;
  /**
   * Serve HTTPS like a real API server (default). kubectl sends a bearer token only over TLS, and
   * TLS costs every client the same decryption work.
   */
  readonly tls?: boolean;
}

/** Starts the simulated API server for `cluster` on 127.0.0.1 (a random free port). */
export async function startSimServer(cluster: SimCluster, options: SimServerOptions = {}): Promise<SimServer> {
  const tls = options.tls === false ? undefined : selfSignedCert();
  const server: Server = tls === undefined ? createServer() : createTlsServer(tls);
  server.keepAliveTimeout = 60_000;
  const port = await listen(server);
  const watchers = new Set<Watcher>();
  const events: SimEvent[] = [];
  const sim: SimServer = {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    token: options.token ?? 'kai-bench-token',
    caPem: tls?.cert ?? '',
    cluster,
    counters: emptyCounters(),
    latencyMs: cluster.size.latencyMs,
    resetCounters() {
      Object.assign(sim.counters, emptyCounters());
    },
    changePodImage(ref, image) {
      const line = watchEvent('MODIFIED', cluster.changePodImage(ref, image));
      events.push({ rv: cluster.resourceVersion, nsIndex: ref.nsIndex, line });
      for (const w of watchers) if (w.kind === 'Pod' && (w.nsIndex === undefined || w.nsIndex === ref.nsIndex)) w.res.write(line);
    },
    sendBookmarks() {
      for (const w of watchers) {
        const bookmark = JSON.stringify({ kind: w.kind, apiVersion: 'v1', metadata: { resourceVersion: String(cluster.resourceVersion) } });
        if (w.wantsBookmarks) w.res.write(watchEvent('BOOKMARK', bookmark));
      }
    },
    get activeWatches() {
      return watchers.size;
    },
    async close() {
      for (const w of watchers) w.res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
  const ctx: Ctx = { sim, nsIndexByName: new Map(cluster.namespaceNames.map((name, i) => [name, i])), watchers, events };
  const handler: RequestListener = (req, res) => {
    handle(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent) end(ctx, res, { code: 500, body: statusJson(500, 'InternalError', `sim failed: ${String(error)}`) });
      else res.destroy();
    });
  };
  server.on('request', handler);
  return sim;
}
