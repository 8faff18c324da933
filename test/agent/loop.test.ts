// The periodic agent on a virtual clock: schedule, overlap, health timing, retries, shutdown.
import { describe, expect, it } from 'vitest';
import type { HealthReportBody } from '../../src/agent/health.ts';
import { LEVEL } from '../anchore/builders.ts';
import { startAgent } from './harness.ts';
import { anchoreError } from './scripted-anchore.ts';

const S = 1_000;
const health = (body: unknown): HealthReportBody => body as HealthReportBody;

describe('schedule', () => {
  it('registers, sends the first health report at once, then inventories and health reports on their own timers', async () => {
    const h = startAgent();
    await h.clock.runUntil(h.t0 + 250 * S);
    expect(h.anchore.of('register').map((c) => h.rel(c.at))).toEqual([0]);
    expect(h.anchore.of('health').map((c) => h.rel(c.at))).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240].map((s) => s * S));
    expect(h.anchore.of('inventory').map((c) => h.rel(c.at))).toEqual([0, 100 * S, 200 * S]);
    expect(h.anchore.of('health').every((c) => c.uuid === 'uuid-1')).toBe(true);
    await h.stop();
    expect(h.clock.pending()).toBe(0);
  });

  it('never overlaps cycles when a cycle is slower than the interval', async () => {
    const h = startAgent({ collectMs: 250 * S });
    await h.clock.runUntil(h.t0 + 1_000 * S);
    expect(h.maxConcurrentCollections()).toBe(1);
    const starts = h.events.filter((e) => e.kind === 'cycle-start').map((e) => e.at);
    const ends = h.events.filter((e) => e.kind === 'cycle').map((e) => e.at);
    expect(starts).toEqual([0, 250, 500, 750, 1000].map((s) => s * S));
    for (let i = 1; i < starts.length; i += 1) expect(starts[i]).toBeGreaterThanOrEqual(ends[i - 1]!);
    await h.stop();
  });

  it('keeps the cadence when a cycle is faster than the interval', async () => {
    const h = startAgent({ collectMs: 40 * S });
    await h.clock.runUntil(h.t0 + 350 * S);
    expect(h.collections.map((c) => h.rel(c.start))).toEqual([0, 100, 200, 300].map((s) => s * S));
    await h.stop();
  });

  it('sends health reports on schedule while a slow inventory is in flight', async () => {
    const h = startAgent({ collectMs: 500 * S, deps: { pollingIntervalMs: 600 * S } });
    await h.clock.runUntil(h.t0 + 400 * S);
    expect(h.collections).toHaveLength(0);
    expect(h.anchore.of('health').map((c) => h.rel(c.at) / S)).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360, 390]);
    await h.stop();
  });

  it('reports each cycle to the observer and logs one info line per cycle', async () => {
    const h = startAgent();
    await h.clock.runUntil(h.t0 + 150 * S);
    const cycles = h.events.filter((e) => e.kind === 'cycle').map((e) => e.value);
    expect(cycles).toEqual([
      { result: 'success', durationMs: 0, namespaces: 2, pods: 2, images: 3, accounts: 1 },
      { result: 'success', durationMs: 0, namespaces: 2, pods: 2, images: 3, accounts: 1 },
    ]);
    const lines = h.log.lines().filter((l) => l.msg === 'inventory cycle');
    expect(lines.map((l) => [l.level, l.result, l.namespaces])).toEqual([
      [LEVEL.info, 'success', 2],
      [LEVEL.info, 'success', 2],
    ]);
    expect(h.events.filter((e) => e.kind === 'registration').map((e) => e.value)).toEqual(['pending', 'registered']);
    await h.stop();
  });
});

