import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/log/logger.ts';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.ts';
import { createMetrics, type KaiMetrics } from '../../src/ops/metrics.ts';
import { createProbeTracker, type ProbeTracker } from '../../src/ops/probe-state.ts';

const POLL_MS = 60_000;

/** Value of one sample line (`name{labels} value`) in Prometheus text output, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ops server', () => {
  let server: OpsServer | undefined;
  let clockMs = 1_000_000;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(isRegistrationRequired = true): Promise<{ metrics: KaiMetrics; probes: ProbeTracker; url: string }> {
    const metrics = createMetrics({ now: () => new Date(clockMs), shouldCollectDefaults: true });
    const probes = createProbeTracker({ isRegistrationRequired, pollingIntervalMs: POLL_MS, nowMs: () => clockMs });
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      metrics,
      readiness: probes.readiness,
      liveness: probes.liveness,
      log: createSilentLogger(),
    });
    return { metrics, probes, url: server.url };
  }

  it('binds the requested host on a free port', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe('http://127.0.0.1:0');
  });

  it('readiness flips as registration fails, then succeeds, then cycles keep failing', async () => {
    const { probes, url } = await start();
    const ready = async (): Promise<{ status: number; body: { status: string; reason: string } }> => {
      const res = await fetch(`${url}/readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; reason: string } };
    };
    expect(await ready()).toEqual({ status: 503, body: { status: 'failing', reason: 'not registered yet' } });
    probes.onRegistration('failed');
    expect((await ready()).body.reason).toBe('not registered yet (registration failed)');
    probes.onRegistration('registered');
    expect((await ready()).status).toBe(200);
    probes.onCycle({ result: 'failure' });
    probes.onCycle({ result: 'failure' });
    expect((await ready()).status).toBe(200);
    probes.onCycle({ result: 'failure' });
    expect(await ready()).toEqual({ status: 503, body: { status: 'failing', reason: 'last 3 inventory cycles failed' } });
    probes.onCycle({ result: 'success' });
    expect(await ready()).toEqual({ status: 200, body: { status: 'ok', reason: 'last cycle succeeded' } });
  });

  it('is ready without registration when no Anchore is configured', async () => {
    const { url } = await start(false);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('liveness fails once the loop shows no progress for more than 3 polling intervals', async () => {
    const { probes, url } = await start();
    probes.onRegistration('registered');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    clockMs += 3 * POLL_MS;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    clockMs += 1;
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'failing', reason: 'inventory loop wedged: no progress for 180s (limit 180s)' });
    probes.onCycleStart();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('serves the metrics the observers recorded, in Prometheus text format', async () => {
    const { metrics, url } = await start();
    metrics.agent.onCycle({ result: 'success', durationMs: 1500, namespaces: 4, pods: 37, images: 12 });
    metrics.agent.onCycle({ result: 'failure', durationMs: 250, namespaces: 0, pods: 0, images: 0 });
    metrics.agent.onHealthReport(true);
    metrics.agent.onHealthReport(true);
    metrics.agent.onHealthReport(false);
    metrics.agent.onRegistration('registered');
    metrics.kube.onRequest({ verb: 'list', resource: 'pods', code: 200, ms: 42 });
    metrics.kube.onRequest({ verb: 'list', resource: 'pods', code: 200, ms: 8 });
    metrics.kube.onRequest({ verb: 'list', resource: 'nodes', code: 403, ms: 3 });
    metrics.anchore.onRequest({ endpoint: '/v2/kubernetes-inventory', code: 201 });
    metrics.anchore.onRequest({ endpoint: '/v2/kubernetes-inventory', code: 'timeout' });

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const want: [string, number][] = [
      ['kai_inventory_cycles_total{result="success"}', 1],
      ['kai_inventory_cycles_total{result="failure"}', 1],
      ['kai_inventory_cycle_duration_seconds_count', 2],
      ['kai_inventory_cycle_duration_seconds_sum', 1.75],
      ['kai_inventory_cycle_duration_seconds_bucket{le="0.25"}', 1],
      ['kai_inventory_cycle_duration_seconds_bucket{le="2.5"}', 2],
      // A failed cycle leaves the last good inventory's numbers in place.
      ['kai_inventory_namespaces', 4],
      ['kai_inventory_pods', 37],
      ['kai_inventory_images', 12],
      ['kai_last_success_timestamp_seconds', clockMs / 1000],
      ['kai_health_reports_total{result="success"}', 2],
      ['kai_health_reports_total{result="failure"}', 1],
      ['kai_registration_events_total{state="registered"}', 1],
      ['kai_kubernetes_requests_total{verb="list",resource="pods",code="200"}', 2],
      ['kai_kubernetes_requests_total{verb="list",resource="nodes",code="403"}', 1],
      ['kai_kubernetes_request_duration_seconds_sum{verb="list",resource="pods"}', 0.05],
      ['kai_anchore_requests_total{endpoint="/v2/kubernetes-inventory",code="201"}', 1],
      ['kai_anchore_requests_total{endpoint="/v2/kubernetes-inventory",code="timeout"}', 1],
    ];
    for (const [series, value] of want) {
      expect(sample(text, series), series).toBeCloseTo(value, 6);
    }
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('starts failure series at zero so alerts see 0 before the first failure', async () => {
    const { url } = await start();
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'kai_inventory_cycles_total{result="failure"}')).toBe(0);
    expect(sample(text, 'kai_health_reports_total{result="failure"}')).toBe(0);
    expect(sample(text, 'kai_last_success_timestamp_seconds')).toBe(0);
  });

  it.each([
    { method: 'GET', path: '/', status: 404 },
    { method: 'GET', path: '/metricsx', status: 404 },
    { method: 'POST', path: '/healthz', status: 405 },
    { method: 'HEAD', path: '/metrics', status: 200 },
    { method: 'GET', path: '/healthz?verbose=1', status: 200 },
  ])('$method $path -> $status', async ({ method, path, status }) => {
    const { url } = await start();
    const res = await fetch(`${url}${path}`, { method });
    expect(res.status).toBe(status);
  });

  it('keeps registries apart: two agents in one process do not share counters', async () => {
    const a = createMetrics({ now: () => new Date(0), shouldCollectDefaults: false });
    const b = createMetrics({ now: () => new Date(0), shouldCollectDefaults: false });
    a.agent.onHealthReport(true);
    expect(sample(await a.render(), 'kai_health_reports_total{result="success"}')).toBe(1);
    expect(sample(await b.render(), 'kai_health_reports_total{result="success"}')).toBe(0);
    expect(await b.render()).not.toMatch(/^process_/m);
  });

  it('reports a port already in use as an error naming health.port', async () => {
    await start();
    const port = Number(new URL(server!.url).port);
    await expect(
      startOpsServer({
        port,
        host: '127.0.0.1',
        metrics: createMetrics({ now: () => new Date(0), shouldCollectDefaults: false }),
        readiness: () => ({ ready: true, reason: '' }),
        liveness: () => ({ alive: true, reason: '' }),
        log: createSilentLogger(),
      }),
    ).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+ for health\.port: .*EADDRINUSE/);
  });
});
