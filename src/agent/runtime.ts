/** The agent's dependencies and the state one run() shares between its two loops. */
import type { AnchoreClient } from '../anchore/client.ts';
import type { RoutingInput } from '../inventory/account-routing.ts';
import type { ReportLimits } from '../inventory/batch.ts';
import type { Logger } from '../log/logger.ts';
import type { Sleep } from './backoff.ts';
import type { CollectResult } from './deliver.ts';
import type { HealthTracker } from './health.ts';
import type { AgentIdentity } from './identity.ts';
import type { AgentObserver } from './observer.ts';
import type { RegistrationConfig, RegistrationDeps } from './registration.ts';
import { buildRegistrationBody } from './registration.ts';

export interface AgentDeps {
  /** One full inventory; aborted on shutdown. Throws when the inventory is incomplete. */
  readonly collect: (signal: AbortSignal) => Promise<CollectResult>;
  readonly anchore: AnchoreClient;
  readonly routing: RoutingInput;
  readonly limits: ReportLimits;
  readonly registration: RegistrationConfig;
  readonly log: Logger;
  readonly now: () => Date;
  readonly sleep: Sleep;
  readonly newId: () => string;
  /** Jitter source; Math.random by default. */
  readonly random?: () => number;
  readonly pollingIntervalMs: number;
  readonly healthIntervalMs: number;
  /** How long an in-flight POST may take after SIGTERM. */
  readonly graceMs: number;
  readonly observer?: AgentObserver;
}

export interface Runtime {
  readonly deps: AgentDeps;
  readonly startedAt: Date;
  readonly tracker: HealthTracker;
  /** Aborted on shutdown: loops stop, no new request starts. */
  readonly stop: AbortSignal;
  /** Aborted when the grace period is over: in-flight requests are cancelled. */
  readonly cancel: AbortSignal;
  readonly identity: AgentIdentity;
  /** The integration uuid while registered. */
  uuid: string | undefined;
}

export function registrationDeps(rt: Runtime): RegistrationDeps {
  const { deps } = rt;
  return {
    anchore: deps.anchore,
    log: deps.log,
    sleep: deps.sleep,
    random: deps.random ?? Math.random,
    signal: rt.stop,
    body: () =>
      buildRegistrationBody({
        identity: rt.identity,
        config: deps.registration,
        user: deps.anchore.user,
        routes: deps.routing.routes,
        healthIntervalMs: deps.healthIntervalMs,
        startedAt: rt.startedAt,
        now: deps.now(),
      }),
  };
}
