// A fake Anchore Enterprise: a real HTTP server on 127.0.0.1:0 with the endpoints kai uses, schema
// checks, accounts, basic-auth users, integrations with health state, and injectable faults.
// It records every request (authorization header removed) so tests assert on bodies and timing.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { describeErrors, referenceProblems, validators } from './anchore-schemas.ts';

export interface FakeAnchoreOptions {
  /** `service.version`; '4.x' servers have no v2 endpoints and no `api.version`. Default 5.11.0. */
  readonly serviceVersion?: string;
  /** Basic-auth users and their passwords. Default { admin: 'foobar' }. */
  readonly users?: Readonly<Record<string, string>>;
  /** Accounts that exist. Default ['admin']. */
  readonly accounts?: readonly string[];
  /** Status for a missing account on inventory POSTs (message "User account not found"). Default 404. */
  readonly accountMissingStatus?: 403 | 404;
  /** Path prefix the API lives under (a reverse proxy's), e.g. '/anchore'. Default ''. */
  readonly pathPrefix?: string;
  /** Clock for integration status; Date.now by default. */
  readonly now?: () => number;
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export interface RecordedRequest {
  readonly method: string;
  /** Full path as received, prefix included. */
  readonly path: string;
  /** Path below the prefix. */
  readonly route: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The basic-auth user (never the password). */
  readonly user: string | undefined;
  readonly body: unknown;
  readonly time: number;
}

export interface FaultRule {
  readonly method?: string;
  /** Exact route (below the prefix) or a pattern. Any route when absent. */
  readonly path?: string | RegExp;
  /** How many matching requests it applies to. Default 1. */
  readonly times?: number;
  readonly status?: number;
  readonly body?: string;
  readonly contentType?: string;
  /** Wait this long first; with no status, the request is then handled normally. */
  readonly delayMs?: number;
  /** Destroy the connection without answering. */
  readonly drop?: boolean;
}

export interface FakeIntegration {
  readonly uuid: string;
  readonly registrationId: string;
  readonly registrationInstanceId: string;
  readonly registration: Record<string, unknown>;
  readonly registeredAt: number;
  readonly lastSeen: number | undefined;
  readonly reportedStatus: { readonly state: 'healthy' | 'unhealthy'; readonly healthReportUuid?: string } | undefined;
  /** registered until the first health report; inactive after three missed intervals. */
  readonly integrationStatus: 'registered' | 'active' | 'inactive';
}

export interface AcceptedInventory {
  readonly endpoint: 'v1' | 'v2';
  readonly account: string;
  readonly user: string;
  readonly body: Record<string, unknown>;
  readonly time: number;
}

export interface FakeAnchore {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly inventories: AcceptedInventory[];
  readonly healthReports: { readonly integrationUuid: string; readonly body: Record<string, unknown>; readonly time: number }[];
  integrations(): FakeIntegration[];
  setServiceVersion(version: string): void;
  addAccount(name: string): void;
  inject(rule: FaultRule): void;
  /** Simulates an Anchore restart that lost every integration. */
  forgetIntegrations(): void;
  close(): Promise<void>;
}

interface IntegrationRecord {
  uuid: string;
  registration: Record<string, unknown>;
  registeredAt: number;
  lastSeen: number | undefined;
  intervalMs: number;
  reportedStatus: FakeIntegration['reportedStatus'];
}

interface State {
  serviceVersion: string;
  readonly users: Readonly<Record<string, string>>;
  readonly accounts: Set<string>;
  readonly faults: (FaultRule & { remaining: number })[];
  readonly integrations: Map<string, IntegrationRecord>;
  readonly options: FakeAnchoreOptions;
  readonly now: () => number;
}

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: string;
  readonly user: string | undefined;
  readonly body: unknown;
  readonly state: State;
  readonly fake: FakeAnchore;
}

const isV4 = (state: State): boolean => state.serviceVersion.startsWith('4.');

function atLeast511(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 5 || (major === 5 && minor >= 11);
}

function sendRaw(res: ServerResponse, answer: { status: number; text: string; contentType: string }): void {
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.text) });
  res.end(answer.text);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendRaw(res, { status, text: JSON.stringify(body), contentType: 'application/json' });
}

