// Adhoc posting against the fake Anchore: per-account results, fallback, retries, CLI lines.
import { afterEach, describe, expect, it } from 'vitest';
import { failedAccountLines, reportOnce } from '../../src/agent/report-once.ts';
import { createAnchoreClient } from '../../src/anchore/client.ts';
import type { RoutingInput } from '../../src/inventory/account-routing.ts';
import { createSilentLogger } from '../../src/log/logger.ts';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import { buildReport, namesOf } from '../anchore/builders.ts';

const report = buildReport(
  [
    { name: 'team-a-web', pods: [{ name: 'p', node: 'n1' }] },
    { name: 'team-a-db', pods: [{ name: 'p', node: 'n2' }] },
    { name: 'ghost-ns', pods: [{ name: 'p', node: 'n1' }] },
    { name: 'broken-ns', pods: [{ name: 'p' }] },
    { name: 'misc', pods: [{ name: 'p' }] },
  ],
  ['n1', 'n2'],
);

const routing: RoutingInput = {
  routes: {
    'team-a': { user: 'alice', password: 'alice-pw', namespaces: ['^team-a'] },
    ghost: { user: 'admin', password: 'foobar', namespaces: ['^ghost'] },
    broken: { user: 'bob', password: 'not-bobs-password', namespaces: ['^broken'] },
  },
  labelKey: '',
  defaultAccount: '',
  ignoreMissingLabel: false,
  defaultAccountFallback: 'admin',
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function post(fake: FakeAnchore, options: { routing?: RoutingInput; namespaces?: number } = {}) {
  const client = createAnchoreClient({ url: fake.url, user: 'admin', password: 'foobar', account: 'admin', insecure: false, timeoutMs: 2_000 }, { log: createSilentLogger() });
  closers.push(() => client.close());
  const sleeps: number[] = [];
  const results = await reportOnce(
    { report },
    {
      anchore: client,
      routing: options.routing ?? routing,
      limits: { namespaces: options.namespaces ?? 0, payloadThresholdBytes: 0 },
      log: createSilentLogger(),
      now: () => new Date(),
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    },
  );
  return { results, sleeps };
}

async function fakeAnchore() {
  const fake = await startFakeAnchore({ accounts: ['admin', 'team-a', 'broken'], users: { admin: 'foobar', alice: 'alice-pw', bob: 'bobs-password' } });
  closers.push(() => fake.close());
  return fake;
}

describe('reportOnce', () => {
  it('posts one report per account with its credentials and returns per-account results', async () => {
    const fake = await fakeAnchore();
    const { results } = await post(fake, { namespaces: 1 });
    expect(results.map((r) => [r.account, r.isOk, r.info.batch_size, r.info.sent_as_user])).toEqual([
      ['admin', true, 1, 'admin'],
      ['broken', false, 1, 'bob'],
      ['ghost', true, 1, 'admin'],
      ['team-a', true, 2, 'alice'],
    ]);
    expect(fake.inventories.map((i) => [i.account, i.user, namesOf(i.body as never).join(',')])).toEqual([
      ['admin', 'admin', 'misc'],
      ['admin', 'admin', 'ghost-ns'],
      ['team-a', 'alice', 'team-a-web'],
      ['team-a', 'alice', 'team-a-db'],
    ]);
    expect(results.find((r) => r.account === 'ghost')?.info.batches[0]?.error).toMatch(/account "ghost" was not found.*sent to account "admin" instead/);
    expect(failedAccountLines(results)).toEqual([
      'account "broken": POST /v2/kubernetes-inventory (account "broken"): Anchore rejected the credentials of user "bob" (401: Unauthorized)',
    ]);
    expect(JSON.stringify(results)).not.toMatch(/alice-pw|not-bobs-password|foobar/);
  });

  it('retries a transient failure and then succeeds', async () => {
    const fake = await fakeAnchore();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 503, times: 2 });
    const none = { ...routing, routes: {} };
    const { results, sleeps } = await post(fake, { routing: none });
    expect(results.map((r) => [r.account, r.isOk])).toEqual([['admin', true]]);
    expect(sleeps).toEqual([1_000, 2_000]);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('gives up after the last attempt and reports the server message', async () => {
    const fake = await fakeAnchore();
    fake.inject({ path: '/v2/kubernetes-inventory', status: 500, times: 10, body: JSON.stringify({ message: 'db down' }) });
    const { results } = await post(fake, { routing: { ...routing, routes: {} } });
    expect(failedAccountLines(results)).toEqual(['account "admin": POST /v2/kubernetes-inventory (account "admin"): Anchore answered 500: db down']);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
  });
});
