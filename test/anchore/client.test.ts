// The Anchore client against the fake Anchore Enterprise (a real HTTP server on loopback).
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnchoreClient, type AnchoreClient, type RequestEvent } from '../../src/anchore/client.ts';
import { AnchoreRequestError } from '../../src/anchore/errors.ts';
import type { AnchoreOptions } from '../../src/anchore/options.ts';
import { joinUrl } from '../../src/anchore/http.ts';
import { AnchoreError, EXIT_CODES, UsageError } from '../../src/errors.ts';
import { createSilentLogger } from '../../src/log/logger.ts';
import { startFakeAnchore, type FakeAnchore, type FakeAnchoreOptions } from '../fakes/anchore.ts';
import { buildReport, captureLog, LEVEL } from './builders.ts';

const report = buildReport([{ name: 'default', pods: [{ name: 'web', node: 'n1' }] }], ['n1']);
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  readonly fake: FakeAnchore;
  readonly client: AnchoreClient;
  readonly events: RequestEvent[];
}

async function setup(fakeOptions: FakeAnchoreOptions = {}, clientOptions: Partial<AnchoreOptions> = {}): Promise<Setup> {
  const fake = await startFakeAnchore(fakeOptions);
  const dispatcher = new Agent();
  const events: RequestEvent[] = [];
  const client = createAnchoreClient(
    { url: fake.url, user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 2_000, ...clientOptions },
    { dispatcher, log: createSilentLogger(), onRequest: (e) => events.push(e) },
  );
  cleanups.push(() => fake.close(), () => dispatcher.close());
  return { fake, client, events };
}

async function failure(promise: Promise<unknown>): Promise<AnchoreRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AnchoreRequestError);
  return error as AnchoreRequestError;
}

const routes = (fake: FakeAnchore): string[] => fake.requests.map((r) => `${r.method} ${r.route}`);

describe('joinUrl', () => {
  it.each([
    ['https://anchore.example.com', 'version', 'https://anchore.example.com/version'],
    ['https://anchore.example.com/', 'version', 'https://anchore.example.com/version'],
    ['https://anchore.example.com/api', 'v2/kubernetes-inventory', 'https://anchore.example.com/api/v2/kubernetes-inventory'],
    ['https://anchore.example.com/api/', 'v2/kubernetes-inventory', 'https://anchore.example.com/api/v2/kubernetes-inventory'],
    ['https://anchore.example.com/api//', '/version', 'https://anchore.example.com/api/version'],
    ['http://10.0.0.1:8228/a/b', 'v1/enterprise/kubernetes-inventory', 'http://10.0.0.1:8228/a/b/v1/enterprise/kubernetes-inventory'],
  ])('%s + %s', (base, path, want) => {
    expect(joinUrl(base, path).href).toBe(want);
  });

  it.each(['anchore.example.com', 'ftp://anchore.example.com', ''])('rejects %j as anchore.url with exit code 2', (base) => {
    expect(() => joinUrl(base, 'version')).toThrow(UsageError);
    expect(() => joinUrl(base, 'version')).toThrow(/^anchore\.url: expected/);
  });
});

describe('requests', () => {
  it('sends basic auth, JSON and x-anchore-account on every call', async () => {
    const { fake, client } = await setup({ accounts: ['admin', 'team-a'], users: { admin: 'foobar', alice: 's3cret' } });
    await client.postInventory(report, 'team-a', { credentials: { user: 'alice', password: 's3cret' } });
    const [request] = fake.requests;
    expect(request?.user).toBe('alice');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-anchore-account']).toBe('team-a');
    expect(request?.body).toEqual(report);
    expect(fake.inventories.map((i) => [i.account, i.user])).toEqual([['team-a', 'alice']]);
  });

  it.each([
    { prefix: '/anchore', url: (base: string) => base },
    { prefix: '/anchore', url: (base: string) => `${base}/` },
    { prefix: '/a/b', url: (base: string) => `${base}//` },
    { prefix: '', url: (base: string) => `${base}/` },
  ])('joins a base URL with prefix "$prefix" and any trailing slash', async ({ prefix, url }) => {
    const { fake, client } = await setup({ pathPrefix: prefix });
    const other = createAnchoreClient(
      { url: url(fake.url), user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 2_000 },
      { log: createSilentLogger() },
    );
    cleanups.push(() => other.close());
    await other.postInventory(report, 'admin');
    expect((await other.getVersion()).apiVersion).toBe('2');
    expect(fake.requests.map((r) => r.path)).toEqual([`${prefix}/v2/kubernetes-inventory`, `${prefix}/version`]);
    expect(client.inventoryEndpoint()).toBe('v2');
  });

  it('reports every exchange to onRequest with a low-cardinality endpoint name', async () => {
    const { client, events } = await setup({ serviceVersion: '4.9.3' });
    await client.postInventory(report, 'admin');
    expect(events).toEqual([
      { endpoint: '/v2/kubernetes-inventory', code: 404 },
      { endpoint: '/version', code: 200 },
      { endpoint: '/v1/enterprise/kubernetes-inventory', code: 201 },
    ]);
  });
});

