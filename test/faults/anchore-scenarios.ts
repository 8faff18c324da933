/**
 * Anchore fault scenarios: what the fake Anchore does wrong, how kai runs, and what must hold
 * afterwards. Used by test/faults/anchore.test.ts and counted by docs/reliability.md.
 */
import { expect } from 'vitest';
import type { FakeAnchore } from '../fakes/anchore.ts';
import type { FakeKubeApi } from '../fakes/kube-api.ts';
import type { KaiResult } from '../helpers/run-kai.ts';

export const PASSWORD = 'anchore-faults-pw';
export const TEAM_PASSWORD = 'team-faults-pw';
const INVENTORY = '/v2/kubernetes-inventory';
const REGISTRATION = '/v2/system/integrations/registration';

export interface AnchoreRun {
  readonly anchore: FakeAnchore;
  readonly result: KaiResult;
  /** Fake-clock time (Date.now) at which kai was started. */
  readonly startedAt: number;
}

export interface AnchoreScenario {
  readonly name: string;
  readonly fault: string;
  readonly mode: 'adhoc' | 'periodic';
  readonly exit: number;
  /** Extra environment (the Anchore URL and admin credentials are always set). */
  readonly env?: Readonly<Record<string, string>>;
  /** Users of the fake (default: admin with PASSWORD) and its accounts (default: admin). */
  readonly users?: Readonly<Record<string, string>>;
  readonly accounts?: readonly string[];
  readonly inject?: (anchore: FakeAnchore) => void;
  /** A fault of the cluster instead: what reaches Anchore then. */
  readonly injectKube?: (kube: FakeKubeApi) => void;
  /** Periodic mode: called every 50 ms while kai runs; SIGTERM once it returns true. */
  readonly stopWhen?: (anchore: FakeAnchore, startedAt: number) => boolean;
  /** Periodic mode: called every 50 ms; for faults that change while kai runs. */
  readonly during?: (anchore: FakeAnchore) => void;
  readonly check: (run: AnchoreRun) => void;
}

const posts = (anchore: FakeAnchore, route = INVENTORY): number[] => anchore.requests.filter((r) => r.method === 'POST' && r.route === route).map((r) => r.time);
const versionChecks = (anchore: FakeAnchore): number[] => anchore.requests.filter((r) => r.route === '/version').map((r) => r.time);
const gaps = (times: readonly number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0));
const ROUTES = JSON.stringify({ team: { user: 'team', password: TEAM_PASSWORD, namespaces: ['^payments$'] } });
const namesOf = (body: Record<string, unknown>): string[] => (body['namespaces'] as { name: string }[]).map((n) => n.name);

/** Health reports must keep their schedule: the first at registration, then every interval. */
const HEALTH_INTERVAL_MS = 30_000;
const HEALTH_TOLERANCE_MS = 2_500;

