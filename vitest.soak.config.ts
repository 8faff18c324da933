import { defineConfig } from 'vitest/config';

// Soak run (npm run soak), off by default: the periodic agent against the fakes with random faults
// for SOAK_SECONDS (default 120). Its files are *.soak.ts, so the default include never runs them.
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.ts'],
    globalSetup: ['test/helpers/global-build.ts'],
    testTimeout: 900_000,
    pool: 'forks',
  },
});