describe('inventory endpoint detection', () => {
  it('falls back to v1 on Enterprise 4.x and stays there', async () => {
    const { fake, client } = await setup({ serviceVersion: '4.9.3' });
    const first = await client.postInventory(report, 'admin');
    const second = await client.postInventory(report, 'admin');
    expect([first.endpoint, second.endpoint]).toEqual(['v1', 'v1']);
    expect(routes(fake)).toEqual([
      'POST /v2/kubernetes-inventory',
      'GET /version',
      'POST /v1/enterprise/kubernetes-inventory',
      'POST /v1/enterprise/kubernetes-inventory',
    ]);
    expect(fake.inventories.map((i) => i.endpoint)).toEqual(['v1', 'v1']);
  });

  it('goes back to v2 after an upgrade to 5.x', async () => {
    const { fake, client } = await setup({ serviceVersion: '4.9.3' });
    await client.postInventory(report, 'admin');
    fake.setServiceVersion('5.11.2');
    fake.requests.length = 0;
    const result = await client.postInventory(report, 'admin');
    expect(result.endpoint).toBe('v2');
    expect(routes(fake)).toEqual(['POST /v1/enterprise/kubernetes-inventory', 'GET /version', 'POST /v2/kubernetes-inventory']);
  });

  it('keeps the endpoint per client object, not per module', async () => {
    const { fake, client } = await setup({ serviceVersion: '4.9.3' });
    await client.postInventory(report, 'admin');
    const fresh = createAnchoreClient(
      { url: fake.url, user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 2_000 },
      { log: createSilentLogger() },
    );
    cleanups.push(() => fresh.close());
    expect([client.inventoryEndpoint(), fresh.inventoryEndpoint()]).toEqual(['v1', 'v2']);
  });

  it('a 404 on v2 from a v2 server is an error, not a retry loop', async () => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 404, body: JSON.stringify({ message: 'no such route' }) });
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error.status).toBe(404);
    expect(error.kind).toBe('Rejected');
    expect(error.message).toContain('no such route');
    expect(routes(fake)).toEqual(['POST /v2/kubernetes-inventory', 'GET /version']);
  });

  it('fails when /version fails too', async () => {
    const { fake, client } = await setup({ serviceVersion: '4.9.3' });
    fake.inject({ path: '/version', status: 500, body: JSON.stringify({ message: 'db down' }) });
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error.message).toMatch(/404 and the API version check failed too: .*500: db down/);
    expect(client.inventoryEndpoint()).toBe('v2');
  });
});

