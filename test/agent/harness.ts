// Builds an agent on the virtual clock with a scripted Anchore and a scripted collector.
import { createAgent, type AgentDeps } from '../../src/agent/loop.ts';
import type { CycleEvent, RegistrationState } from '../../src/agent/observer.ts';
import type { RoutingInput } from '../../src/inventory/account-routing.ts';
import type { InventoryReport } from '../../src/inventory/report-types.ts';
import { buildReport, captureLog, type CapturedLog } from '../anchore/builders.ts';
import { createScriptedAnchore, type ScriptedAnchore, type ScriptedAnchoreOptions } from './scripted-anchore.ts';
import { createVirtualClock, type VirtualClock } from './virtual-clock.ts';

export const NO_ROUTING: RoutingInput = { routes: {}, labelKey: '', defaultAccount: '', ignoreMissingLabel: false, defaultAccountFallback: 'admin' };

export const sampleReport = buildReport(
  [
    { name: 'default', pods: [{ name: 'web', node: 'n1', containers: 2 }] },
    { name: 'payments', pods: [{ name: 'api', node: 'n1' }] },
  ],
  ['n1'],
);

export interface HarnessOptions {
  readonly anchore?: Omit<ScriptedAnchoreOptions, 'clock'>;
  /** Virtual time one collection takes. */
  readonly collectMs?: number;
  /** Makes the n-th (0-based) collection fail. */
  readonly collectFails?: (n: number) => Error | undefined;
  readonly report?: InventoryReport;
  readonly deps?: Partial<AgentDeps>;
}

export interface ObservedEvent {
  readonly at: number;
  readonly kind: 'cycle-start' | 'cycle' | 'health' | 'registration';
  readonly value?: CycleEvent | boolean | RegistrationState;
}

export interface Harness {
  readonly clock: VirtualClock;
  readonly anchore: ScriptedAnchore;
  readonly t0: number;
  readonly collections: { start: number; end: number }[];
  readonly maxConcurrentCollections: () => number;
  readonly events: ObservedEvent[];
  readonly log: CapturedLog;
  readonly controller: AbortController;
  readonly running: Promise<void>;
  /** Virtual ms since start. */
  readonly rel: (at: number) => number;
  stop(): Promise<void>;
}

export function startAgent(options: HarnessOptions = {}): Harness {
  const clock = createVirtualClock();
  const t0 = clock.nowMs();
  const anchore = createScriptedAnchore({ clock, ...options.anchore });
  const collections: { start: number; end: number }[] = [];
  const events: ObservedEvent[] = [];
  const state = { active: 0, max: 0, n: 0, ids: 0 };
  const log = captureLog('debug');
  const collect: AgentDeps['collect'] = async (signal) => {
    const start = clock.nowMs();
    const n = state.n++;
    state.active += 1;
    state.max = Math.max(state.max, state.active);
    await clock.sleep(options.collectMs ?? 0, signal);
    state.active -= 1;
    collections.push({ start, end: clock.nowMs() });
    if (signal.aborted) throw new Error('collection aborted');
    const failure = options.collectFails?.(n);
    if (failure !== undefined) throw failure;
    return { report: { ...(options.report ?? sampleReport), timestamp: new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z') } };
  };
  const record = (kind: ObservedEvent['kind'], value?: ObservedEvent['value']): void => {
    events.push({ at: clock.nowMs() - t0, kind, ...(value === undefined ? {} : { value }) });
  };
  const deps: AgentDeps = {
    collect,
    anchore,
    routing: NO_ROUTING,
    limits: { namespaces: 0, payloadThresholdBytes: 0 },
    registration: {
      options: { registrationId: 'reg-1', integrationName: '', integrationDescription: '' },
      env: { POD_NAME: 'kai-5d9f-abcde', POD_NAMESPACE: 'kai' },
      version: '0.1.0',
      clusterName: 'test-cluster',
    },
    log: log.log,
    now: clock.now,
    sleep: clock.sleep,
    newId: () => `id-${(state.ids += 1)}`,
    random: () => 0.5,
    pollingIntervalMs: 100_000,
    healthIntervalMs: 30_000,
    graceMs: 10_000,
    observer: {
      onCycleStart: () => { record('cycle-start'); },
      onCycle: (e) => { record('cycle', e); },
      onHealthReport: (ok) => { record('health', ok); },
      onRegistration: (s) => { record('registration', s); },
    },
    ...options.deps,
  };
  const controller = new AbortController();
  const running = createAgent(deps).run(controller.signal);
  running.catch(() => undefined);
  return {
    clock,
    anchore,
    t0,
    collections,
    maxConcurrentCollections: () => state.max,
    events,
    log,
    controller,
    running,
    rel: (at) => at - t0,
    async stop() {
      controller.abort();
      await clock.runUntilSettled(running, 600_000);
    },
  };
}
