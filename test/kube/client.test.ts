import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, EXIT_CODES, KubeError } from '../../src/errors.ts';
import type { KubeClient } from '../../src/kube/client.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { clientFor, recordingSleep, requestsTo } from './support.ts';

let fake: FakeKubeApi;
let client: KubeClient | undefined;
const signal = new AbortController().signal;

beforeEach(async () => {
  fake = await startFakeKubeApi();
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  await fake.close();
});

async function listNames(c: KubeClient, path: string, limit: number): Promise<{ names: string[]; requests: number; resourceVersion: string }> {
  const names: string[] = [];
  const result = await c.listPages(path, { signal, limit }, (item) => {
    names.push((item as { metadata: { name: string } }).metadata.name);
  });
  return { names, ...result };
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('pagination', () => {
  it.each([
    { pods: 0, limit: 10, requests: 1 },
    { pods: 1, limit: 10, requests: 1 },
    { pods: 10, limit: 10, requests: 1 },
    { pods: 11, limit: 10, requests: 2 },
    { pods: 95, limit: 10, requests: 10 },
    { pods: 250, limit: 100, requests: 3 },
  ])('$pods pods with limit $limit take $requests requests', async ({ pods, limit, requests }) => {
    fake.state.addNamespace('apps', { podCount: pods });
    client = await clientFor(fake);
    const result = await listNames(client, '/api/v1/namespaces/apps/pods', limit);
    expect(result.names).toHaveLength(pods);
    expect(new Set(result.names).size).toBe(pods);
    expect(result.requests).toBe(requests);
    const seen = requestsTo(fake, '/api/v1/namespaces/apps/pods');
    expect(seen).toHaveLength(requests);
    expect(seen.every((r) => r.query['limit'] === String(limit))).toBe(true);
    expect(seen.slice(1).every((r) => r.query['continue'] !== undefined)).toBe(true);
    expect(result.resourceVersion).toBe(String(fake.state.resourceVersion));
  });

  it('lists pods cluster-wide across namespaces in order, each exactly once', async () => {
    for (const ns of ['b', 'a', 'c']) fake.state.addNamespace(ns, { podCount: 7 });
    client = await clientFor(fake);
    const result = await listNames(client, '/api/v1/pods', 4);
    expect(result.names).toHaveLength(21);
    expect(new Set(result.names).size).toBe(21);
    expect(result.requests).toBe(Math.ceil(21 / 4));
  });

  it('passes the label selector and gets only matching pods', async () => {
    fake.state.addNamespace('apps', { podCount: 30 });
    client = await clientFor(fake);
    const names: string[] = [];
    await client.listPages('/api/v1/namespaces/apps/pods', { signal, limit: 5, labelSelector: 'team=data' }, (item) => {
      const meta = (item as { metadata: { name: string; labels: Record<string, string> } }).metadata;
      expect(meta.labels['team']).toBe('data');
      names.push(meta.name);
    });
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(30);
    expect(fake.requests.every((r) => r.path !== '/api/v1/namespaces/apps/pods' || r.query['labelSelector'] === 'team=data')).toBe(true);
  });

  it('restarts the list from scratch when the continue token expires (410), and says so', async () => {
    fake.state.addNamespace('apps', { podCount: 25 });
    client = await clientFor(fake);
    let restarts = 0;
    let delivered = 0;
    let expired = false;
    const result = await client.listPages('/api/v1/namespaces/apps/pods', { signal, limit: 10, onRestart: () => (restarts += 1) }, () => {
      delivered += 1;
      if (delivered === 10 && !expired) {
        expired = true;
        fake.expireContinueTokens();
      }
    });
    expect(restarts).toBe(1);
    expect(delivered).toBe(10 + 25);
    expect(result.requests).toBe(2 + 3);
    const seen = requestsTo(fake, '/api/v1/namespaces/apps/pods');
    expect(seen.map((r) => r.query['continue'] === undefined)).toEqual([true, false, true, false, false]);
  });

  it('gives up after a bounded number of 410 restarts', async () => {
    fake.state.addNamespace('apps', { podCount: 25 });
    fake.inject({ path: '/api/v1/namespaces/apps/pods', hasContinue: true, status: 410 });
    client = await clientFor(fake);
    const error = await caught(listNames(client, '/api/v1/namespaces/apps/pods', 10));
    expect(error).toBeInstanceOf(KubeError);
    expect(error.message).toMatch(/410 Gone/);
    expect(requestsTo(fake, '/api/v1/namespaces/apps/pods')).toHaveLength(8);
  });

  it('rejects an answer that is not a list', async () => {
    fake.state.objects.set('/api/v1/weird', { kind: 'Status' });
    client = await clientFor(fake);
    const error = await caught(listNames(client, '/api/v1/weird', 10));
    expect(error.message).toMatch(/not a Kubernetes list/);
  });
});

describe('retries', () => {
  it.each([
    { name: '429 with Retry-After: 3', rule: { status: 429, retryAfter: '3' }, delay: 3000 },
    { name: '429 with Retry-After above the cap', rule: { status: 429, retryAfter: '3600' }, delay: 30_000 },
    { name: '429 without Retry-After', rule: { status: 429 }, delay: 250 },
    { name: '500', rule: { status: 500 }, delay: 250 },
    { name: '503', rule: { status: 503 }, delay: 250 },
    { name: 'connection reset mid-body', rule: { resetMidBody: true }, delay: 250 },
    { name: 'truncated JSON', rule: { truncate: true }, delay: 250 },
  ])('retries after $name, then succeeds with the full page', async ({ rule, delay }) => {
    fake.state.addNamespace('apps', { podCount: 30 });
    fake.inject({ path: '/api/v1/namespaces/apps/pods', times: 2, ...rule });
    const sleeper = recordingSleep();
    // random() = 1 gives the top of the jitter range, so delays are exact.
    client = await clientFor(fake, { sleep: sleeper.sleep, random: () => 1 });
    const result = await listNames(client, '/api/v1/namespaces/apps/pods', 100);
    expect(result.names).toHaveLength(30);
    expect(requestsTo(fake, '/api/v1/namespaces/apps/pods')).toHaveLength(3);
    const second = 'retryAfter' in rule ? delay : delay * 2;
    expect(sleeper.delays).toEqual([delay, second]);
  });

  it('backs off exponentially with jitter, capped, and gives up after 5 attempts with exit code 3', async () => {
    fake.state.addNamespace('apps', { podCount: 3 });
    fake.inject({ path: '/api/v1/namespaces/apps/pods', status: 503, message: 'etcd leader changed' });
    const sleeper = recordingSleep();
    client = await clientFor(fake, { sleep: sleeper.sleep, random: () => 0, retryPolicy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300, maxRetryAfterMs: 1000 } });
    const error = await caught(listNames(client, '/api/v1/namespaces/apps/pods', 10));
    expect(error).toBeInstanceOf(KubeError);
    expect(error.exitCode).toBe(EXIT_CODES.kubernetes);
    expect(error.message).toBe(
      `cannot list pods in namespace "apps": 503 Service Unavailable from ${fake.url} (etcd leader changed) (gave up after 5 attempts)`,
    );
    expect(sleeper.delays).toEqual([50, 100, 150, 150]);
    expect(requestsTo(fake, '/api/v1/namespaces/apps/pods')).toHaveLength(5);
  });

  it('does not retry a 404', async () => {
    client = await clientFor(fake);
    const error = await caught(client.getJson('/apis/apps/v1/namespaces/apps/replicasets/web-1', signal));
    expect(error).toMatchObject({ status: 404 });
    expect(error.message).toMatch(/^cannot get replicaset "web-1" in namespace "apps": 404 Not Found/);
    expect(fake.requests).toHaveLength(1);
  });

  it('GETs single objects as parsed JSON', async () => {
    fake.state.objects.set('/apis/apps/v1/namespaces/apps/deployments/web', { kind: 'Deployment', metadata: { name: 'web' } });
    client = await clientFor(fake);
    await expect(client.getJson('/apis/apps/v1/namespaces/apps/deployments/web', signal)).resolves.toEqual({ kind: 'Deployment', metadata: { name: 'web' } });
  });
});