describe('account not found', () => {
  it.each([403, 404] as const)('retries once with the default account after a %i', async (status) => {
    const { fake, client } = await setup({ accountMissingStatus: status });
    const result = await client.postInventory(report, 'ghost');
    expect(result.account).toBe('admin');
    expect(result.accountMissing?.kind).toBe('AccountMissing');
    expect(result.accountMissing?.message).toContain('"ghost"');
    expect(fake.requests.filter((r) => r.method === 'POST').map((r) => r.headers['x-anchore-account'])).toEqual(['ghost', 'admin']);
    expect(fake.inventories.map((i) => i.account)).toEqual(['admin']);
  });

  it('uses the fallback account and credentials it is given', async () => {
    const { fake, client } = await setup({ accounts: ['admin', 'catchall'], users: { admin: 'foobar', bob: 'pw' } });
    const result = await client.postInventory(report, 'ghost', { fallback: { account: 'catchall', credentials: { user: 'bob', password: 'pw' } } });
    expect(result.account).toBe('catchall');
    expect(fake.inventories.map((i) => [i.account, i.user])).toEqual([['catchall', 'bob']]);
  });

  it.each([
    { name: 'the fallback is disabled', account: 'ghost', fallback: null },
    { name: 'the missing account is the default one', account: 'admin', fallback: undefined },
  ])('is an AccountMissing error when $name', async ({ account, fallback }) => {
    const { fake, client } = await setup({ accounts: ['nobody'] });
    const error = await failure(client.postInventory(report, account, fallback === null ? { fallback: null } : {}));
    expect(error.kind).toBe('AccountMissing');
    expect(error.hint).toContain('Create the account');
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('treats any 403 on an inventory POST as a missing account (SPEC section 5)', async () => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 403, body: JSON.stringify({ message: 'Forbidden' }) });
    const result = await client.postInventory(report, 'team-x');
    expect([result.account, result.accountMissing?.status]).toEqual(['admin', 403]);
    expect(fake.inventories.map((i) => i.account)).toEqual(['admin']);
  });

  it('detects the account-missing message on any status', async () => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 400, body: JSON.stringify({ message: 'User account not found: x' }) });
    const result = await client.postInventory(report, 'x');
    expect(result.accountMissing?.status).toBe(400);
  });
});

describe('responses', () => {
  it('treats a 2xx HTML page (a proxy login page) as a failure', async () => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 200, body: '<html>Sign in</html>', contentType: 'text/html' });
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error.message).toMatch(/200 with a non-JSON body \(text\/html\)/);
    expect(error.hint).toContain('proxy');
  });

  it('accepts a 2xx with an empty body', async () => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 204, body: '' });
    await expect(client.postInventory(report, 'admin')).resolves.toMatchObject({ account: 'admin', endpoint: 'v2' });
  });

  it.each([
    { status: 500, body: { message: 'database is down' }, kind: 'Rejected', text: '500: database is down' },
    { status: 400, body: { message: 'bad request', detail: 'containers[0].id is required' }, kind: 'Rejected', text: 'bad request: containers[0].id is required' },
    { status: 401, body: { message: 'Unauthorized' }, kind: 'Unauthorized', text: 'rejected the credentials of user "admin"' },
    { status: 502, body: '<html>Bad Gateway</html>', kind: 'Rejected', text: '502: non-JSON body' },
  ])('a $status is an AnchoreError carrying the status and server message', async ({ status, body, kind, text }) => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', status, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error).toBeInstanceOf(AnchoreError);
    expect(error.exitCode).toBe(EXIT_CODES.anchore);
    expect([error.status, error.kind]).toEqual([status, kind]);
    expect(error.message).toContain(text);
    expect(error.message).not.toContain('\n');
  });

  it('wrong credentials are Unauthorized with a hint', async () => {
    const { client } = await setup({}, { password: 'wrong' });
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error.kind).toBe('Unauthorized');
    expect(error.hint).toContain('KAI_ANCHORE_PASSWORD');
  });

  it('never puts the password in an error, even when the server echoes it', async () => {
    const { fake, client } = await setup({}, { password: 'foobar' });
    fake.inject({ path: '/v2/kubernetes-inventory', status: 400, body: JSON.stringify({ message: 'login admin:foobar refused' }) });
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error.message).toContain('admin:[REDACTED]');
    expect(`${error.message} ${error.hint ?? ''} ${error.serverMessage ?? ''}`).not.toContain('foobar');
  });
});

describe('transport failures', () => {
  it('a dropped connection is Unreachable', async () => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', drop: true });
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error.kind).toBe('Unreachable');
    expect(error.message).toContain('cannot reach Anchore');
  });

  it('a refused connection is Unreachable', async () => {
    const fake = await startFakeAnchore();
    await fake.close();
    const client = createAnchoreClient(
      { url: fake.url, user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 2_000 },
      { log: createSilentLogger() },
    );
    cleanups.push(() => client.close());
    const error = await failure(client.getVersion());
    expect(error.kind).toBe('Unreachable');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('foobar');
  });

  it('a slow answer times out after timeoutMs', async () => {
    const { fake, client } = await setup({}, { timeoutMs: 100 });
    fake.inject({ path: '/v2/kubernetes-inventory', delayMs: 400 });
    const started = Date.now();
    const error = await failure(client.postInventory(report, 'admin'));
    expect(error.kind).toBe('Unreachable');
    expect(error.message).toContain('within 0.1s');
    expect(Date.now() - started).toBeLessThan(350);
  });
});

