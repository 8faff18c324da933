/**
 * What kai does with the real apiserver's authentication and RBAC: a restricted identity that may
 * only list pods in some namespaces, one that may not list nodes, a rejected token, an untrusted
 * CA, an unknown context and an unreachable server. Exit codes per SPEC: 0 ok, 2 usage, 3 kube.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_CONTEXTS } from './cluster.ts';
import { e2eContext } from './context.ts';
import { expectedImages, expectedInventoryContainers, NAMESPACES_WITH_PODS } from './expected.ts';
import { kaiArgs, parseJsonReport, rowsOf, type InventoryJson } from './helpers.ts';
import { describeRun, runKai, scratchDir, type KaiResult } from './run-kai.ts';
import { RESTRICTED_NAMESPACES } from './seed-data.ts';

const ctx = e2eContext();
const secrets = Object.values(ctx.cluster.tokens);

/**
 * A failure is one error line on stderr (warnings before it are fine), no stack trace, no
 * secret, and nothing on stdout. Returns the error line.
 */
function expectCleanFailure(run: KaiResult, code: number): string {
  expect(run.code, describeRun(run)).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  const errors = run.stderr.split('\n').filter((line) => /^kai: error/.test(line));
  expect(errors, describeRun(run)).toHaveLength(1);
  for (const secret of secrets) expect(run.stderr).not.toContain(secret);
  return errors[0] ?? '';
}

function variantKubeconfig(edit: (text: string) => string): string {
  const path = join(scratchDir(), 'kubeconfig.yaml');
  writeFileSync(path, edit(readFileSync(ctx.cluster.kubeconfigPath, 'utf8')), { mode: 0o600 });
  return path;
}

describe('restricted identity: pods in team-a and team-b only, no namespaces, no nodes', () => {
  it('a cluster-wide run fails with 403 naming the missing permission, exit 3', async () => {
    const run = await runKai(kaiArgs('restricted', '-o', 'json'));
    const error = expectCleanFailure(run, 3);
    expect(error).toMatch(/403 Forbidden/);
    expect(error).toMatch(/cannot list namespaces/);
    expect(error).toMatch(/[Gg]rant "list" on "namespaces"/);
  });

  it('an include list of its permitted namespaces works (json)', async () => {
    const run = await runKai(kaiArgs('restricted', '-o', 'json', ...RESTRICTED_NAMESPACES.flatMap((n) => ['-n', n])));
    expect(run.code, describeRun(run)).toBe(0);
    expect(rowsOf(parseJsonReport(run))).toEqual(expectedImages({ include: [...RESTRICTED_NAMESPACES] }));
  });

  it('an include list of its permitted namespaces works (table)', async () => {
    const run = await runKai(kaiArgs('restricted', '-o', 'table', '-n', 'team-b'));
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toContain('localhost:5000/app');
    expect(run.stdout).not.toContain('team-a');
  });

  it('a namespace it may not read fails the run with exit 3 and names that namespace', async () => {
    const run = await runKai(kaiArgs('restricted', '-o', 'json', '-n', 'team-a', '-n', 'payments'));
    const error = expectCleanFailure(run, 3);
    expect(error).toMatch(/cannot list pods in namespace "payments": 403 Forbidden/);
  });
});

describe('identity that may not list nodes', () => {
  it('-o inventory goes on without nodes, warns on stderr, and keeps everything else', async () => {
    const run = await runKai(kaiArgs('noNodes', '-o', 'inventory'));
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stderr).toMatch(/nodes/i);
    expect(run.stderr).toMatch(/403|forbidden|warn/i);
    const inv = JSON.parse(run.stdout) as InventoryJson;
    expect(inv.nodes).toEqual([]);
    expect(inv.pods.every((p) => p.node_uid === undefined)).toBe(true);
    expect(inv.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining([...NAMESPACES_WITH_PODS]));
    const seededPods = new Set(Object.values(ctx.uids.pods));
    const ids = inv.containers.filter((c) => seededPods.has(c.pod_uid)).map((c) => c.id).sort();
    expect(ids).toEqual(expectedInventoryContainers().map((c) => c.id).sort());
  });

  it('-o json does not need nodes and matches the admin result', async () => {
    const run = await runKai(kaiArgs('noNodes', '-o', 'json'));
    expect(run.code, describeRun(run)).toBe(0);
    expect(rowsOf(parseJsonReport(run))).toEqual(expectedImages());
  });
});

describe('authentication and connection failures against the real server', () => {
  it('a rejected token exits 3 with a 401 message that does not leak the token', async () => {
    const badToken = 'definitely-not-a-valid-token-0123456789';
    const kubeconfig = variantKubeconfig((t) => t.replace(ctx.cluster.tokens.admin, badToken));
    const run = await runKai(['-k', kubeconfig, '--context', E2E_CONTEXTS.admin, '-o', 'json']);
    expectCleanFailure(run, 3);
    expect(run.stderr).toMatch(/401|unauthorized/i);
    expect(run.stderr).not.toContain(badToken);
  });

  it('a server certificate from an untrusted CA exits 3 with a TLS message', async () => {
    const dir = scratchDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=other-ca', '-days', '1',
      '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt')], { stdio: 'pipe' });
    const otherCa = readFileSync(join(dir, 'ca.crt')).toString('base64');
    const kubeconfig = variantKubeconfig((t) => t.replace(/certificate-authority-data: .*/, `certificate-authority-data: ${otherCa}`));
    const run = await runKai(['-k', kubeconfig, '--context', E2E_CONTEXTS.admin, '-o', 'json']);
    expectCleanFailure(run, 3);
    expect(run.stderr).toMatch(/tls|certificate|CA/i);
  });

  it('an unknown --context is a usage error, exit 2', async () => {
    const run = await runKai(['-k', ctx.cluster.kubeconfigPath, '--context', 'no-such-context', '-o', 'json']);
    expectCleanFailure(run, 2);
    expect(run.stderr).toContain('no-such-context');
  });

  it('an unreachable server exits 3 and names it', async () => {
    const kubeconfig = variantKubeconfig((t) => t.replace(ctx.cluster.server, 'https://127.0.0.1:1'));
    const run = await runKai(['-k', kubeconfig, '--context', E2E_CONTEXTS.admin, '-o', 'json', '--request-timeout-seconds', '5']);
    expectCleanFailure(run, 3);
    expect(run.stderr).toContain('127.0.0.1:1');
  });
});