const notFound = (res: ServerResponse): void => {
  send(res, 404, { detail: 'The requested URL was not found on the server.', status: 404, title: 'Not Found', type: 'about:blank' });
};

const apiError = (res: ServerResponse, status: number, message: string): void => {
  send(res, status, { message, httpcode: status, detail: {} });
};

function basicAuthUser(req: IncomingMessage, state: State): { user: string | undefined; isValid: boolean } {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return { user: undefined, isValid: false };
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  return { user, isValid: colon > 0 && state.users[user] === decoded.slice(colon + 1) };
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const entries = Object.entries(req.headers).filter(([k]) => k !== 'authorization');
  return Object.fromEntries(entries.map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
}

function takeFault(state: State, method: string, route: string): FaultRule | undefined {
  const index = state.faults.findIndex(
    (f) =>
      f.remaining > 0 &&
      (f.method === undefined || f.method === method) &&
      (f.path === undefined || (typeof f.path === 'string' ? f.path === route : f.path.test(route))),
  );
  const fault = state.faults[index];
  if (fault === undefined) return undefined;
  fault.remaining -= 1;
  return fault;
}

function integrationStatus(record: IntegrationRecord, now: number): FakeIntegration['integrationStatus'] {
  if (record.lastSeen === undefined) return now - record.registeredAt > 3 * record.intervalMs ? 'inactive' : 'registered';
  return now - record.lastSeen > 3 * record.intervalMs ? 'inactive' : 'active';
}

function handleVersion(ex: Exchange): void {
  const { state } = ex;
  const api = isV4(state) ? {} : { version: '2' };
  send(ex.res, 200, { api, service: { version: state.serviceVersion }, db: { schema_version: isV4(state) ? '0.0.16' : '6.1.0' } });
}

function handleInventory(ex: Exchange, endpoint: 'v1' | 'v2'): void {
  const { state, req, res } = ex;
  if ((endpoint === 'v2') === isV4(state)) {
    notFound(res);
    return;
  }
  const account = (req.headers['x-anchore-account'] as string | undefined) ?? '';
  if (!state.accounts.has(account)) {
    apiError(res, state.options.accountMissingStatus ?? 404, 'User account not found');
    return;
  }
  if (!validators.inventory(ex.body)) {
    apiError(res, 400, `invalid inventory: ${describeErrors(validators.inventory.errors)}`);
    return;
  }
  const problems = referenceProblems(ex.body);
  if (problems.length > 0) {
    apiError(res, 400, `invalid inventory: ${problems.join('; ')}`);
    return;
  }
  ex.fake.inventories.push({ endpoint, account, user: ex.user ?? '', body: ex.body as Record<string, unknown>, time: state.now() });
  send(res, 201, {});
}

function toIntegration(record: IntegrationRecord, now: number): FakeIntegration {
  return {
    uuid: record.uuid,
    registrationId: String(record.registration.registration_id),
    registrationInstanceId: String(record.registration.registration_instance_id),
    registration: record.registration,
    registeredAt: record.registeredAt,
    lastSeen: record.lastSeen,
    reportedStatus: record.reportedStatus,
    integrationStatus: integrationStatus(record, now),
  };
}

function handleRegistration(ex: Exchange): void {
  const { state, res } = ex;
  if (isV4(state) || !atLeast511(state.serviceVersion)) {
    notFound(res);
    return;
  }
  if (!validators.registration(ex.body)) {
    apiError(res, 400, `invalid registration: ${describeErrors(validators.registration.errors)}`);
    return;
  }
  const body = ex.body as Record<string, unknown>;
  const key = `${String(body.registration_id)}|${String(body.registration_instance_id)}`;
  const existing = state.integrations.get(key);
  const record: IntegrationRecord = {
    uuid: existing?.uuid ?? randomUUID(),
    registration: body,
    registeredAt: state.now(),
    lastSeen: existing?.lastSeen,
    intervalMs: Number(body.health_report_interval) * 1000,
    reportedStatus: existing?.reportedStatus,
  };
  state.integrations.set(key, record);
  send(res, 200, { ...body, uuid: record.uuid, account_name: ex.req.headers['x-anchore-account'] });
}

function handleHealthReport(ex: Exchange, uuid: string): void {
  const { state, res } = ex;
  const record = [...state.integrations.values()].find((r) => r.uuid === uuid);
  if (isV4(state) || record === undefined) {
    send(res, 404, { detail: `Integration ${uuid} not found`, status: 404, title: 'Not Found', type: 'about:blank' });
    return;
  }
  if (!validators.healthReport(ex.body)) {
    apiError(res, 400, `invalid health report: ${describeErrors(validators.healthReport.errors)}`);
    return;
  }
  const body = ex.body as { uuid: string; health_data: { errors: string[] } };
  record.lastSeen = state.now();
  record.reportedStatus = body.health_data.errors.length > 0 ? { state: 'unhealthy', healthReportUuid: body.uuid } : { state: 'healthy' };
  ex.fake.healthReports.push({ integrationUuid: uuid, body: ex.body as Record<string, unknown>, time: state.now() });
  send(res, 200, {});
}

function route(ex: Exchange): void {
  const { req, route: path } = ex;
  if (req.method === 'GET' && path === '/version') { handleVersion(ex); return; }
  if (!basicAuthUser(req, ex.state).isValid) { apiError(ex.res, 401, 'Unauthorized'); return; }
  if (req.method !== 'POST') { notFound(ex.res); return; }
  if (path === '/v2/kubernetes-inventory') { handleInventory(ex, 'v2'); return; }
  if (path === '/v1/enterprise/kubernetes-inventory') { handleInventory(ex, 'v1'); return; }
  if (path === '/v2/system/integrations/registration') { handleRegistration(ex); return; }
  const health = /^\/v2\/system\/integrations\/([^/]+)\/health-report$/.exec(path);
  if (health?.[1] !== undefined) { handleHealthReport(ex, decodeURIComponent(health[1])); return; }
  notFound(ex.res);
}

async function readBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

async function applyFault(fault: FaultRule, res: ServerResponse, req: IncomingMessage): Promise<boolean> {
  if (fault.delayMs !== undefined) await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault.drop === true) {
    req.socket.destroy();
    return true;
  }
  if (fault.status === undefined) return false;
  const text = fault.body ?? JSON.stringify({ message: `injected ${fault.status}`, httpcode: fault.status, detail: {} });
  sendRaw(res, { status: fault.status, text, contentType: fault.contentType ?? 'application/json' });
  return true;
}

