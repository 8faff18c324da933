/**
 * The probe state machine, pure: events in, state out, and two verdicts computed from a state and
 * the current time. probe-state.ts holds the state and the clock; the HTTP server asks it.
 *
 * Ready: registered with Anchore (or reporting without registration, on Enterprise older than 5.11,
 * or with no Anchore configured) and fewer than `failureThreshold` consecutive failed cycles.
 * Alive: once the inventory loop runs (registration done, or a cycle seen), a cycle started or
 * finished within `wedgedAfterIntervals` polling intervals. Health reports do not count as
 * progress: they run on their own timer and keep going while the inventory loop is stuck, which is
 * exactly the case liveness must catch. While kai waits for Anchore to register, it is alive and
 * not ready: restarting the pod would not bring Anchore back.
 */

/**
 * Registration states that let the agent report: `registered` (Anchore returned a uuid) and
 * `unsupported` (Enterprise predates registration; kai reports without it). Any other state the
 * agent announces (a failed attempt, a retry) leaves the agent unregistered.
 */
export const REPORTING_REGISTRATION_STATES: readonly string[] = ['registered', 'unsupported'];

export type ProbeEvent =
  | { readonly kind: 'registration'; readonly state: string; readonly atMs: number }
  | { readonly kind: 'cycle-start'; readonly atMs: number }
  | { readonly kind: 'cycle-end'; readonly isSuccess: boolean; readonly atMs: number };

export interface ProbeState {
  readonly isRegistered: boolean;
  readonly lastRegistrationState: string | undefined;
  readonly consecutiveFailures: number;
  readonly cyclesCompleted: number;
  /** Registration finished or a cycle was seen: from then on, no progress means wedged. */
  readonly isLoopStarted: boolean;
  /** Last time the loop showed progress: start, registration, a cycle start or end. */
  readonly lastProgressMs: number;
}

export interface ProbeOptions {
  /** false when no Anchore URL is configured: there is nothing to register with. */
  readonly isRegistrationRequired: boolean;
  /** Not ready after this many failed cycles in a row (>= 1). */
  readonly failureThreshold: number;
  readonly pollingIntervalMs: number;
  /** Not alive after this many polling intervals without progress. */
  readonly wedgedAfterIntervals: number;
}

/** Field names as the ops server's probe callbacks take them. */
export interface ReadinessVerdict {
  readonly ready: boolean;
  readonly reason: string;
}

export interface LivenessVerdict {
  readonly alive: boolean;
  readonly reason: string;
}

export function initialProbeState(startedAtMs: number): ProbeState {
  return {
    isRegistered: false,
    lastRegistrationState: undefined,
    consecutiveFailures: 0,
    cyclesCompleted: 0,
    isLoopStarted: false,
    lastProgressMs: startedAtMs,
  };
}

export function reduceProbeState(state: ProbeState, event: ProbeEvent): ProbeState {
  const lastProgressMs = Math.max(state.lastProgressMs, event.atMs);
  switch (event.kind) {
    case 'registration': {
      const isReporting = REPORTING_REGISTRATION_STATES.includes(event.state);
      return {
        ...state,
        lastProgressMs,
        lastRegistrationState: event.state,
        // Once registered, a later failed re-registration does not un-register: the uuid stays valid.
        isRegistered: state.isRegistered || isReporting,
        isLoopStarted: state.isLoopStarted || isReporting,
      };
    }
    case 'cycle-start':
      return { ...state, lastProgressMs, isLoopStarted: true };
    case 'cycle-end':
      return {
        ...state,
        lastProgressMs,
        isLoopStarted: true,
        cyclesCompleted: state.cyclesCompleted + 1,
        consecutiveFailures: event.isSuccess ? 0 : state.consecutiveFailures + 1,
      };
  }
}

export function evaluateReadiness(state: ProbeState, options: ProbeOptions): ReadinessVerdict {
  if (options.isRegistrationRequired && !state.isRegistered) {
    const last = state.lastRegistrationState;
    return { ready: false, reason: last === undefined ? 'not registered yet' : `not registered yet (registration ${last})` };
  }
  if (state.consecutiveFailures >= options.failureThreshold) {
    return { ready: false, reason: `last ${state.consecutiveFailures} inventory cycles failed` };
  }
  if (state.cyclesCompleted === 0) {
    return { ready: true, reason: 'waiting for the first inventory cycle' };
  }
  return {
    ready: true,
    reason: state.consecutiveFailures === 0 ? 'last cycle succeeded' : `${state.consecutiveFailures} recent cycle(s) failed`,
  };
}

export function evaluateLiveness(state: ProbeState, nowMs: number, options: ProbeOptions): LivenessVerdict {
  if (!state.isLoopStarted) return { alive: true, reason: 'waiting for registration; the inventory loop starts after it' };
  const idleMs = nowMs - state.lastProgressMs;
  const limitMs = options.pollingIntervalMs * options.wedgedAfterIntervals;
  if (idleMs > limitMs) {
    return {
      alive: false,
      reason: `inventory loop wedged: no progress for ${Math.round(idleMs / 1000)}s (limit ${Math.round(limitMs / 1000)}s)`,
    };
  }
  return { alive: true, reason: 'inventory loop making progress' };
}
