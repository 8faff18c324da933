import { defineConfig } from 'vitest/config';

// End-to-end suite against a real kube-apiserver + etcd (test/e2e/global-setup.ts starts one
// cluster for the whole run). Needs `bash scripts/e2e/install.sh` once and `npm run build`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
