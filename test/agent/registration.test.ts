// Registration: identity, body, backoff while Anchore is away, fatal auth errors, old Enterprise.
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelayMs, REGISTRATION_BACKOFF } from '../../src/agent/backoff.ts';
import { resolveIdentity, type ReadJson } from '../../src/agent/identity.ts';
import { buildRegistrationBody } from '../../src/agent/registration.ts';
import { createAnchoreClient } from '../../src/anchore/client.ts';
import { AnchoreRequestError } from '../../src/anchore/errors.ts';
import { createSilentLogger } from '../../src/log/logger.ts';
import { validators } from '../fakes/anchore-schemas.ts';
import { startFakeAnchore } from '../fakes/anchore.ts';
import { captureLog, LEVEL } from '../anchore/builders.ts';
import { startAgent } from './harness.ts';
import { anchoreError } from './scripted-anchore.ts';

const S = 1_000;
const noOptions = { registrationId: '', integrationName: '', integrationDescription: '' };

function kubeApi(objects: Record<string, unknown>): { readJson: ReadJson; paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    readJson: (path) => {
      paths.push(path);
      const object = objects[path];
      return object === undefined ? Promise.reject(new Error(`404 ${path}`)) : Promise.resolve(object);
    },
  };
}

function cluster(replicas: number | undefined): Record<string, unknown> {
  return {
    '/api/v1/namespaces/kai/pods/kai-7c9-abcde': {
      metadata: { name: 'kai-7c9-abcde', ownerReferences: [{ kind: 'ReplicaSet', name: 'kai-7c9', uid: 'rs-uid' }] },
    },
    '/apis/apps/v1/namespaces/kai/replicasets/kai-7c9': {
      metadata: { name: 'kai-7c9', ownerReferences: [{ kind: 'Deployment', name: 'kai', uid: 'deploy-uid-1' }] },
      spec: replicas === undefined ? {} : { replicas },
    },
  };
}

const env = { POD_NAME: 'kai-7c9-abcde', POD_NAMESPACE: 'kai', HOSTNAME: 'ignored-when-pod-name-set' };
let ids = 0;
const newId = (): string => `random-${(ids += 1)}`;

describe('resolveIdentity', () => {
  it.each([
    { name: 'one replica: Deployment UID and Deployment name', replicas: 1, options: noOptions, want: ['deploy-uid-1', 'kai', 'kai'] },
    { name: 'unset replicas count as one', replicas: undefined, options: noOptions, want: ['deploy-uid-1', 'kai', 'kai'] },
    { name: 'several replicas: the pod name tells instances apart', replicas: 3, options: noOptions, want: ['deploy-uid-1', 'kai-7c9-abcde', 'kai'] },
    {
      name: 'configured registration id and name win',
      replicas: 1,
      options: { registrationId: 'from-config', integrationName: 'prod-agent', integrationDescription: '' },
      want: ['from-config', 'kai', 'prod-agent'],
    },
  ])('$name', async ({ replicas, options, want }) => {
    const api = kubeApi(cluster(replicas));
    const identity = await resolveIdentity({ options, env, readJson: api.readJson, newId, log: createSilentLogger(), signal: new AbortController().signal });
    expect([identity.registrationId, identity.registrationInstanceId, identity.name]).toEqual(want);
    expect(identity.namespace).toBe('kai');
    expect(api.paths).toEqual(['/api/v1/namespaces/kai/pods/kai-7c9-abcde', '/apis/apps/v1/namespaces/kai/replicasets/kai-7c9']);
  });

  it('gives the same identity on every restart of the same Deployment', async () => {
    const resolve = () => resolveIdentity({ options: noOptions, env, readJson: kubeApi(cluster(1)).readJson, newId, log: createSilentLogger(), signal: new AbortController().signal });
    expect(await resolve()).toEqual(await resolve());
  });

  it('without a Deployment: a random registration id and the host name as instance id, with a warning', async () => {
    const captured = captureLog();
    const identity = await resolveIdentity({
      options: noOptions,
      env: { HOSTNAME: 'laptop', POD_NAMESPACE: 'kai' },
      readJson: kubeApi({}).readJson,
      newId: () => 'random-uuid',
      log: captured.log,
      signal: new AbortController().signal,
    });
    expect([identity.registrationId, identity.registrationInstanceId, identity.name]).toEqual(['random-uuid', 'laptop', 'laptop']);
    const warnings = captured.lines().filter((l) => l.level === LEVEL.warn);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]!.hint)).toContain('registration-id');
  });

  it('outside a cluster with nothing to go on, both ids are random', async () => {
    const identity = await resolveIdentity({ options: noOptions, env: {}, newId: () => 'r', log: createSilentLogger(), signal: new AbortController().signal });
    expect([identity.registrationId, identity.registrationInstanceId, identity.namespace]).toEqual(['r', 'r', '']);
  });

  it('a pod owned by something else than a ReplicaSet has no Deployment', async () => {
    const api = kubeApi({ '/api/v1/namespaces/kai/pods/kai-0': { metadata: { ownerReferences: [{ kind: 'StatefulSet', name: 'kai', uid: 'ss' }] } } });
    const identity = await resolveIdentity({ options: noOptions, env: { POD_NAME: 'kai-0', POD_NAMESPACE: 'kai' }, readJson: api.readJson, newId: () => 'r', log: createSilentLogger(), signal: new AbortController().signal });
    expect([identity.registrationId, identity.registrationInstanceId]).toEqual(['r', 'kai-0']);
  });
});