export const ANCHORE_SCENARIOS: readonly AnchoreScenario[] = [
  {
    name: 'down at start-up (connections reset), then up',
    fault: 'the first two connections are reset',
    mode: 'periodic',
    exit: 0,
    inject: (a) => { a.inject({ path: '/version', drop: true, times: 2 }); },
    stopWhen: (a) => a.inventories.length > 0,
    check: ({ anchore }) => {
      const [first = 0, second = 0] = gaps(versionChecks(anchore));
      // REGISTRATION_BACKOFF: 2 s, then 4 s, ±20 % jitter.
      expect(first).toBeGreaterThanOrEqual(1_500);
      expect(second).toBeGreaterThanOrEqual(3_000);
      expect(anchore.integrations()).toHaveLength(1);
      expect(anchore.healthReports.length).toBeGreaterThanOrEqual(1);
    },
  },
  {
    name: '503 from a proxy during registration',
    fault: 'the registration answers 503 once',
    mode: 'periodic',
    exit: 0,
    inject: (a) => { a.inject({ path: REGISTRATION, status: 503, times: 1 }); },
    stopWhen: (a) => a.inventories.length > 0,
    check: ({ anchore }) => {
      const [gap = 0] = gaps(posts(anchore, REGISTRATION));
      expect(gap).toBeGreaterThanOrEqual(1_500);
      expect(anchore.integrations()).toHaveLength(1);
    },
  },
  {
    name: '5xx on an inventory POST, retried within the cycle',
    fault: '500 then 503 on the inventory POST',
    mode: 'periodic',
    exit: 0,
    env: { KAI_POLLING_INTERVAL_SECONDS: '20' },
    inject: (a) => {
      a.inject({ method: 'POST', path: INVENTORY, status: 500, times: 1 });
      a.inject({ method: 'POST', path: INVENTORY, status: 503, times: 1 });
    },
    stopWhen: (a) => a.inventories.length > 0,
    check: ({ anchore }) => {
      const times = posts(anchore);
      expect(times).toHaveLength(3);
      // DELIVERY_BACKOFF: 1 s, then 2 s (±20 %), all inside the first 20 s cycle.
      expect(gaps(times)[0]).toBeGreaterThanOrEqual(700);
      expect(anchore.inventories).toHaveLength(1);
    },
  },
  {
    name: 'timeout on an inventory POST, retried within the cycle',
    fault: 'the POST is held 2.5 s; anchore.http.timeout-seconds is 1',
    mode: 'periodic',
    exit: 0,
    env: { KAI_POLLING_INTERVAL_SECONDS: '20', KAI_ANCHORE_HTTP_TIMEOUT_SECONDS: '1' },
    inject: (a) => { a.inject({ method: 'POST', path: INVENTORY, delayMs: 2_500, times: 1 }); },
    stopWhen: (a) => posts(a).length >= 2 && a.inventories.length > 0,
    check: ({ anchore }) => {
      const [gap = 0] = gaps(posts(anchore));
      expect(gap).toBeGreaterThanOrEqual(1_500);
      expect(gap).toBeLessThan(2_500);
    },
  },
  {
    name: '401: wrong password (periodic)',
    fault: 'Anchore rejects the credentials',
    mode: 'periodic',
    exit: 4,
    users: { admin: 'another-password' },
    check: ({ result, anchore }) => {
      expect(result.stderr).toMatch(/kai: error: integration registration: Anchore rejected the credentials of user "admin" \(401/);
      expect(anchore.inventories).toHaveLength(0);
    },
  },
  {
    name: '403 Not authorized on registration (periodic)',
    fault: 'the user may not register integrations',
    mode: 'periodic',
    exit: 4,
    inject: (a) => { a.inject({ path: REGISTRATION, status: 403, body: JSON.stringify({ message: 'Not authorized', httpcode: 403, detail: {} }) }); },
    check: ({ result }) => {
      expect(result.stderr).toMatch(/kai: error: integration registration: user "admin" is not authorized \(403: Not authorized\)\. Give the user a role/);
    },
  },
  {
    name: '401 on the inventory POST (adhoc)',
    fault: 'Anchore rejects the credentials',
    mode: 'adhoc',
    exit: 4,
    users: { admin: 'another-password' },
    check: ({ result }) => {
      expect(result.stderr).toMatch(/inventory report not delivered to account "admin".*401/);
      expect(result.stderr).toMatch(/1 of 1 Anchore accounts did not receive the inventory/);
    },
  },
  {
    name: 'an HTML 200 from a proxy (adhoc)',
    fault: 'a login page with status 200 instead of the API answer',
    mode: 'adhoc',
    exit: 4,
    inject: (a) => { a.inject({ method: 'POST', path: INVENTORY, status: 200, contentType: 'text/html', body: '<html><body>Please log in</body></html>', times: 100 }); },
    check: ({ result }) => {
      expect(result.stderr).toMatch(/Anchore answered 200 with a non-JSON body \(text\/html\)/);
    },
  },
  {
    name: 'account not found: falls back to the default account (adhoc)',
    fault: 'the routed account "team" does not exist in Anchore',
    mode: 'adhoc',
    exit: 0,
    env: { KAI_ACCOUNT_ROUTES: ROUTES },
    users: { admin: PASSWORD, team: TEAM_PASSWORD },
    accounts: ['admin'],
    check: ({ anchore }) => {
      expect(anchore.inventories.map((i) => [i.account, namesOf(i.body)])).toEqual(
        expect.arrayContaining([['admin', ['payments']], ['admin', ['default', 'shop']]]),
      );
      expect(anchore.inventories).toHaveLength(2);
    },
  },
  {
    name: 'cluster listing fails (adhoc): nothing is sent',
    fault: 'one namespace\'s pods answer 503 for good',
    mode: 'adhoc',
    exit: 3,
    injectKube: (k) => { k.inject({ path: '/api/v1/namespaces/payments/pods', status: 503 }); },
    check: ({ anchore, result }) => {
      expect(posts(anchore)).toHaveLength(0);
      expect(result.stderr).toMatch(/kai: error: cannot list pods in namespace "payments": 503/);
    },
  },
  {
    name: 'cluster listing fails (periodic): no partial or empty report, the agent keeps running',
    fault: 'listing namespaces answers 500 for good',
    mode: 'periodic',
    exit: 0,
    injectKube: (k) => { k.inject({ path: '/api/v1/namespaces', status: 500 }); },
    stopWhen: (a, startedAt) => Date.now() - startedAt > 9_000 && a.healthReports.length > 0,
    check: ({ anchore, result }) => {
      expect(posts(anchore)).toHaveLength(0);
      expect(anchore.integrations()).toHaveLength(1);
      // Cycles go on after failures (each takes ~4 s of API retries).
      expect(result.stderr.match(/inventory cycle/g)?.length).toBeGreaterThanOrEqual(2);
      expect(result.stderr).toMatch(/list namespaces: 500 Internal Server Error/);
    },
  },
  {
    name: 'slow and failing POSTs, then Anchore restarts and forgets the integration',
    fault: 'every inventory POST is held 20 s then answers 500; the integration is forgotten after the first health report',
    mode: 'periodic',
    exit: 0,
    env: { KAI_POLLING_INTERVAL_SECONDS: '1', KAI_ANCHORE_HTTP_TIMEOUT_SECONDS: '30', KAI_SHUTDOWN_GRACE_SECONDS: '1', KAI_HEALTH_REPORT_INTERVAL_SECONDS: '30' },
    inject: (a) => { a.inject({ method: 'POST', path: INVENTORY, delayMs: 20_000, status: 500, times: 100 }); },
    during: (a) => {
      // Once: right after the first health report, before kai had to register again.
      if (a.healthReports.length === 1 && posts(a, REGISTRATION).length === 1 && a.integrations().length === 1) a.forgetIntegrations();
    },
    stopWhen: (a) => a.healthReports.length >= 2,
    check: ({ anchore }) => {
      const [first, second] = anchore.healthReports;
      // On time although a POST was in flight, and although the integration had to be re-registered.
      expect(Math.abs((second?.time ?? 0) - (first?.time ?? 0) - HEALTH_INTERVAL_MS)).toBeLessThan(HEALTH_TOLERANCE_MS);
      expect(posts(anchore, REGISTRATION)).toHaveLength(2);
      expect(second?.integrationUuid).not.toBe(first?.integrationUuid);
      const errors = (second?.body['health_data'] as { errors: string[] }).errors;
      expect(errors.join('\n')).toMatch(/inventory report not delivered to account "admin".*500/);
      expect(anchore.integrations()[0]?.reportedStatus?.state).toBe('unhealthy');
      expect(anchore.inventories).toHaveLength(0);
    },
  },
];
