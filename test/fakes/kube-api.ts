/**
 * A fake Kubernetes API server: a real HTTP(S) server on 127.0.0.1:0 serving /version, namespaces,
 * nodes and pods (cluster-wide and per namespace) with real `limit`/`continue` pagination, equality
 * label selectors, bearer-token auth, watches (chunked JSON lines, bookmarks, 410 for a too-old
 * resourceVersion), and injectable failures: any status (401/403/404/410/429+Retry-After/500/503),
 * latency, hangs, connection resets mid-body and truncated JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeStore, matchesLabelSelector, type StoredEvent } from './kube-store.ts';
import type { RawObject } from './pod-factory.ts';

export { FakeKubeStore } from './kube-store.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

export interface InjectRule {
  /** Exact pathname, or a pattern tested against it; absent = every path. */
  readonly path?: string | RegExp;
  /** Only requests that carry (true) or lack (false) a continue token. */
  readonly hasContinue?: boolean;
  /** Only watch (true) or non-watch (false) requests. */
  readonly isWatch?: boolean;
  /** How many requests the rule applies to; unlimited when absent. */
  readonly times?: number;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly message?: string;
  readonly latencyMs?: number;
  /** Never answer. */
  readonly hang?: boolean;
  /** Send the headers and half of the real body, then destroy the socket. */
  readonly resetMidBody?: boolean;
  /** Send a complete HTTP response whose JSON body is cut in half. */
  readonly truncate?: boolean;
}

export interface FakeKubeApiOptions {
  /** Bearer token required on every request; '' disables auth. A fixed default when absent. */
  readonly token?: string;
  readonly seed?: number;
  /** Latency added before every non-watch answer. */
  readonly latencyMs?: number;
  /** Serve HTTPS with a fresh self-signed certificate (needs openssl). */
  readonly tls?: boolean;
  readonly version?: Readonly<Record<string, string>>;
}

export interface FakeKubeApi {
  readonly url: string;
  readonly token: string;
  /** Base64 PEM of the server certificate (its own CA) when `tls` is set, else ''. */
  readonly caData: string;
  readonly state: FakeKubeStore;
  readonly requests: RecordedRequest[];
  latencyMs: number;
  inject(rule: InjectRule): void;
  clearInjections(): void;
  /** Continue tokens issued so far now get 410 Expired. */
  expireContinueTokens(): void;
  /** Sends a BOOKMARK to every watch that asked for bookmarks. */
  sendBookmark(): void;
  /** Ends every open watch cleanly (as the server does at timeoutSeconds). */
  endWatches(): void;
  /** Destroys the sockets of every open watch. */
  breakWatches(): void;
  readonly activeWatches: number;
  close(): Promise<void>;
}

interface ActiveRule {
  readonly rule: InjectRule;
  remaining: number;
}

interface Watcher {
  readonly res: ServerResponse;
  readonly resource: 'pods' | 'namespaces' | 'nodes';
  readonly namespace: string | undefined;
  readonly selector: string;
  readonly wantsBookmarks: boolean;
}

interface Ctx {
  readonly api: FakeKubeApi;
  readonly rules: ActiveRule[];
  readonly watchers: Set<Watcher>;
  tokenGeneration: number;
}

const DEFAULT_VERSION = { major: '1', minor: '29', gitVersion: 'v1.29.1', platform: 'linux/amd64', goVersion: 'go1.21.6', compiler: 'gc' };
const REASONS: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 410: 'Expired', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable' };

export function statusBody(code: number, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: REASONS[code] ?? 'Unknown', code });
}

function defaultMessage(code: number, path: string): string {
  if (code === 403) return `forbidden: User "system:serviceaccount:kai:kai" cannot get path "${path}"`;
  if (code === 410) return 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';
  return `injected ${code}`;
}

async function sleep(ms: number): Promise<void> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

function send(res: ServerResponse, code: number, body: string): void {
  sendWithHeaders(res, { code, body, headers: {} });
}

function sendWithHeaders(res: ServerResponse, answer: { code: number; body: string; headers: Record<string, string> }): void {
  res.writeHead(answer.code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer.body), ...answer.headers });
  res.end(answer.body);
}

function isWatchRequest(req: RecordedRequest): boolean {
  return req.query['watch'] === 'true' || req.query['watch'] === '1';
}

function ruleMatches(rule: InjectRule, req: RecordedRequest): boolean {
  if (rule.path !== undefined && (typeof rule.path === 'string' ? rule.path !== req.path : !rule.path.test(req.path))) return false;
  if (rule.hasContinue !== undefined && rule.hasContinue !== (req.query['continue'] !== undefined)) return false;
  return rule.isWatch === undefined || rule.isWatch === isWatchRequest(req);
}

