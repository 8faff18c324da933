/**
 * Integration registration (SPEC section 5): wait for Anchore with capped exponential backoff while
 * it is unreachable, skip registration on Enterprise older than 5.11, and fail clearly on 401/403.
 */
import type { AnchoreClient } from '../anchore/client.ts';
import { isOffline } from '../anchore/errors.ts';
import type { AccountRoute, RegistrationOptions } from '../anchore/options.ts';
import { isAtLeast, REGISTRATION_MIN_VERSION } from '../anchore/version.ts';
import type { Logger } from '../log/logger.ts';
import { backoffDelayMs, REGISTRATION_BACKOFF, type BackoffPolicy, type Sleep } from './backoff.ts';
import { createFailureLog, messageOf } from './failure-log.ts';
import { formatTimestamp, INTEGRATION_TYPE } from './health.ts';
import type { AgentIdentity, ReadJson } from './identity.ts';

/** What main.ts hands the agent for registration. */
export interface RegistrationConfig {
  readonly options: RegistrationOptions;
  /** POD_NAME / HOSTNAME / POD_NAMESPACE. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readJson?: ReadJson;
  /** kai's own version, sent as `version`. */
  readonly version: string;
  /** `kubeconfig.cluster`, sent as `cluster_name`. */
  readonly clusterName: string;
}

export interface RegistrationBodyInput {
  readonly identity: AgentIdentity;
  readonly config: RegistrationConfig;
  readonly user: string;
  readonly routes: Readonly<Record<string, AccountRoute>>;
  readonly healthIntervalMs: number;
  readonly startedAt: Date;
  readonly now: Date;
}

/** The registration body, field for field as the Go agent sends it (empty strings left out). */
export function buildRegistrationBody(input: RegistrationBodyInput): Record<string, unknown> {
  const { identity, config } = input;
  const optional = (key: string, value: string): Record<string, string> => (value === '' ? {} : { [key]: value });
  const patterns = Object.values(input.routes).flatMap((r) => r.namespaces);
  return {
    registration_id: identity.registrationId,
    registration_instance_id: identity.registrationInstanceId,
    type: INTEGRATION_TYPE,
    name: identity.name,
    ...optional('description', config.options.integrationDescription),
    version: config.version,
    started_at: formatTimestamp(input.startedAt),
    uptime: Math.max(0, input.now.getTime() - input.startedAt.getTime()) / 1000,
    username: input.user,
    explicitly_account_bound: Object.keys(input.routes).sort(),
    namespaces: [...new Set(patterns)].sort(),
    ...optional('cluster_name', config.clusterName),
    ...optional('namespace', identity.namespace),
    health_report_interval: Math.max(1, Math.round(input.healthIntervalMs / 1000)),
  };
}

export type RegistrationOutcome =
  | { readonly state: 'registered'; readonly uuid: string }
  | { readonly state: 'unsupported'; readonly serviceVersion: string }
  | { readonly state: 'stopped' };

export interface RegistrationDeps {
  readonly anchore: AnchoreClient;
  readonly log: Logger;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly signal: AbortSignal;
  /** Built per attempt, so `uptime` is current. */
  readonly body: () => Record<string, unknown>;
  readonly policy?: BackoffPolicy;
}

/** One version check and, on Enterprise >= 5.11, one registration. Throws what the client throws. */
export async function registerOnce(deps: RegistrationDeps): Promise<RegistrationOutcome> {
  const version = await deps.anchore.getVersion(deps.signal);
  if (!isAtLeast(version.serviceVersion, REGISTRATION_MIN_VERSION)) {
    return { state: 'unsupported', serviceVersion: version.serviceVersion };
  }
  const registered = await deps.anchore.register(deps.body(), deps.signal);
  return { state: 'registered', uuid: registered.uuid };
}

function logOutcome(log: Logger, outcome: RegistrationOutcome): void {
  if (outcome.state === 'registered') log.info({ uuid: outcome.uuid }, 'registered with Anchore');
  if (outcome.state === 'unsupported') {
    log.info(
      { anchoreVersion: outcome.serviceVersion || 'unknown' },
      `Anchore Enterprise older than ${REGISTRATION_MIN_VERSION}: reporting inventory without registration and health reports`,
    );
  }
}

/**
 * Registers, waiting through connection errors, timeouts, 429 and 502/503/504 with 2 s doubling
 * (capped, jittered). Any other failure (401, 403 "Not authorized", …) is thrown: it is fatal.
 */
const isAborted = (signal: AbortSignal): boolean => signal.aborted;

export async function awaitRegistration(deps: RegistrationDeps): Promise<RegistrationOutcome> {
  const waiting = createFailureLog(deps.log, 'contacting Anchore for registration');
  for (let retry = 1; ; retry += 1) {
    if (isAborted(deps.signal)) return { state: 'stopped' };
    try {
      const outcome = await registerOnce(deps);
      waiting.succeeded();
      logOutcome(deps.log, outcome);
      return outcome;
    } catch (error) {
      if (isAborted(deps.signal)) return { state: 'stopped' };
      if (!isOffline(error)) throw error;
      const delay = backoffDelayMs(retry, deps.policy ?? REGISTRATION_BACKOFF, deps.random);
      waiting.failed(error, { retryInMs: delay });
      await deps.sleep(delay, deps.signal);
    }
  }
}

/** A single re-registration attempt (after Anchore forgot the integration); never throws. */
export async function tryRegister(deps: RegistrationDeps): Promise<RegistrationOutcome | { readonly state: 'failed'; readonly error: string }> {
  try {
    const outcome = await registerOnce(deps);
    if (outcome.state === 'registered') logOutcome(deps.log, outcome);
    return outcome;
  } catch (error) {
    return { state: 'failed', error: messageOf(error) };
  }
}
