// Black-box: the periodic agent's /healthz, /readyz and /metrics, against both fakes. Readiness
// follows registration; the metric values match what the fakes saw.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { writeKubeconfigFile } from '../helpers/kubeconfig.ts';
import { expectExit, makeTempDir, startKai } from '../helpers/run-kai.ts';

const PASSWORD = 'ops-test-password';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function get(url: string): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(url);
    return { status: response.status, text: await response.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

function metricValue(metrics: string, name: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}

describe('periodic kai: /healthz, /readyz, /metrics', () => {
  let kube: FakeKubeApi;
  let anchore: FakeAnchore;
  const home = makeTempDir();
  let kubeconfig: string;

  beforeAll(async () => {
    kube = await startFakeKubeApi({ seed: 5 });
    kube.state.addNode('node-1');
    kube.state.addNamespace('web', { podCount: 5 });
    kube.state.addNamespace('db', { podCount: 2 });
    kubeconfig = writeKubeconfigFile(home, [{ name: 'ops', url: kube.url, token: kube.token }]);
    anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
  });
  afterAll(async () => {
    await Promise.all([kube.close(), anchore.close()]);
  });

  it('is not ready while Anchore refuses registration, then ready, with metrics matching the fakes', async () => {
    anchore.inject({ path: '/v2/system/integrations/registration', status: 503, times: 2 });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const kai = startKai(['-k', kubeconfig, '-m', 'periodic', '-p', '1', '-q'], {
      env: { KAI_ANCHORE_URL: anchore.url, KAI_ANCHORE_USER: 'admin', KAI_ANCHORE_PASSWORD: PASSWORD, KAI_HEALTH_PORT: String(port) },
      home,
    });
    await expect.poll(async () => (await get(`${base}/healthz`)).status, { timeout: 10_000 }).toBe(200);
    const notReady = await get(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.text).toMatch(/not registered/);

    await expect.poll(async () => (await get(`${base}/readyz`)).status, { timeout: 20_000, interval: 200 }).toBe(200);
    await expect.poll(() => anchore.inventories.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const metrics = (await get(`${base}/metrics`)).text;
    kai.child.kill('SIGTERM');
    expectExit(await kai.result, 0);

    const posted = anchore.inventories.at(-1)?.body as { pods: unknown[]; namespaces: unknown[] };
    expect(metricValue(metrics, 'kai_inventory_pods')).toBe(posted.pods.length);
    expect(metricValue(metrics, 'kai_inventory_namespaces')).toBe(posted.namespaces.length);
    expect(metricValue(metrics, 'kai_inventory_cycles_total{result="success"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'kai_last_success_timestamp_seconds')).toBeGreaterThan(0);
    expect(metrics).toMatch(/kai_anchore_requests_total\{endpoint="[^"]*registration[^"]*",code="503"\} 2/);
    expect(metrics).toMatch(/kai_kubernetes_requests_total\{verb="list",resource="pods",code="200"\} \d+/);
    expect(metrics).toMatch(/^process_cpu_seconds_total /m);
  });
});