function takeRule(ctx: Ctx, req: RecordedRequest): InjectRule | undefined {
  const active = ctx.rules.find((r) => r.remaining > 0 && ruleMatches(r.rule, req));
  if (active === undefined) return undefined;
  active.remaining -= 1;
  return active.rule;
}

// ---- pagination ------------------------------------------------------------------------------

interface ContinueToken {
  readonly gen: number;
  readonly after: string;
}

function encodeToken(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string): ContinueToken | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString()) as ContinueToken;
    return typeof parsed.gen === 'number' && typeof parsed.after === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the first key strictly greater than `after` in a sorted array. */
function upperBound(keys: readonly string[], after: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  return at < 0 ? ['', ''] : [key.slice(0, at), key.slice(at + 1)];
}

/** Where to resume: the namespace of the last key returned, or the first after it if it vanished. */
function resumeIndex(namespaces: readonly string[], afterNs: string): number {
  if (afterNs === '') return 0;
  return upperBound(namespaces, afterNs) - (namespaces.includes(afterNs) ? 1 : 0);
}

/** Pod keys `[ns, name]` in list order (namespace, then name), starting after `after` = `ns\u0000name`. */
function* podKeys(store: FakeKubeStore, namespace: string | undefined, after: string): Generator<[string, string]> {
  const [afterNs, afterName] = splitKey(after);
  const namespaces = namespace === undefined ? store.namespaceNames() : [namespace];
  const start = resumeIndex(namespaces, afterNs);
  for (let i = start; i < namespaces.length; i += 1) {
    const ns = namespaces[i] ?? '';
    const names = store.podNames(ns);
    const from = after !== '' && ns === afterNs ? upperBound(names, afterName) : 0;
    for (let j = from; j < names.length; j += 1) yield [ns, names[j] ?? ''];
  }
}

interface Page {
  readonly items: RawObject[];
  readonly nextAfter: string;
}

function collectPage(keys: Iterable<[string, RawObject | undefined]>, limit: number, selector: string): Page {
  const items: RawObject[] = [];
  let lastKey = '';
  for (const [key, item] of keys) {
    if (item === undefined || !matchesLabelSelector(item, selector)) continue;
    if (items.length === limit) return { items, nextAfter: lastKey };
    items.push(item);
    lastKey = key;
  }
  return { items, nextAfter: '' };
}

function* podItems(store: FakeKubeStore, namespace: string | undefined, after: string): Generator<[string, RawObject | undefined]> {
  for (const [ns, name] of podKeys(store, namespace, after)) yield [`${ns}\u0000${name}`, store.getPod(ns, name)];
}

function* namespaceItems(store: FakeKubeStore, after: string): Generator<[string, RawObject | undefined]> {
  const names = store.namespaceNames();
  for (let i = after === '' ? 0 : upperBound(names, after); i < names.length; i += 1) {
    const name = names[i] ?? '';
    yield [name, store.getNamespace(name)];
  }
}

function* nodeItems(store: FakeKubeStore, after: string): Generator<[string, RawObject | undefined]> {
  const start = after === '' ? 0 : Number(after) + 1;
  for (let i = start; i < store.nodes.length; i += 1) yield [String(i), store.nodes[i]];
}

function listBody(kind: string, page: Page, ctx: Ctx): string {
  const metadata: Record<string, string> = { resourceVersion: String(ctx.api.state.resourceVersion) };
  if (page.nextAfter !== '') metadata['continue'] = encodeToken({ gen: ctx.tokenGeneration, after: page.nextAfter });
  const items = page.items.map((item) => JSON.stringify(item)).join(',');
  return `{"kind":"${kind}","apiVersion":"v1","metadata":${JSON.stringify(metadata)},"items":[${items}]}`;
}

// ---- routing ---------------------------------------------------------------------------------

type Route =
  | { readonly kind: 'version' }
  | { readonly kind: 'list'; readonly what: 'pods' | 'namespaces' | 'nodes'; readonly namespace: string | undefined }
  | { readonly kind: 'get-namespace'; readonly name: string }
  | { readonly kind: 'get-pod'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'object'; readonly path: string };

