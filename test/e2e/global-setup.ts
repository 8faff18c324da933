/**
 * vitest globalSetup for the e2e suite: starts ONE real etcd + kube-apiserver, seeds it, hands
 * the connection details to the tests, and stops everything at the end — also when tests fail or
 * are interrupted — then checks that no process was left behind.
 *
 * Extension point for later suites (watch cache, periodic mode): reuse this cluster through
 * `e2eContext()` and `createKubeAdmin()`, and put anything you create, change or delete in your
 * own `scratch-<name>` namespaces (SCRATCH_NAMESPACE_PREFIX), which the seeded-data assertions
 * ignore. Do not modify the seeded objects.
 */
import type { TestProject } from 'vitest/node';
import { isRunning, startCluster } from './cluster.ts';
import { createKubeAdmin } from './kube-admin.ts';
import { seedCluster } from './seed.ts';
import { assertCliBuilt } from './preflight.ts';
import type { E2eContext } from './context.ts';

function log(line: string): void {
  process.stderr.write(`[kai-e2e] ${line}\n`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  assertCliBuilt();
  const cluster = await startCluster({ log });
  try {
    const kube = createKubeAdmin({ server: cluster.server, caPath: cluster.caPath, token: cluster.adminToken });
    const uids = await seedCluster(kube);
    const serverVersion = await kube.request<E2eContext['serverVersion']>('GET', '/version');
    await kube.close();
    const c = cluster;
    const context: E2eContext = {
      cluster: { dir: c.dir, kubeconfigPath: c.kubeconfigPath, server: c.server, caPath: c.caPath, auditLogPath: c.auditLogPath, tokens: c.tokens, pids: c.pids },
      uids,
      serverVersion,
    };
    project.provide('kaiE2e', context);
    log(`cluster started and seeded in ${String(Date.now() - started)} ms`);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return async () => {
    await cluster.stop();
    const left = cluster.pids.filter(isRunning);
    if (left.length > 0) throw new Error(`e2e teardown left processes running: ${left.join(', ')}`);
    log('cluster stopped, nothing left running');
  };
}
