/**
 * Starts the e2e cluster by hand, seeded, for exploring kai against it:
 *
 *   node test/e2e/dev-cluster.ts
 *   node bin/kai.js -k <printed kubeconfig> --context admin|restricted|no-nodes -o table
 *
 * Ctrl-C (or SIGTERM) stops etcd and kube-apiserver and removes the temp directory.
 */
import { startCluster } from './cluster.ts';
import { createKubeAdmin } from './kube-admin.ts';
import { seedCluster } from './seed.ts';

const log = (line: string): void => {
  process.stderr.write(`[kai-e2e] ${line}\n`);
};
const cluster = await startCluster({ log });
const kube = createKubeAdmin({ server: cluster.server, caPath: cluster.caPath, token: cluster.adminToken });
try {
  await seedCluster(kube);
} finally {
  await kube.close();
}
log(`seeded; try: node bin/kai.js -k ${cluster.kubeconfigPath} --context admin -o table`);
log(`audit log: ${cluster.auditLogPath}; Ctrl-C to stop`);
const stop = (): void => {
  void cluster.stop().then(() => {
    log('stopped');
    process.exit(0);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