function route(path: string): Route {
  if (path === '/version') return { kind: 'version' };
  if (path === '/api/v1/pods') return { kind: 'list', what: 'pods', namespace: undefined };
  if (path === '/api/v1/namespaces') return { kind: 'list', what: 'namespaces', namespace: undefined };
  if (path === '/api/v1/nodes') return { kind: 'list', what: 'nodes', namespace: undefined };
  const m = /^\/api\/v1\/namespaces\/([^/]+)(?:\/pods(?:\/([^/]+))?)?$/.exec(path);
  if (m === null) return { kind: 'object', path };
  const namespace = decodeURIComponent(m[1] ?? '');
  if (m[2] !== undefined) return { kind: 'get-pod', namespace, name: decodeURIComponent(m[2]) };
  return path.endsWith('/pods') ? { kind: 'list', what: 'pods', namespace } : { kind: 'get-namespace', name: namespace };
}

function answerList(ctx: Ctx, r: Extract<Route, { kind: 'list' }>, query: Readonly<Record<string, string>>): [number, string] {
  const limit = query['limit'] === undefined ? Number.MAX_SAFE_INTEGER : Number(query['limit']);
  let after = '';
  if (query['continue'] !== undefined) {
    const token = decodeToken(query['continue']);
    if (token === undefined) return [400, statusBody(400, 'invalid continue token')];
    if (token.gen !== ctx.tokenGeneration) return [410, statusBody(410, defaultMessage(410, ''))];
    after = token.after;
  }
  const store = ctx.api.state;
  const selector = query['labelSelector'] ?? '';
  if (r.what === 'namespaces') return [200, listBody('NamespaceList', collectPage(namespaceItems(store, after), limit, selector), ctx)];
  if (r.what === 'nodes') return [200, listBody('NodeList', collectPage(nodeItems(store, after), limit, selector), ctx)];
  if (r.namespace !== undefined && store.getNamespace(r.namespace) === undefined) {
    // The real API server answers an empty list for a namespace that does not exist.
    return [200, listBody('PodList', { items: [], nextAfter: '' }, ctx)];
  }
  return [200, listBody('PodList', collectPage(podItems(store, r.namespace, after), limit, selector), ctx)];
}

function answer(ctx: Ctx, path: string, query: Readonly<Record<string, string>>): [number, string] {
  const r = route(path);
  const store = ctx.api.state;
  const notFound = (what: string): [number, string] => [404, statusBody(404, `${what} not found`)];
  switch (r.kind) {
    case 'version':
      return [200, JSON.stringify(ctx.api.state.objects.get('/version') ?? DEFAULT_VERSION)];
    case 'list':
      return answerList(ctx, r, query);
    case 'get-namespace': {
      const ns = store.getNamespace(r.name);
      return ns === undefined ? notFound(`namespaces "${r.name}"`) : [200, JSON.stringify(ns)];
    }
    case 'get-pod': {
      const pod = store.getPod(r.namespace, r.name);
      return pod === undefined ? notFound(`pods "${r.name}"`) : [200, JSON.stringify(pod)];
    }
    case 'object': {
      const obj = store.objects.get(r.path);
      return obj === undefined ? notFound(r.path) : [200, JSON.stringify(obj)];
    }
  }
}

// ---- watch -----------------------------------------------------------------------------------

function watchLine(type: string, object: unknown): string {
  return `${JSON.stringify({ type, object })}\n`;
}

/**
 * The event a watcher sees, as the API server does it for label-selector watches: an object that
 * starts matching arrives as ADDED, one that stops matching as DELETED.
 */
function eventFor(w: Watcher, event: StoredEvent): string | undefined {
  if (w.resource !== event.resource || (w.namespace !== undefined && w.namespace !== event.namespace)) return undefined;
  const isMatch = matchesLabelSelector(event.object, w.selector);
  const wasMatch = event.previous !== undefined && matchesLabelSelector(event.previous, w.selector);
  if (event.type !== 'MODIFIED' || isMatch === wasMatch) return isMatch ? watchLine(event.type, event.object) : undefined;
  return watchLine(isMatch ? 'ADDED' : 'DELETED', event.object);
}

function startWatch(ctx: Ctx, res: ServerResponse, args: { path: string; query: Readonly<Record<string, string>> }): void {
  const r = route(args.path);
  if (r.kind !== 'list') {
    send(res, 405, statusBody(400, 'the fake watches lists only'));
    return;
  }
  const { query } = args;
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  const watcher: Watcher = { res, resource: r.what, namespace: r.namespace, selector: query['labelSelector'] ?? '', wantsBookmarks: query['allowWatchBookmarks'] === 'true' };
  const rv = Number(query['resourceVersion'] ?? '0');
  const replay = ctx.api.state.eventsSince(rv);
  if (replay === undefined) {
    res.end(watchLine('ERROR', JSON.parse(statusBody(410, `too old resource version: ${rv} (${ctx.api.state.resourceVersion})`))));
    return;
  }
  const forward = (event: StoredEvent): void => {
    const line = eventFor(watcher, event);
    if (line !== undefined && !res.writableEnded) res.write(line);
  };
  replay.forEach(forward);
  const unsubscribe = ctx.api.state.subscribe(forward);
  ctx.watchers.add(watcher);
  const timeoutSeconds = Number(query['timeoutSeconds'] ?? '0');
  const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
  res.on('close', () => {
    unsubscribe();
    ctx.watchers.delete(watcher);
    if (timer !== undefined) clearTimeout(timer);
  });
}

