// Account routing (SPEC section 5), table-driven.
import { describe, expect, it } from 'vitest';
import { routeByAccount, type RoutingInput } from '../../src/inventory/account-routing.ts';
import { ConfigError } from '../../src/errors.ts';
import { referenceProblems, validators } from '../fakes/anchore-schemas.ts';
import { buildReport, namesOf } from './builders.ts';

const report = buildReport(
  [
    { name: 'team-a-web', labels: { owner: 'acct-label' }, pods: [{ name: 'p1', node: 'n1' }] },
    { name: 'team-a-db', pods: [{ name: 'p2', node: 'n2', containers: 2 }] },
    { name: 'payments', labels: { owner: 'acct-label' }, pods: [{ name: 'p3', node: 'n1' }] },
    { name: 'shared-prod', pods: [{ name: 'p4', node: 'n3' }] },
    { name: 'kube-system', pods: [{ name: 'p5' }] },
  ],
  ['n1', 'n2', 'n3'],
);

const none: RoutingInput = { routes: {}, labelKey: '', defaultAccount: '', ignoreMissingLabel: false, defaultAccountFallback: 'admin' };
const route = (...namespaces: string[]) => ({ user: 'u', password: 'p', namespaces });

function summary(options: RoutingInput, labels = {}): Record<string, string[]> {
  return Object.fromEntries([...routeByAccount(report, options, labels)].map(([account, r]) => [account, namesOf(r.report)]));
}

describe('routeByAccount', () => {
  it.each([
    {
      name: 'no routes and no label key: everything to anchore.account (default-account ignored, as the Go agent)',
      options: { ...none, defaultAccount: 'elsewhere' },
      want: { admin: ['team-a-web', 'team-a-db', 'payments', 'shared-prod', 'kube-system'] },
    },
    {
      name: 'unanchored route regexes; the rest to anchore.account',
      options: { ...none, routes: { a: route('team-a'), b: route('prod') } },
      want: { a: ['team-a-web', 'team-a-db'], admin: ['payments', 'kube-system'], b: ['shared-prod'] },
    },
    {
      name: 'a namespace matching several routes goes to each',
      options: { ...none, routes: { a: route('^team-a-web$', 'pay'), b: route('web') } },
      want: { a: ['team-a-web', 'payments'], admin: ['team-a-db', 'shared-prod', 'kube-system'], b: ['team-a-web'] },
    },
    {
      name: 'default-account receives unrouted namespaces',
      options: { ...none, routes: { a: route('team-a') }, defaultAccount: 'catchall' },
      want: { a: ['team-a-web', 'team-a-db'], catchall: ['payments', 'shared-prod', 'kube-system'] },
    },
    {
      name: 'label routing, missing label to the default account',
      options: { ...none, labelKey: 'owner', defaultAccount: 'catchall' },
      want: { 'acct-label': ['team-a-web', 'payments'], catchall: ['team-a-db', 'shared-prod', 'kube-system'] },
    },
    {
      name: 'ignore-missing-label skips namespaces without the label',
      options: { ...none, labelKey: 'owner', ignoreMissingLabel: true },
      want: { 'acct-label': ['team-a-web', 'payments'] },
    },
    {
      name: 'routes win over labels',
      options: { ...none, labelKey: 'owner', routes: { a: route('team-a') }, ignoreMissingLabel: true },
      want: { a: ['team-a-web', 'team-a-db'], 'acct-label': ['payments'] },
    },
    {
      name: 'a route with no matching namespace gets no report',
      options: { ...none, routes: { a: route('^nothing$') } },
      want: { admin: ['team-a-web', 'team-a-db', 'payments', 'shared-prod', 'kube-system'] },
    },
  ])('$name', ({ options, want }) => {
    expect(summary(options)).toEqual(want);
  });

  it('routes on the full namespace labels handed in, even when metadata-collection filtered them out', () => {
    const filtered = { ...report, namespaces: report.namespaces.map(({ uid, name }) => ({ uid, name })) };
    const routed = routeByAccount(filtered, { ...none, labelKey: 'team', ignoreMissingLabel: true }, { 'kube-system': { team: 'platform' } });
    expect([...routed.keys()]).toEqual(['platform']);
    expect(namesOf(routed.get('platform')!.report)).toEqual(['kube-system']);
  });

  it('an empty label value counts as missing', () => {
    expect(summary({ ...none, labelKey: 'team' }, { payments: { team: '' } })).toEqual({
      admin: ['team-a-web', 'team-a-db', 'payments', 'shared-prod', 'kube-system'],
    });
  });

  it('carries the route credentials, also for an account reached by label', () => {
    const routes = { 'acct-label': { user: 'label-user', password: 'lp', namespaces: ['^$'] }, a: { user: 'a-user', password: 'ap', namespaces: ['team-a'] } };
    const routed = routeByAccount(report, { ...none, routes, labelKey: 'owner' });
    expect(Object.fromEntries([...routed].map(([k, v]) => [k, [v.user, v.password]]))).toEqual({
      a: ['a-user', 'ap'],
      'acct-label': ['label-user', 'lp'],
      admin: [undefined, undefined],
    });
  });

  it('each account report holds only its namespaces, their pods, containers and referenced nodes', () => {
    const routed = routeByAccount(report, { ...none, routes: { a: route('team-a') } });
    const a = routed.get('a')!.report;
    expect(a.pods.map((p) => p.name)).toEqual(['p1', 'p2']);
    expect(a.containers.map((c) => c.pod_uid)).toEqual(['pod-team-a-web-p1', 'pod-team-a-db-p2', 'pod-team-a-db-p2']);
    expect(a.nodes.map((n) => n.name)).toEqual(['n1', 'n2']);
    expect([a.cluster_name, a.timestamp, a.serverVersionMetadata]).toEqual([report.cluster_name, report.timestamp, report.serverVersionMetadata]);
    for (const [, r] of routed) {
      expect(validators.inventory(r.report)).toBe(true);
      expect(referenceProblems(r.report)).toEqual([]);
    }
  });

  it('returns accounts sorted by name', () => {
    const routed = routeByAccount(report, { ...none, routes: { zeta: route('kube'), alpha: route('pay') } });
    expect([...routed.keys()]).toEqual(['admin', 'alpha', 'zeta']);
  });

  it('an invalid route regex is a config error naming the key', () => {
    const options = { ...none, routes: { a: route('ok', '(unclosed') } };
    expect(() => routeByAccount(report, options)).toThrow(ConfigError);
    expect(() => routeByAccount(report, options)).toThrow(/^account-routes\.a\.namespaces\[1\]: expected a regular expression, got "\(unclosed"/);
  });
});
