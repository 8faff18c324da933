// Health reports: the pure reducer and the exact body shape of SPEC section 5.
import { describe, expect, it } from 'vitest';
import {
  INITIAL_HEALTH_STATE,
  MAX_HEALTH_ERRORS,
  formatTimestamp,
  recordAccountReports,
  recordErrors,
  restoreErrors,
  takeHealthReport,
  type AccountReportInfo,
} from '../../src/agent/health.ts';
import { validators } from '../fakes/anchore-schemas.ts';

const S = 1_000;
const context = {
  id: 'report-uuid-1',
  now: new Date('2025-06-01T00:10:00.900Z'),
  startedAt: new Date('2025-06-01T00:00:00.400Z'),
  healthIntervalMs: 60 * S,
  pollingIntervalMs: 300 * S,
};

function info(account: string, reportTimestamp: string, error?: string): AccountReportInfo {
  return {
    report_timestamp: reportTimestamp,
    account_name: account,
    sent_as_user: `${account}-user`,
    batch_size: 1,
    last_successful_index: error === undefined ? 1 : -1,
    has_errors: error !== undefined,
    batches: [{ batch_index: 1, send_timestamp: reportTimestamp, ...(error === undefined ? {} : { error }) }],
  };
}

describe('takeHealthReport', () => {
  it('builds the exact SPEC body and hands the errors over', () => {
    let state = recordErrors(INITIAL_HEALTH_STATE, ['inventory collection failed: 500']);
    state = recordAccountReports(state, [info('admin', '2025-06-01T00:09:00Z', 'Anchore answered 503')]);
    const { body, next } = takeHealthReport(state, context);
    expect(body).toEqual({
      uuid: 'report-uuid-1',
      protocol_version: 1,
      timestamp: '2025-06-01T00:10:00Z',
      uptime: 600.5,
      health_report_interval: 60,
      health_data: {
        type: 'k8s_inventory_agent',
        version: 1,
        errors: ['inventory collection failed: 500'],
        account_k8s_inventory_reports: {
          admin: {
            report_timestamp: '2025-06-01T00:09:00Z',
            account_name: 'admin',
            sent_as_user: 'admin-user',
            batch_size: 1,
            last_successful_index: -1,
            has_errors: true,
            batches: [{ batch_index: 1, send_timestamp: '2025-06-01T00:09:00Z', error: 'Anchore answered 503' }],
          },
        },
      },
    });
    expect(validators.healthReport(body)).toBe(true);
    expect(next.errors).toEqual([]);
    expect(takeHealthReport(next, context).body.health_data.account_k8s_inventory_reports).toHaveProperty('admin');
  });

  it('an agent with nothing to report is healthy: errors is an empty list, never missing', () => {
    const { body } = takeHealthReport(INITIAL_HEALTH_STATE, context);
    expect(body.health_data.errors).toEqual([]);
    expect(body.health_data.account_k8s_inventory_reports).toEqual({});
    expect(JSON.parse(JSON.stringify(body))).toHaveProperty('health_data.errors', []);
  });

  it('forgets accounts not reported for two polling intervals (as the Go agent)', () => {
    const state = recordAccountReports(INITIAL_HEALTH_STATE, [info('fresh', '2025-06-01T00:05:00Z'), info('stale', '2025-06-01T00:00:00Z')]);
    const { body, next } = takeHealthReport(state, context);
    expect(Object.keys(body.health_data.account_k8s_inventory_reports)).toEqual(['fresh']);
    expect(Object.keys(next.accounts)).toEqual(['fresh']);
  });

  it('the latest report per account replaces the previous one', () => {
    let state = recordAccountReports(INITIAL_HEALTH_STATE, [info('a', '2025-06-01T00:05:00Z', 'x')]);
    state = recordAccountReports(state, [info('a', '2025-06-01T00:06:00Z')]);
    expect(state.accounts.a?.has_errors).toBe(false);
  });
});

describe('errors', () => {
  it(`keeps at most ${MAX_HEALTH_ERRORS} errors and says how many were dropped`, () => {
    const many = Array.from({ length: MAX_HEALTH_ERRORS + 5 }, (_, i) => `e${i}`);
    const { body } = takeHealthReport(recordErrors(INITIAL_HEALTH_STATE, many), context);
    expect(body.health_data.errors).toHaveLength(MAX_HEALTH_ERRORS + 1);
    expect(body.health_data.errors[0]).toBe('5 earlier errors were not kept');
    expect(body.health_data.errors[1]).toBe('e5');
  });

  it('a report that could not be sent gives its errors back, oldest first', () => {
    const { body, next } = takeHealthReport(recordErrors(INITIAL_HEALTH_STATE, ['old']), context);
    const restored = restoreErrors(recordErrors(next, ['new']), body);
    expect(restored.errors).toEqual(['old', 'new']);
  });
});

it.each([
  ['2025-06-01T00:10:00.900Z', '2025-06-01T00:10:00Z'],
  ['2024-02-29T23:59:59.000Z', '2024-02-29T23:59:59Z'],
])('formatTimestamp(%s) is RFC 3339 without fractions', (iso, want) => {
  expect(formatTimestamp(new Date(iso))).toBe(want);
});
