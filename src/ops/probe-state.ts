/**
 * Holds the probe state for one agent: the agent's observer hooks feed it, the ops server's
 * /readyz and /healthz read it. The clock is injected so tests move time without waiting.
 */
import type { CycleObservation } from './metrics.ts';
import {
  evaluateLiveness,
  evaluateReadiness,
  initialProbeState,
  reduceProbeState,
  type LivenessVerdict,
  type ProbeEvent,
  type ProbeOptions,
  type ReadinessVerdict,
} from './readiness.ts';

/** Function properties, not methods: they are handed around detached (`readiness: probes.readiness`). */
export interface ProbeTracker {
  readonly onCycleStart: () => void;
  readonly onCycle: (observation: Pick<CycleObservation, 'result'>) => void;
  readonly onRegistration: (state: string) => void;
  readonly readiness: () => ReadinessVerdict;
  readonly liveness: () => LivenessVerdict;
}

export interface ProbeTrackerOptions extends Omit<ProbeOptions, 'failureThreshold' | 'wedgedAfterIntervals'> {
  readonly nowMs: () => number;
  /** Default 3: one failed cycle is noise, three in a row is an outage. */
  readonly failureThreshold?: number;
  /** Default 3 polling intervals, as the Helm chart's liveness probe expects. */
  readonly wedgedAfterIntervals?: number;
}

export const DEFAULT_FAILURE_THRESHOLD = 3;
export const DEFAULT_WEDGED_AFTER_INTERVALS = 3;

export function createProbeTracker(options: ProbeTrackerOptions): ProbeTracker {
  const probeOptions: ProbeOptions = {
    isRegistrationRequired: options.isRegistrationRequired,
    pollingIntervalMs: options.pollingIntervalMs,
    failureThreshold: options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD,
    wedgedAfterIntervals: options.wedgedAfterIntervals ?? DEFAULT_WEDGED_AFTER_INTERVALS,
  };
  let state = initialProbeState(options.nowMs());
  const apply = (event: ProbeEvent): void => {
    state = reduceProbeState(state, event);
  };
  return {
    onCycleStart: () => {
      apply({ kind: 'cycle-start', atMs: options.nowMs() });
    },
    onCycle: ({ result }) => {
      apply({ kind: 'cycle-end', isSuccess: result === 'success', atMs: options.nowMs() });
    },
    onRegistration: (registrationState) => {
      apply({ kind: 'registration', state: registrationState, atMs: options.nowMs() });
    },
    readiness: () => evaluateReadiness(state, probeOptions),
    liveness: () => evaluateLiveness(state, options.nowMs(), probeOptions),
  };
}
