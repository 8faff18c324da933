import { afterEach, describe, expect, it } from 'vitest';
import type { AgentObserver } from '../../src/agent/observer.ts';
import type { AnchoreClientDeps } from '../../src/anchore/client.ts';
import type { KubeClientDeps } from '../../src/kube/client.ts';
import { createSilentLogger } from '../../src/log/logger.ts';
import { createOpsAgentObserver } from '../../src/ops/agent-observer.ts';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createProbeTracker } from '../../src/ops/probe-state.ts';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ops wiring', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("plugs into the agent's, kube client's and anchore client's hooks as they are declared", async () => {
    let clockMs = 0;
    const metrics = createMetrics({ now: () => new Date(clockMs), shouldCollectDefaults: false });
    const probes = createProbeTracker({ isRegistrationRequired: true, pollingIntervalMs: 300_000, nowMs: () => clockMs });
    // Type-checked by `npm run typecheck`: a drift in any hook's shape fails the build here.
    const observer: AgentObserver = createOpsAgentObserver(metrics, probes);
    const kubeHook: NonNullable<KubeClientDeps['onRequest']> = metrics.kube.onRequest;
    const anchoreHook: NonNullable<AnchoreClientDeps['onRequest']> = metrics.anchore.onRequest;
    server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics, readiness: probes.readiness, liveness: probes.liveness, log: createSilentLogger() });

    // What the agent does: registration pending then done, one cycle, one health report.
    observer.onRegistration?.('pending');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    anchoreHook({ endpoint: 'registration', code: 200 });
    observer.onRegistration?.('registered');
    observer.onCycleStart?.();
    kubeHook({ verb: 'list', resource: 'namespaces', code: 200, ms: 12 });
    kubeHook({ verb: 'list', resource: 'pods', code: 'error', ms: 3 });
    clockMs = 42_000;
    observer.onCycle?.({ result: 'success', durationMs: 900, namespaces: 3, pods: 20, images: 9, accounts: 1 });
    observer.onHealthReport?.(true);

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', reason: 'last cycle succeeded' });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(text, 'kai_inventory_images')).toBe(9);
    expect(sample(text, 'kai_last_success_timestamp_seconds')).toBe(42);
    expect(sample(text, 'kai_registration_events_total{state="pending"}')).toBe(1);
    expect(sample(text, 'kai_kubernetes_requests_total{verb="list",resource="pods",code="error"}')).toBe(1);
    expect(sample(text, 'kai_anchore_requests_total{endpoint="registration",code="200"}')).toBe(1);
    expect(sample(text, 'kai_health_reports_total{result="success"}')).toBe(1);
  });
});
