/**
 * One observer for the agent that feeds both the Prometheus metrics and the probe state, shaped
 * like the agent's AgentObserver (matched structurally: ops/ does not import agent/).
 */
import type { CycleObservation, KaiMetrics } from './metrics.ts';
import type { ProbeTracker } from './probe-state.ts';

export interface OpsAgentObserver {
  readonly onCycleStart: () => void;
  readonly onCycle: (observation: CycleObservation) => void;
  readonly onHealthReport: (isOk: boolean) => void;
  readonly onRegistration: (state: string) => void;
}

export function createOpsAgentObserver(metrics: Pick<KaiMetrics, 'agent'>, probes: ProbeTracker): OpsAgentObserver {
  return {
    onCycleStart: () => {
      probes.onCycleStart();
    },
    onCycle: (observation) => {
      metrics.agent.onCycle(observation);
      probes.onCycle(observation);
    },
    onHealthReport: (isOk) => {
      metrics.agent.onHealthReport(isOk);
    },
    onRegistration: (state) => {
      metrics.agent.onRegistration(state);
      probes.onRegistration(state);
    },
  };
}
