// The whole agent, real clock and real HTTP, against the fake Anchore: short intervals, then a stop.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgent, type AgentDeps } from '../../src/agent/loop.ts';
import { sleep } from '../../src/agent/sleep.ts';
import { createAnchoreClient } from '../../src/anchore/client.ts';
import { validators } from '../fakes/anchore-schemas.ts';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import { captureLog, LEVEL } from '../anchore/builders.ts';
import { NO_ROUTING, sampleReport } from './harness.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function runFor(fake: FakeAnchore, ms: number, overrides: Partial<AgentDeps> = {}) {
  const captured = captureLog('debug');
  const anchore = createAnchoreClient({ url: fake.url, user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 1_000 }, { log: captured.log });
  const controller = new AbortController();
  const agent = createAgent({
    collect: () => Promise.resolve({ report: { ...sampleReport, timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } }),
    anchore,
    routing: NO_ROUTING,
    limits: { namespaces: 1, payloadThresholdBytes: 0 },
    registration: {
      options: { registrationId: '', integrationName: '', integrationDescription: '' },
      env: { POD_NAME: 'kai-abc', POD_NAMESPACE: 'kai' },
      readJson: (path) =>
        Promise.resolve(
          path.includes('/pods/')
            ? { metadata: { ownerReferences: [{ kind: 'ReplicaSet', name: 'kai-rs', uid: 'rs' }] } }
            : { metadata: { ownerReferences: [{ kind: 'Deployment', name: 'kai', uid: 'deployment-uid' }] }, spec: { replicas: 1 } },
        ),
      version: '0.1.0',
      clusterName: 'e2e',
    },
    log: captured.log,
    now: () => new Date(),
    sleep,
    newId: randomUUID,
    pollingIntervalMs: 200,
    healthIntervalMs: 100,
    graceMs: 1_000,
    ...overrides,
  });
  const running = agent.run(controller.signal);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const stopAt = Date.now();
  controller.abort();
  await running;
  const stopMs = Date.now() - stopAt;
  await anchore.close();
  return { captured, stopMs };
}

describe('agent over HTTP', () => {
  it('registers once, reports health at once and on its timer, posts every cycle, and stops promptly', async () => {
    const fake = await startFakeAnchore();
    closers.push(() => fake.close());
    const { captured, stopMs } = await runFor(fake, 450);
    const registrations = fake.requests.filter((r) => r.route === '/v2/system/integrations/registration');
    expect(registrations).toHaveLength(1);
    expect(fake.healthReports.length).toBeGreaterThanOrEqual(3);
    expect(fake.healthReports[0]!.time - registrations[0]!.time).toBeLessThan(100);
    // Two namespaces with a one-namespace limit: two batches per cycle.
    expect(fake.inventories.length).toBeGreaterThanOrEqual(4);
    expect(fake.inventories.length % 2).toBe(0);
    expect(fake.requests.filter((r) => r.method === 'POST').every((r) => r.headers['x-anchore-account'] === 'admin')).toBe(true);
    for (const h of fake.healthReports) expect(validators.healthReport(h.body)).toBe(true);
    expect(fake.integrations().map((i) => [i.registrationId, i.registrationInstanceId, i.integrationStatus, i.reportedStatus?.state])).toEqual([
      ['deployment-uid', 'kai', 'active', 'healthy'],
    ]);
    expect(stopMs).toBeLessThan(500);
    expect(captured.lines().filter((l) => l.level >= LEVEL.warn)).toEqual([]);
    expect(captured.text()).not.toContain('foobar');
  });

  it('a restart with the same identity gets the same uuid; failures show the integration unhealthy', async () => {
    const fake = await startFakeAnchore();
    closers.push(() => fake.close());
    await runFor(fake, 120);
    const [before] = fake.integrations();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 400, times: 100, body: JSON.stringify({ message: 'rejected' }) });
    await runFor(fake, 250);
    expect(fake.integrations().map((i) => i.uuid)).toEqual([before!.uuid]);
    const unhealthy = fake.healthReports.find((h) => (h.body as { health_data: { errors: string[] } }).health_data.errors.length > 0);
    expect((unhealthy!.body as { health_data: { errors: string[] } }).health_data.errors[0]).toContain('Anchore answered 400: rejected');
  });

  it('the fake marks an integration unhealthy (with the report uuid) when a report has errors, healthy otherwise', async () => {
    const fake = await startFakeAnchore();
    closers.push(() => fake.close());
    const client = createAnchoreClient({ url: fake.url, user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 1_000 }, { log: captureLog().log });
    closers.push(() => client.close());
    const registration = {
      registration_id: 'r', registration_instance_id: 'i', type: 'k8s_inventory_agent', name: 'kai', version: '0', started_at: '2025-01-01T00:00:00Z',
      uptime: 0, username: 'admin', explicitly_account_bound: [], namespaces: [], health_report_interval: 60,
    };
    const { uuid } = await client.register(registration);
    const report = (id: string, errors: string[]) => ({
      uuid: id, protocol_version: 1, timestamp: '2025-01-01T00:01:00Z', uptime: 60, health_report_interval: 60,
      health_data: { type: 'k8s_inventory_agent', version: 1, errors, account_k8s_inventory_reports: {} },
    });
    await client.sendHealthReport(uuid, report('bad-1', ['boom']));
    expect(fake.integrations()[0]!.reportedStatus).toEqual({ state: 'unhealthy', healthReportUuid: 'bad-1' });
    await client.sendHealthReport(uuid, report('good-2', []));
    expect(fake.integrations()[0]!.reportedStatus).toEqual({ state: 'healthy' });
    fake.forgetIntegrations();
    await expect(client.sendHealthReport(uuid, report('x', []))).rejects.toMatchObject({ status: 404 });
  });

  it('an integration that stops reporting becomes inactive after three missed intervals', async () => {
    let now = Date.now();
    const fake = await startFakeAnchore({ now: () => now });
    closers.push(() => fake.close());
    await runFor(fake, 50);
    expect(fake.integrations()[0]!.integrationStatus).toBe('active');
    now += 3 * 1_000 + 1; // health_report_interval is rounded up to 1 s
    expect(fake.integrations()[0]!.integrationStatus).toBe('inactive');
  });
});