describe('failures become one-line KubeErrors with a hint', () => {
  it('401: credentials rejected, after one refresh of the auth headers', async () => {
    client = await clientFor(fake, {}, { user: { type: 'token', clientCert: '', privateKey: '', token: 'wrong-token' } });
    const error = await caught(client.getVersion(signal));
    expect(error.message).toBe(`cannot get version: credentials rejected by ${fake.url} (401 Unauthorized)`);
    expect(error.hint).toMatch(/token or client certificate/);
    expect(error.message).not.toContain('wrong-token');
    expect(fake.requests).toHaveLength(2);
  });

  it('403: names the verb, resource and namespace, and the RBAC grant to add', async () => {
    fake.inject({ path: '/api/v1/namespaces/payments/pods', status: 403, message: 'pods is forbidden: User "system:serviceaccount:kai:kai" cannot list resource "pods"' });
    client = await clientFor(fake);
    const error = await caught(listNames(client, '/api/v1/namespaces/payments/pods', 10));
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('cannot list pods in namespace "payments": 403 Forbidden (pods is forbidden: User "system:serviceaccount:kai:kai" cannot list resource "pods")');
    expect(error.hint).toBe('grant "list" on "pods" (apiGroup "") to the identity kai uses, through a Role in "payments" (or a ClusterRole) bound to it; with the Helm chart keep rbac.create=true');
    expect(fake.requests).toHaveLength(1);
  });

  it('a hang ends at the request timeout, without retries', async () => {
    fake.inject({ path: '/version', hang: true });
    client = await clientFor(fake, { requestTimeoutMs: 150 });
    const started = performance.now();
    const error = await caught(client.getVersion(signal));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.message).toBe(`cannot get version: no answer from ${fake.url} within 0.15 s`);
    expect(error.hint).toMatch(/request-timeout-seconds/);
    expect(fake.requests).toHaveLength(1);
  });

  it('the caller aborting is not turned into a KubeError', async () => {
    fake.inject({ path: '/version', hang: true });
    client = await clientFor(fake);
    const controller = new AbortController();
    const pending = client.getVersion(controller.signal);
    setTimeout(() => { controller.abort(new Error('shutting down')); }, 50);
    await expect(pending).rejects.toThrow('shutting down');
  });

  it('connection refused names the server and what to check', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0); });
      });
    });
    client = await clientFor(fake, {}, { server: `http://127.0.0.1:${port}` });
    const error = await caught(client.getVersion(signal));
    expect(error.message).toMatch(new RegExp(`^cannot get version: connection to http://127.0.0.1:${port} failed \\(ECONNREFUSED`));
    expect(error.hint).toMatch(/nothing accepts connections/);
  });
});