describe('buildRegistrationBody', () => {
  it('has every field of SPEC section 5 and passes the server schema', () => {
    const body = buildRegistrationBody({
      identity: { registrationId: 'deploy-uid-1', registrationInstanceId: 'kai', name: 'kai', namespace: 'kai' },
      config: { options: { ...noOptions, integrationDescription: 'prod cluster agent' }, env: {}, version: '0.1.0', clusterName: 'prod-eu' },
      user: 'admin',
      routes: { zeta: { user: 'z', password: 'zp', namespaces: ['^z', 'shared'] }, alpha: { user: 'a', password: 'ap', namespaces: ['shared', '^a'] } },
      healthIntervalMs: 60 * S,
      startedAt: new Date('2025-06-01T00:00:00.250Z'),
      now: new Date('2025-06-01T00:00:02.750Z'),
    });
    expect(body).toEqual({
      registration_id: 'deploy-uid-1',
      registration_instance_id: 'kai',
      type: 'k8s_inventory_agent',
      name: 'kai',
      description: 'prod cluster agent',
      version: '0.1.0',
      started_at: '2025-06-01T00:00:00Z',
      uptime: 2.5,
      username: 'admin',
      explicitly_account_bound: ['alpha', 'zeta'],
      namespaces: ['^a', '^z', 'shared'],
      cluster_name: 'prod-eu',
      namespace: 'kai',
      health_report_interval: 60,
    });
    expect(JSON.stringify(body)).not.toMatch(/zp|ap/);
    expect(validators.registration(body)).toBe(true);
  });
});

describe('backoff', () => {
  it.each([
    [1, 0.5, 2_000],
    [2, 0.5, 4_000],
    [3, 0.5, 8_000],
    [8, 0.5, 256_000],
    [9, 0.5, 300_000],
    [30, 0.5, 300_000],
    [1, 0, 1_600],
    [1, 0.999_999, 2_400],
  ])('retry %i with random %d waits %i ms', (retry, random, want) => {
    expect(backoffDelayMs(retry, REGISTRATION_BACKOFF, () => random)).toBe(want);
  });
});