describe('cancellation', () => {
  it('a request cancelled by the caller says kai is stopping', async () => {
    const { fake, client } = await setup();
    fake.inject({ path: '/v2/kubernetes-inventory', delayMs: 300 });
    const controller = new AbortController();
    const pending = client.postInventory(report, 'admin', { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 30);
    const error = await failure(pending);
    expect(error.kind).toBe('Unreachable');
    expect(error.message).toContain('was cancelled because kai is stopping');
  });
});

describe('registration and health endpoints', () => {
  it('registers and sends a health report to the uuid it got back', async () => {
    const { fake, client } = await setup();
    const body = {
      registration_id: 'r1',
      registration_instance_id: 'i1',
      type: 'k8s_inventory_agent',
      name: 'kai',
      version: '0.1.0',
      started_at: '2025-01-01T00:00:00Z',
      uptime: 1.5,
      username: 'admin',
      explicitly_account_bound: [],
      namespaces: [],
      health_report_interval: 60,
    };
    const registered = await client.register(body);
    expect(fake.integrations().map((i) => i.uuid)).toEqual([registered.uuid]);
    const health = {
      uuid: 'h1',
      protocol_version: 1,
      timestamp: '2025-01-01T00:01:00Z',
      uptime: 60,
      health_report_interval: 60,
      health_data: { type: 'k8s_inventory_agent', version: 1, errors: [], account_k8s_inventory_reports: {} },
    };
    await client.sendHealthReport(registered.uuid, health);
    expect(fake.healthReports.map((h) => h.integrationUuid)).toEqual([registered.uuid]);
    const error = await failure(client.sendHealthReport('unknown-uuid', health));
    expect(error.status).toBe(404);
  });
});

describe('TLS', () => {
  const tls = {
    key: readFileSync(new URL('../fixtures/tls/test-only-anchore.key.pem', import.meta.url), 'utf8'),
    cert: readFileSync(new URL('../fixtures/tls/test-only-anchore.cert.pem', import.meta.url), 'utf8'),
  };

  it.each([
    { name: 'verification on, unknown CA: refused', insecure: false, ca: false, ok: false },
    { name: 'verification on, CA bundle given: accepted', insecure: false, ca: true, ok: true },
    { name: 'insecure: accepted without verification', insecure: true, ca: false, ok: true },
  ])('$name', async ({ insecure, ca, ok }) => {
    const fake = await startFakeAnchore({ tls });
    const client = createAnchoreClient(
      { url: fake.url, user: 'admin', password: 'foobar', account: 'admin', insecure, timeoutMs: 2_000, ...(ca ? { caCertPem: tls.cert } : {}) },
      { log: createSilentLogger() },
    );
    cleanups.push(() => fake.close(), () => client.close());
    const outcome = await client.getVersion().then(
      (v) => v.apiVersion,
      (e: unknown) => e,
    );
    if (ok) expect(outcome).toBe('2');
    else {
      expect(outcome).toBeInstanceOf(AnchoreRequestError);
      expect((outcome as AnchoreRequestError).kind).toBe('Unreachable');
      expect((outcome as AnchoreRequestError).message).toMatch(/certificate/i);
    }
  });

  it('warns exactly once when TLS verification is off', async () => {
    const captured = captureLog();
    const client = createAnchoreClient(
      { url: 'https://127.0.0.1:1', user: 'admin', password: 'foobar', account: 'admin', insecure: true, timeoutMs: 100 },
      { log: captured.log },
    );
    await client.getVersion().catch(() => undefined);
    await client.getVersion().catch(() => undefined);
    await client.close();
    const warnings = captured.lines().filter((l) => l.level === LEVEL.warn);
    expect(warnings.map((w) => w.msg)).toEqual(['anchore.http.insecure is true: the Anchore TLS certificate is NOT verified']);
  });

  it('does not warn when verification is on', async () => {
    const captured = captureLog();
    const client = createAnchoreClient(
      { url: 'https://127.0.0.1:1', user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 100 },
      { log: captured.log },
    );
    await client.close();
    expect(captured.lines().filter((l) => l.level >= LEVEL.warn)).toEqual([]);
  });
});
