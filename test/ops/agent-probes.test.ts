/**
 * The real agent loop (on the virtual clock, with the scripted Anchore of test/agent) feeding the
 * ops server through createOpsAgentObserver: /readyz follows registration and failing cycles, and
 * /metrics counts what the scripted Anchore saw.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/log/logger.ts';
import { createOpsAgentObserver } from '../../src/ops/agent-observer.ts';
import { startOpsServer, type OpsServer } from '../../src/ops/http-server.ts';
import { createMetrics, type KaiMetrics } from '../../src/ops/metrics.ts';
import { createProbeTracker } from '../../src/ops/probe-state.ts';
import { startAgent, type Harness, type HarnessOptions } from '../agent/harness.ts';
import { anchoreError } from '../agent/scripted-anchore.ts';
import { createVirtualClock } from '../agent/virtual-clock.ts';

const S = 1_000;
/** The harness's polling interval. */
const POLL_MS = 100 * S;

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

interface Running {
  readonly h: Harness;
  readonly metrics: KaiMetrics;
  readonly server: OpsServer;
  readyz(): Promise<{ status: number; reason: string }>;
  metric(series: string): Promise<number | undefined>;
}

describe('agent -> ops endpoints', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function run(options: HarnessOptions): Promise<Running> {
    // The harness builds its virtual clock inside startAgent; until then, time is its start.
    const clockRef = { nowMs: createVirtualClock().nowMs };
    const metrics = createMetrics({ now: () => new Date(clockRef.nowMs()), shouldCollectDefaults: false });
    const probes = createProbeTracker({ isRegistrationRequired: true, pollingIntervalMs: POLL_MS, nowMs: () => clockRef.nowMs() });
    const h = startAgent({ ...options, deps: { observer: createOpsAgentObserver(metrics, probes) } });
    clockRef.nowMs = h.clock.nowMs;
    const server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics, readiness: probes.readiness, liveness: probes.liveness, log: createSilentLogger() });
    cleanups.push(async () => {
      await h.stop();
      await server.close();
    });
    return {
      h,
      metrics,
      server,
      async readyz() {
        const res = await fetch(`${server.url}/readyz`);
        return { status: res.status, reason: ((await res.json()) as { reason: string }).reason };
      },
      async metric(series) {
        return sample(await (await fetch(`${server.url}/metrics`)).text(), series);
      },
    };
  }

  it('is not ready while Anchore cannot be reached, and ready once registered', async () => {
    const r = await run({ anchore: { version: (n) => (n < 3 ? anchoreError('Unreachable') : undefined) } });
    await r.h.clock.runUntil(r.h.t0 + 5 * S);
    expect(await r.readyz()).toEqual({ status: 503, reason: 'not registered yet (registration pending)' });
    // Waiting for Anchore is not wedged: liveness holds even far past 3 polling intervals.
    expect((await fetch(`${r.server.url}/healthz`)).status).toBe(200);
    await r.h.clock.runUntil(r.h.t0 + 20 * S);
    expect(r.h.anchore.of('register')).toHaveLength(1);
    expect(await r.readyz()).toEqual({ status: 200, reason: 'last cycle succeeded' });
    expect(await r.metric('kai_registration_events_total{state="registered"}')).toBe(1);
  });

  it('goes unready after 3 failed cycles in a row and ready again after a success', async () => {
    const r = await run({ collectFails: (n) => (n >= 1 && n <= 3 ? new Error('cannot list pods in namespace "payments"') : undefined) });
    await r.h.clock.runUntil(r.h.t0 + 1 * S);
    expect((await r.readyz()).status).toBe(200);
    await r.h.clock.runUntil(r.h.t0 + 2 * POLL_MS + S);
    expect(await r.readyz()).toEqual({ status: 200, reason: '2 recent cycle(s) failed' });
    await r.h.clock.runUntil(r.h.t0 + 3 * POLL_MS + S);
    expect(await r.readyz()).toEqual({ status: 503, reason: 'last 3 inventory cycles failed' });
    await r.h.clock.runUntil(r.h.t0 + 4 * POLL_MS + S);
    expect(await r.readyz()).toEqual({ status: 200, reason: 'last cycle succeeded' });
    expect(await r.metric('kai_inventory_cycles_total{result="failure"}')).toBe(3);
    expect(await r.metric('kai_inventory_cycles_total{result="success"}')).toBe(2);
  });

  it('counts what Anchore received: cycles, health reports and the last inventory', async () => {
    const r = await run({ anchore: { health: (n) => (n === 2 ? anchoreError('Unreachable') : undefined) } });
    await r.h.clock.runUntil(r.h.t0 + 250 * S);
    const inventories = r.h.anchore.of('inventory').filter((c) => c.outcome === 'ok');
    const health = r.h.anchore.of('health');
    expect(inventories.length).toBeGreaterThanOrEqual(3);
    expect(await r.metric('kai_inventory_cycles_total{result="success"}')).toBe(inventories.length);
    expect(await r.metric('kai_health_reports_total{result="success"}')).toBe(health.filter((c) => c.outcome === 'ok').length);
    expect(await r.metric('kai_health_reports_total{result="failure"}')).toBe(1);
    // The harness's sample report: namespaces default and payments, pods web and api.
    expect(await r.metric('kai_inventory_namespaces')).toBe(2);
    expect(await r.metric('kai_inventory_pods')).toBe(2);
    const lastCycleEnd = r.h.collections.at(-1)!.end;
    const lastSuccess = await r.metric('kai_last_success_timestamp_seconds');
    expect(lastSuccess).toBeGreaterThanOrEqual(lastCycleEnd / 1000);
    expect(lastSuccess).toBeLessThanOrEqual(r.h.clock.nowMs() / 1000);
  });
});