describe('registration in the agent', () => {
  it('waits for an unreachable Anchore with 2 s doubling, then registers and starts both loops', async () => {
    const h = startAgent({ anchore: { version: (n) => (n < 5 ? anchoreError(n % 2 === 0 ? 'Unreachable' : 'Rejected', n % 2 === 0 ? undefined : 503) : undefined) } });
    await h.clock.runUntil(h.t0 + 70 * S);
    expect(h.anchore.of('version').map((c) => h.rel(c.at) / S)).toEqual([0, 2, 6, 14, 30, 62]);
    expect(h.anchore.of('register').map((c) => h.rel(c.at) / S)).toEqual([62]);
    expect(h.anchore.of('health').map((c) => h.rel(c.at) / S)).toEqual([62]);
    expect(h.anchore.of('inventory').map((c) => h.rel(c.at) / S)).toEqual([62]);
    const waits = h.log.lines().filter((l) => l.msg.startsWith('contacting Anchore'));
    expect(waits.map((l) => l.level)).toEqual([LEVEL.warn, LEVEL.debug, LEVEL.debug, LEVEL.debug, LEVEL.debug, LEVEL.info]);
    await h.stop();
  });

  it('retries a 502/503/504 from the registration endpoint too', async () => {
    const h = startAgent({ anchore: { register: (n) => (n === 0 ? anchoreError('Rejected', 504) : undefined) } });
    await h.clock.runUntil(h.t0 + 5 * S);
    expect(h.anchore.of('register').map((c) => [h.rel(c.at) / S, c.outcome])).toEqual([
      [0, 'Rejected 504'],
      [2, 'ok'],
    ]);
    await h.stop();
  });

  it.each([
    { name: '401', error: anchoreError('Unauthorized', 401, 'integration registration: Anchore rejected the credentials of user "admin" (401)') },
    { name: '403 Not authorized', error: anchoreError('Unauthorized', 403, 'integration registration: user "admin" is not authorized') },
  ])('a $name is fatal: run() rejects and nothing is posted', async ({ error }) => {
    const h = startAgent({ anchore: { register: () => error } });
    await h.clock.runUntil(h.t0 + 600 * S);
    await expect(h.running).rejects.toBe(error);
    expect(h.anchore.of('register')).toHaveLength(1);
    expect(h.anchore.of('inventory')).toEqual([]);
    expect(h.events.filter((e) => e.kind === 'registration').map((e) => e.value)).toEqual(['pending', 'failed']);
  });

  it.each(['5.10.3', '4.9.3', 'unknown'])('Enterprise %s: no registration, no health reports, inventory still sent', async (serviceVersion) => {
    const h = startAgent({ anchore: { serviceVersion } });
    await h.clock.runUntil(h.t0 + 250 * S);
    expect(h.anchore.of('register')).toEqual([]);
    expect(h.anchore.of('health')).toEqual([]);
    expect(h.anchore.of('inventory').map((c) => h.rel(c.at) / S)).toEqual([0, 100, 200]);
    expect(h.events.filter((e) => e.kind === 'registration').map((e) => e.value)).toEqual(['pending', 'unsupported']);
    await h.stop();
  });

  it('registers once Anchore is upgraded to 5.11, then sends health reports', async () => {
    const h = startAgent({ anchore: { serviceVersion: () => (h.clock.nowMs() - h.t0 < 50 * S ? '5.10.0' : '5.11.0') } });
    await h.clock.runUntil(h.t0 + 100 * S);
    expect(h.anchore.of('register').map((c) => h.rel(c.at) / S)).toEqual([60]);
    expect(h.anchore.of('health').map((c) => h.rel(c.at) / S)).toEqual([60, 90]);
    await h.stop();
  });

  it('stops cleanly while waiting for Anchore', async () => {
    const h = startAgent({ anchore: { version: () => anchoreError('Unreachable') } });
    await h.clock.runUntil(h.t0 + 20 * S);
    await h.stop();
    await expect(h.running).resolves.toBeUndefined();
    expect(h.anchore.of('inventory')).toEqual([]);
    expect(h.clock.pending()).toBe(0);
  });
});

describe('registration against the fake Anchore', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function register(fakeOptions: Parameters<typeof startFakeAnchore>[0], password = 'foobar', body = {}) {
    const fake = await startFakeAnchore(fakeOptions);
    const client = createAnchoreClient({ url: fake.url, user: 'admin', password, account: 'admin', insecure: false, timeoutMs: 2_000 }, { log: createSilentLogger() });
    closers.push(() => client.close(), () => fake.close());
    const payload = {
      ...buildRegistrationBody({
        identity: { registrationId: 'rid', registrationInstanceId: 'iid', name: 'kai', namespace: 'kai' },
        config: { options: noOptions, env: {}, version: '0.1.0', clusterName: '' },
        user: 'admin',
        routes: {},
        healthIntervalMs: 60 * S,
        startedAt: new Date(),
        now: new Date(),
      }),
      ...body,
    };
    return { fake, client, payload };
  }

  it('the same registration_id and instance id get the same uuid; a new pair gets a new one', async () => {
    const { fake, client, payload } = await register({});
    const first = await client.register(payload);
    const again = await client.register(payload);
    const other = await client.register({ ...payload, registration_instance_id: 'iid-2' });
    expect(again.uuid).toBe(first.uuid);
    expect(other.uuid).not.toBe(first.uuid);
    expect(fake.integrations()).toHaveLength(2);
  });

  it('wrong credentials are a clear Unauthorized error', async () => {
    const { client, payload } = await register({}, 'wrong');
    const error = await client.register(payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnchoreRequestError);
    expect((error as AnchoreRequestError).kind).toBe('Unauthorized');
    expect((error as AnchoreRequestError).message).toBe('integration registration: Anchore rejected the credentials of user "admin" (401: Unauthorized)');
  });

  it('403 "Not authorized" is Unauthorized', async () => {
    const { fake, client, payload } = await register({});
    fake.inject({ path: '/v2/system/integrations/registration', status: 403, body: JSON.stringify({ message: 'Not authorized. Requires permissions: createIntegration' }) });
    const error = (await client.register(payload).catch((e: unknown) => e)) as AnchoreRequestError;
    expect([error.kind, error.status]).toEqual(['Unauthorized', 403]);
    expect(error.message).toContain('Not authorized. Requires permissions');
  });
});
