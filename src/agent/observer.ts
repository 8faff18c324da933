/** Hooks the agent calls so metrics and probes can follow it (matched structurally by ops/). */

export const REGISTRATION_STATES = ['pending', 'registered', 'unsupported', 'failed'] as const;
/** `unsupported`: Enterprise older than 5.11, reporting without registration. */
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export interface CycleEvent {
  readonly result: 'success' | 'failure';
  readonly durationMs: number;
  readonly namespaces: number;
  readonly pods: number;
  /** Distinct image tag + digest pairs. */
  readonly images: number;
  /** Accounts the inventory was routed to. */
  readonly accounts: number;
}

export interface AgentObserver {
  onCycleStart?(): void;
  onCycle?(event: CycleEvent): void;
  onHealthReport?(isOk: boolean): void;
  onRegistration?(state: RegistrationState): void;
}