describe('TLS', () => {
  let tlsFake: FakeKubeApi;

  beforeEach(async () => {
    tlsFake = await startFakeKubeApi({ tls: true });
  });

  afterEach(async () => {
    await tlsFake.close();
  });

  it('verifies the server with the given CA and sends the token', async () => {
    client = await clientFor(tlsFake);
    await expect(client.getVersion(signal)).resolves.toMatchObject({ gitVersion: 'v1.29.1' });
  });

  it('refuses a server whose certificate the CA does not vouch for', async () => {
    const otherCa = (await startFakeKubeApi({ tls: true }));
    await otherCa.close();
    client = await clientFor(tlsFake, {}, { clusterCert: otherCa.caData });
    const error = await caught(client.getVersion(signal));
    expect(error.message).toMatch(/^cannot get version: connection to https:\/\/127\.0\.0\.1:\d+ failed/);
    expect(error.hint).toMatch(/TLS verification/);
  });
});

describe('request events', () => {
  it('reports verb, resource and status of every attempt', async () => {
    fake.state.addNamespace('apps', { podCount: 3 });
    fake.inject({ path: '/api/v1/namespaces/apps/pods', times: 1, status: 500 });
    const events: Array<{ verb: string; resource: string; code: number | 'error' }> = [];
    client = await clientFor(fake, { onRequest: (e) => events.push({ verb: e.verb, resource: e.resource, code: e.code }) });
    await client.getVersion(signal);
    await listNames(client, '/api/v1/namespaces/apps/pods', 10);
    expect(events).toEqual([
      { verb: 'get', resource: 'version', code: 200 },
      { verb: 'list', resource: 'pods', code: 500 },
      { verb: 'list', resource: 'pods', code: 200 },
    ]);
  });
});