async function handle(req: IncomingMessage, res: ServerResponse, context: { state: State; fake: FakeAnchore }): Promise<void> {
  const { state, fake } = context;
  const path = new URL(req.url ?? '/', 'http://fake').pathname;
  const prefix = state.options.pathPrefix ?? '';
  const parsed = await readBody(req);
  const { user } = basicAuthUser(req, state);
  const routePath = path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : '';
  const method = req.method ?? 'GET';
  fake.requests.push({ method, path, route: routePath, headers: recordedHeaders(req), user, body: parsed.ok ? parsed.value : '<invalid json>', time: state.now() });
  const fault = takeFault(state, method, routePath);
  if (fault !== undefined && (await applyFault(fault, res, req))) return;
  if (routePath === '') { notFound(res); return; }
  if (!parsed.ok) { apiError(res, 400, 'request body is not JSON'); return; }
  route({ req, res, route: routePath, user, body: parsed.value, state, fake });
}

export async function startFakeAnchore(options: FakeAnchoreOptions = {}): Promise<FakeAnchore> {
  const state: State = {
    serviceVersion: options.serviceVersion ?? '5.11.0',
    users: options.users ?? { admin: 'foobar' },
    accounts: new Set(options.accounts ?? ['admin']),
    faults: [],
    integrations: new Map(),
    options,
    now: options.now ?? Date.now,
  };
  const server = options.tls === undefined ? createServer() : createTlsServer(options.tls);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeAnchore = {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}${options.pathPrefix ?? ''}`,
    requests: [],
    inventories: [],
    healthReports: [],
    integrations: () => [...state.integrations.values()].map((r) => toIntegration(r, state.now())),
    setServiceVersion: (version) => {
      state.serviceVersion = version;
    },
    addAccount: (name) => state.accounts.add(name),
    inject: (rule) => state.faults.push({ ...rule, remaining: rule.times ?? 1 }),
    forgetIntegrations: () => {
      state.integrations.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
  server.on('request', (req, res) => {
    handle(req, res, { state, fake }).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `fake anchore bug: ${String(error)}` });
    });
  });
  return fake;
}