describe('delivery and health-report errors', () => {
  it('a failed POST goes into the next health report, which is healthy again after a good cycle', async () => {
    const h = startAgent({ anchore: { inventory: (n) => (n === 0 ? anchoreError('Rejected', 400, 'POST /v2/kubernetes-inventory: Anchore answered 400: bad') : undefined) } });
    await h.clock.runUntil(h.t0 + 130 * S);
    const reports = h.anchore.of('health').map((c) => health(c.body));
    // t=0: sent before the cycle finished; t=30: carries the failure; t=60, 90: nothing new.
    expect(reports[0]!.health_data.errors).toEqual([]);
    expect(reports[1]!.health_data.errors).toEqual(['inventory report not delivered to account "admin": POST /v2/kubernetes-inventory: Anchore answered 400: bad']);
    expect(reports[2]!.health_data.errors).toEqual([]);
    const admin = reports[1]!.health_data.account_k8s_inventory_reports.admin!;
    expect(admin).toMatchObject({ account_name: 'admin', sent_as_user: 'admin', batch_size: 1, last_successful_index: -1, has_errors: true });
    expect(admin.batches).toEqual([{ batch_index: 1, send_timestamp: '2025-06-01T00:00:00Z', error: 'POST /v2/kubernetes-inventory: Anchore answered 400: bad' }]);
    const after = reports[4]!.health_data.account_k8s_inventory_reports.admin!;
    expect(after).toMatchObject({ last_successful_index: 1, has_errors: false, batches: [{ batch_index: 1, send_timestamp: '2025-06-01T00:01:40Z' }] });
    await h.stop();
  });

  it('a failed collection is reported as an error and the agent keeps going', async () => {
    const h = startAgent({ collectFails: (n) => (n === 0 ? new Error('cannot list pods in namespace "x": 500') : undefined) });
    await h.clock.runUntil(h.t0 + 110 * S);
    expect(health(h.anchore.of('health')[1]!.body).health_data.errors).toEqual(['inventory collection failed: cannot list pods in namespace "x": 500']);
    expect(h.anchore.of('inventory').map((c) => h.rel(c.at))).toEqual([100 * S]);
    await h.stop();
  });

  it('retries a transient POST failure with backoff inside the cycle', async () => {
    const h = startAgent({ anchore: { inventory: (n) => (n < 2 ? anchoreError('Rejected', 503) : undefined) } });
    await h.clock.runUntil(h.t0 + 40 * S);
    expect(h.anchore.of('inventory').map((c) => [h.rel(c.at), c.outcome])).toEqual([
      [0, 'Rejected 503'],
      [1 * S, 'Rejected 503'],
      [3 * S, 'ok'],
    ]);
    expect(health(h.anchore.of('health')[1]!.body).health_data.errors).toEqual([]);
    await h.stop();
  });

  it('stops retrying when the next cycle is due, and never overlaps it', async () => {
    const h = startAgent({ anchore: { inventory: (n) => (n < 3 ? anchoreError('Unreachable') : undefined) }, deps: { pollingIntervalMs: 5 * S } });
    await h.clock.runUntil(h.t0 + 6 * S);
    expect(h.anchore.of('inventory').map((c) => [h.rel(c.at), c.outcome])).toEqual([
      [0, 'Unreachable'],
      [1 * S, 'Unreachable'],
      [3 * S, 'Unreachable'],
      [5 * S, 'ok'],
    ]);
    await h.stop();
  });

  it.each([
    { status: 400, attempts: 1 },
    { status: 401, attempts: 1 },
    { status: 429, attempts: 4 },
    { status: 500, attempts: 4 },
  ])('a $status is tried $attempts time(s)', async ({ status, attempts }) => {
    const h = startAgent({ anchore: { inventory: () => anchoreError(status === 401 ? 'Unauthorized' : 'Rejected', status) } });
    await h.clock.runUntil(h.t0 + 60 * S);
    expect(h.anchore.of('inventory')).toHaveLength(attempts);
    await h.stop();
  });

  it('logs the first failed cycle at warn, repeats at debug and the recovery at info', async () => {
    const h = startAgent({ anchore: { inventory: (n) => (n < 3 ? anchoreError('Rejected', 400, 'nope') : undefined) } });
    await h.clock.runUntil(h.t0 + 350 * S);
    const lines = h.log.lines().filter((l) => l.msg.startsWith('inventory cycle '));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [LEVEL.warn, 'inventory cycle failed'],
      [LEVEL.debug, 'inventory cycle failed again'],
      [LEVEL.debug, 'inventory cycle failed again'],
      [LEVEL.info, 'inventory cycle recovered'],
    ]);
    await h.stop();
  });

  it('registers again and resends when Anchore forgot the integration (health report 404)', async () => {
    const h = startAgent({ anchore: { health: (n) => (n === 1 ? anchoreError('Rejected', 404) : undefined) } });
    await h.clock.runUntil(h.t0 + 35 * S);
    expect(h.anchore.of('register').map((c) => h.rel(c.at))).toEqual([0, 30 * S]);
    expect(h.anchore.of('health').map((c) => [h.rel(c.at), c.uuid, c.outcome])).toEqual([
      [0, 'uuid-1', 'ok'],
      [30 * S, 'uuid-1', 'Rejected 404'],
      [30 * S, 'uuid-2', 'ok'],
    ]);
    await h.stop();
  });

  it('a failed health report keeps its errors for the next one', async () => {
    const h = startAgent({
      collectFails: (n) => (n === 0 ? new Error('boom') : undefined),
      anchore: { health: (n) => (n === 1 ? anchoreError('Rejected', 503) : undefined) },
    });
    await h.clock.runUntil(h.t0 + 65 * S);
    const bodies = h.anchore.of('health').map((c) => health(c.body).health_data.errors);
    expect(bodies).toEqual([[], ['inventory collection failed: boom'], ['inventory collection failed: boom']]);
    await h.stop();
  });
});

