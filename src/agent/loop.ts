/**
 * The periodic agent (SPEC section 6): register, then run the inventory cycle and the health-report
 * timer side by side until the shutdown signal. Cycles form a chain: the next one is scheduled when
 * the current one ends (one polling interval after it started, or at once if it overran), so two
 * cycles never overlap. Clock, sleep and ids are injected (STYLE.md habit 8).
 */
import type { InventoryReport } from '../inventory/report-types.ts';
import { createFailureLog, messageOf, type FailureLog } from './failure-log.ts';
import { countImages, deliverInventory, failedAccountLines, type AccountDelivery, type CollectResult } from './deliver.ts';
import { createHealthTracker } from './health.ts';
import { healthLoop } from './health-loop.ts';
import { resolveIdentity } from './identity.ts';
import type { CycleEvent } from './observer.ts';
import { awaitRegistration } from './registration.ts';
import { registrationDeps, type AgentDeps, type Runtime } from './runtime.ts';
import { createGrace } from './shutdown.ts';

export type { AgentDeps } from './runtime.ts';

export interface Agent {
  /** Resolves once `signal` has aborted and in-flight work has finished (or the grace period ran out). */
  run(signal: AbortSignal): Promise<void>;
}

type CycleCounts = Omit<CycleEvent, 'result' | 'durationMs'>;

function countsOf(report: InventoryReport | undefined, accounts: number): CycleCounts {
  if (report === undefined) return { namespaces: 0, pods: 0, images: 0, accounts };
  return { namespaces: report.namespaces.length, pods: report.pods.length, images: countImages(report), accounts };
}

interface CycleEnd {
  readonly startedMs: number;
  readonly counts: CycleCounts;
  readonly errors: readonly string[];
}

function finishCycle(rt: Runtime, end: CycleEnd, failures: FailureLog): void {
  const { deps } = rt;
  const durationMs = deps.now().getTime() - end.startedMs;
  const result = end.errors.length === 0 ? 'success' : 'failure';
  if (rt.stop.aborted && result === 'failure') {
    // Cut short by shutdown: not an outage, so no warning and no failure in the metrics.
    deps.log.info({ ...end.counts, durationMs, result: 'interrupted' }, 'inventory cycle');
    return;
  }
  deps.log.info({ ...end.counts, durationMs, result }, 'inventory cycle');
  if (result === 'success') failures.succeeded();
  else failures.failed(new Error(end.errors.join('; ')));
  deps.observer?.onCycle?.({ result, durationMs, ...end.counts });
}

async function collectOrRecord(rt: Runtime, startedMs: number, failures: FailureLog): Promise<CollectResult | undefined> {
  try {
    return await rt.deps.collect(rt.stop);
  } catch (error) {
    if (rt.stop.aborted) return undefined;
    const message = `inventory collection failed: ${messageOf(error)}`;
    rt.tracker.recordErrors([message]);
    finishCycle(rt, { startedMs, counts: countsOf(undefined, 0), errors: [message] }, failures);
    return undefined;
  }
}

/** One cycle: collect, route, batch, deliver, and record the outcome for the next health report. */
async function runCycle(rt: Runtime, failures: FailureLog): Promise<void> {
  const { deps } = rt;
  const startedMs = deps.now().getTime();
  deps.observer?.onCycleStart?.();
  const collected = await collectOrRecord(rt, startedMs, failures);
  if (collected === undefined) return;
  const deliveries: AccountDelivery[] = await deliverInventory(
    collected,
    { ...deps, random: deps.random ?? Math.random },
    { deadlineMs: startedMs + deps.pollingIntervalMs, stop: rt.stop, cancel: rt.cancel },
  );
  const errors = failedAccountLines(deliveries).map((line) => `inventory report not delivered to ${line}`);
  rt.tracker.recordAccountReports(deliveries.map((d) => d.info));
  rt.tracker.recordErrors(errors);
  finishCycle(rt, { startedMs, counts: countsOf(collected.report, deliveries.length), errors }, failures);
}

async function inventoryLoop(rt: Runtime): Promise<void> {
  const { deps } = rt;
  const failures = createFailureLog(deps.log, 'inventory cycle');
  while (!rt.stop.aborted) {
    const startedMs = deps.now().getTime();
    try {
      await runCycle(rt, failures);
    } catch (error) {
      // A bug, not an outage: keep the agent alive and make it visible.
      deps.log.error({ error: messageOf(error) }, 'unexpected error in the inventory cycle; please report it');
      rt.tracker.recordErrors([`unexpected error in the inventory cycle: ${messageOf(error)}`]);
    }
    const elapsedMs = deps.now().getTime() - startedMs;
    await deps.sleep(Math.max(0, deps.pollingIntervalMs - elapsedMs), rt.stop);
  }
}

async function startRuntime(deps: AgentDeps, stop: AbortSignal, cancel: AbortSignal): Promise<Runtime> {
  const identity = await resolveIdentity({
    options: deps.registration.options,
    env: deps.registration.env,
    ...(deps.registration.readJson === undefined ? {} : { readJson: deps.registration.readJson }),
    newId: deps.newId,
    log: deps.log,
    signal: stop,
  });
  return { deps, startedAt: deps.now(), tracker: createHealthTracker(), stop, cancel, identity, uuid: undefined };
}

export function createAgent(deps: AgentDeps): Agent {
  return {
    async run(signal) {
      const grace = createGrace(signal, deps.graceMs, deps.sleep);
      try {
        deps.observer?.onRegistration?.('pending');
        const rt = await startRuntime(deps, signal, grace.signal);
        const outcome = await awaitRegistration(registrationDeps(rt)).catch((error: unknown) => {
          deps.observer?.onRegistration?.('failed');
          throw error;
        });
        if (outcome.state === 'stopped') return;
        deps.observer?.onRegistration?.(outcome.state);
        rt.uuid = outcome.state === 'registered' ? outcome.uuid : undefined;
        await Promise.all([inventoryLoop(rt), healthLoop(rt)]);
        deps.log.info('agent stopped');
      } finally {
        grace.dispose();
      }
    },
  };
}
