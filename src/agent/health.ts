/**
 * Health reports (SPEC section 5). The state is a pure reducer: errors since the last report plus
 * the latest per-account batch results. The agent holds one HealthTracker; the body is built in
 * exactly the Go agent's wire shape.
 */

export const HEALTH_PROTOCOL_VERSION = 1;
export const HEALTH_DATA_VERSION = 1;
export const INTEGRATION_TYPE = 'k8s_inventory_agent';
/** Errors kept between two reports; older ones are counted, not kept, so memory stays bounded. */
export const MAX_HEALTH_ERRORS = 100;

export interface BatchInfo {
  /** 1-based, as in the Go agent. */
  readonly batch_index: number;
  readonly send_timestamp: string;
  readonly error?: string;
}

export interface AccountReportInfo {
  readonly report_timestamp: string;
  readonly account_name: string;
  readonly sent_as_user: string;
  readonly batch_size: number;
  /** 1-based index of the last batch Anchore accepted; -1 when none was. */
  readonly last_successful_index: number;
  readonly has_errors: boolean;
  readonly batches: readonly BatchInfo[];
}

export interface HealthReportBody {
  readonly uuid: string;
  readonly protocol_version: number;
  readonly timestamp: string;
  /** Seconds since the agent started. */
  readonly uptime: number;
  readonly health_report_interval: number;
  readonly health_data: {
    readonly type: typeof INTEGRATION_TYPE;
    readonly version: number;
    readonly errors: readonly string[];
    readonly account_k8s_inventory_reports: Readonly<Record<string, AccountReportInfo>>;
  };
}

export interface HealthState {
  readonly errors: readonly string[];
  /** Errors dropped since the last report because MAX_HEALTH_ERRORS was reached. */
  readonly droppedErrors: number;
  readonly accounts: Readonly<Record<string, AccountReportInfo>>;
}

export const INITIAL_HEALTH_STATE: HealthState = { errors: [], droppedErrors: 0, accounts: {} };

/** RFC 3339 in UTC without fractions, as the Go agent's timestamps. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function recordErrors(state: HealthState, messages: readonly string[]): HealthState {
  if (messages.length === 0) return state;
  const all = [...state.errors, ...messages];
  const overflow = Math.max(0, all.length - MAX_HEALTH_ERRORS);
  return { ...state, errors: all.slice(overflow), droppedErrors: state.droppedErrors + overflow };
}

export function recordAccountReports(state: HealthState, infos: readonly AccountReportInfo[]): HealthState {
  if (infos.length === 0) return state;
  const accounts = { ...state.accounts };
  for (const info of infos) accounts[info.account_name] = info;
  return { ...state, accounts };
}

/** Drops accounts whose last report is older than two polling intervals (the Go agent's rule). */
function activeAccounts(state: HealthState, nowMs: number, pollingIntervalMs: number): Record<string, AccountReportInfo> {
  const entries = Object.entries(state.accounts).filter(([, info]) => {
    const reportedMs = Date.parse(info.report_timestamp);
    return Number.isNaN(reportedMs) || nowMs - reportedMs <= 2 * pollingIntervalMs;
  });
  return Object.fromEntries(entries);
}

export interface HealthReportContext {
  readonly id: string;
  readonly now: Date;
  readonly startedAt: Date;
  readonly healthIntervalMs: number;
  readonly pollingIntervalMs: number;
}

/** Builds the next report and the state after it: errors are handed over, account results kept. */
export function takeHealthReport(state: HealthState, context: HealthReportContext): { body: HealthReportBody; next: HealthState } {
  const nowMs = context.now.getTime();
  const dropped = state.droppedErrors > 0 ? [`${state.droppedErrors} earlier errors were not kept`] : [];
  const accounts = activeAccounts(state, nowMs, context.pollingIntervalMs);
  const body: HealthReportBody = {
    uuid: context.id,
    protocol_version: HEALTH_PROTOCOL_VERSION,
    timestamp: formatTimestamp(context.now),
    uptime: Math.max(0, nowMs - context.startedAt.getTime()) / 1000,
    health_report_interval: Math.max(1, Math.round(context.healthIntervalMs / 1000)),
    health_data: {
      type: INTEGRATION_TYPE,
      version: HEALTH_DATA_VERSION,
      errors: [...dropped, ...state.errors],
      account_k8s_inventory_reports: accounts,
    },
  };
  return { body, next: { errors: [], droppedErrors: 0, accounts } };
}

/** A report that could not be sent gives its errors back, so the next one still carries them. */
export function restoreErrors(state: HealthState, unsent: HealthReportBody): HealthState {
  return recordErrors({ ...state, errors: [] }, [...unsent.health_data.errors, ...state.errors]);
}

/** The agent's one mutable holder around the reducer. */
export interface HealthTracker {
  recordErrors(messages: readonly string[]): void;
  recordAccountReports(infos: readonly AccountReportInfo[]): void;
  take(context: HealthReportContext): HealthReportBody;
  restore(unsent: HealthReportBody): void;
  current(): HealthState;
}

export function createHealthTracker(): HealthTracker {
  let state = INITIAL_HEALTH_STATE;
  return {
    recordErrors: (messages) => {
      state = recordErrors(state, messages);
    },
    recordAccountReports: (infos) => {
      state = recordAccountReports(state, infos);
    },
    take: (context) => {
      const { body, next } = takeHealthReport(state, context);
      state = next;
      return body;
    },
    restore: (unsent) => {
      state = restoreErrors(state, unsent);
    },
    current: () => state,
  };
}