// ---- server ----------------------------------------------------------------------------------

async function applyRule(res: ServerResponse, rule: InjectRule, full: () => [number, string]): Promise<boolean> {
  if (rule.latencyMs !== undefined) await sleep(rule.latencyMs);
  if (rule.hang === true) return true;
  if (rule.resetMidBody === true) {
    const [, body] = full();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.write(body.slice(0, Math.floor(body.length / 2)));
    setTimeout(() => res.socket?.destroy(), 5);
    return true;
  }
  if (rule.truncate === true) {
    const [, body] = full();
    send(res, 200, body.slice(0, Math.floor(body.length / 2)));
    return true;
  }
  return false;
}

function sendInjectedStatus(res: ServerResponse, rule: InjectRule & { status: number }, path: string): void {
  const body = statusBody(rule.status, rule.message ?? defaultMessage(rule.status, path));
  sendWithHeaders(res, { code: rule.status, body, headers: rule.retryAfter === undefined ? {} : { 'retry-after': rule.retryAfter } });
}

function isAuthorized(ctx: Ctx, req: IncomingMessage): boolean {
  return ctx.api.token === '' || req.headers.authorization === `Bearer ${ctx.api.token}`;
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) };
  ctx.api.requests.push(recorded);
  if (!isAuthorized(ctx, req)) {
    send(res, 401, statusBody(401, 'Unauthorized'));
    return;
  }
  const isWatch = isWatchRequest(recorded);
  const rule = takeRule(ctx, recorded);
  if (!isWatch) await sleep(ctx.api.latencyMs);
  const full = (): [number, string] => answer(ctx, recorded.path, recorded.query);
  if (rule !== undefined && (await applyRule(res, rule, full))) return;
  if (rule?.status !== undefined) {
    sendInjectedStatus(res, { ...rule, status: rule.status }, recorded.path);
    return;
  }
  if (isWatch) {
    startWatch(ctx, res, { path: recorded.path, query: recorded.query });
    return;
  }
  const [code, body] = full();
  send(res, code, body);
}

function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kai-fake-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const tls = options.tls === true ? selfSignedCert() : undefined;
  const state = new FakeKubeStore(options.seed ?? 1);
  if (options.version !== undefined) state.objects.set('/version', { ...options.version });
  const ctxRef: { current?: Ctx } = {};
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (ctxRef.current === undefined) return;
    handle(ctxRef.current, req, res).catch((error: unknown) => {
      send(res, 500, statusBody(500, `fake failed: ${String(error)}`));
    });
  };
  const server: Server = tls === undefined ? createHttpServer(handler) : createHttpsServer(tls, handler);
  server.keepAliveTimeout = 60_000;
  const port = await listen(server);
  const watchers = new Set<Watcher>();
  const rules: ActiveRule[] = [];
  const api: FakeKubeApi = {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    token: options.token ?? 'fake-token-0123456789',
    caData: tls === undefined ? '' : Buffer.from(tls.cert).toString('base64'),
    state,
    requests: [],
    latencyMs: options.latencyMs ?? 0,
    inject(rule) {
      rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearInjections() {
      rules.length = 0;
    },
    expireContinueTokens() {
      ctx.tokenGeneration += 1;
    },
    sendBookmark() {
      const line = watchLine('BOOKMARK', { apiVersion: 'v1', metadata: { resourceVersion: String(state.resourceVersion) } });
      for (const w of watchers) if (w.wantsBookmarks && !w.res.writableEnded) w.res.write(line);
    },
    endWatches() {
      for (const w of watchers) {
        w.res.end();
        watchers.delete(w);
      }
    },
    breakWatches() {
      for (const w of watchers) w.res.socket?.destroy();
    },
    get activeWatches() {
      return watchers.size;
    },
    async close() {
      for (const w of watchers) w.res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
  const ctx: Ctx = { api, rules, watchers, tokenGeneration: 0 };
  ctxRef.current = ctx;
  return api;
}