describe('shutdown', () => {
  it('lets an in-flight POST finish within the grace period, then resolves', async () => {
    const h = startAgent({ anchore: { postMs: 5 * S } });
    await h.clock.runUntil(h.t0 + 2 * S);
    h.controller.abort();
    await h.clock.runUntilSettled(h.running, 60 * S);
    expect(h.anchore.of('inventory').map((c) => [h.rel(c.at), h.rel(c.end!), c.outcome])).toEqual([[0, 5 * S, 'ok']]);
    expect(h.clock.nowMs() - h.t0).toBe(5 * S);
    expect(h.clock.pending()).toBe(0);
    expect(h.log.lines().some((l) => l.level >= LEVEL.warn)).toBe(false);
  });

  it('finishes the batch in flight but starts no further batch, and logs the cycle as interrupted', async () => {
    const h = startAgent({ anchore: { postMs: 5 * S }, deps: { limits: { namespaces: 1, payloadThresholdBytes: 0 } } });
    await h.clock.runUntil(h.t0 + 2 * S);
    h.controller.abort();
    await h.clock.runUntilSettled(h.running, 60 * S);
    expect(h.anchore.of('inventory').map((c) => [h.rel(c.end!), c.outcome])).toEqual([[5 * S, 'ok']]);
    const cycle = h.log.lines().filter((l) => l.msg === 'inventory cycle');
    expect(cycle.map((l) => [l.level, l.result])).toEqual([[LEVEL.info, 'interrupted']]);
    expect(h.log.lines().filter((l) => l.level >= LEVEL.warn)).toEqual([]);
    expect(h.events.filter((e) => e.kind === 'cycle')).toEqual([]);
  });

  it('cancels the in-flight POST when the grace period runs out', async () => {
    const h = startAgent({ anchore: { postMs: 60 * S } });
    await h.clock.runUntil(h.t0 + 2 * S);
    h.controller.abort();
    await h.clock.runUntilSettled(h.running, 120 * S);
    expect(h.anchore.of('inventory').map((c) => [h.rel(c.end!), c.outcome])).toEqual([[12 * S, 'cancelled']]);
    expect(h.clock.pending()).toBe(0);
  });

  it('stops while idle without another cycle or health report', async () => {
    const h = startAgent();
    await h.clock.runUntil(h.t0 + 50 * S);
    const before = h.anchore.calls.length;
    await h.stop();
    expect(h.anchore.calls.length).toBe(before);
    expect(h.clock.nowMs() - h.t0).toBe(50 * S);
    await expect(h.running).resolves.toBeUndefined();
  });

  it('aborts a collection in progress and does not report it as a failure', async () => {
    const h = startAgent({ collectMs: 80 * S });
    await h.clock.runUntil(h.t0 + 10 * S);
    await h.stop();
    expect(h.anchore.of('inventory')).toEqual([]);
    expect(h.events.filter((e) => e.kind === 'cycle')).toEqual([]);
  });
});
