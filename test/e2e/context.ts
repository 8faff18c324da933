/**
 * What globalSetup hands to every e2e test file: the running cluster (minus its stop function)
 * and the UIDs the seeder got back. Tests read it with `e2eContext()`.
 */
import { inject } from 'vitest';
import type { ClusterInfo } from './cluster.ts';
import type { SeededUids } from './seed.ts';

export interface E2eContext {
  readonly cluster: ClusterInfo;
  readonly uids: SeededUids;
  readonly serverVersion: { readonly gitVersion: string; readonly major: string; readonly minor: string; readonly platform: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    kaiE2e: E2eContext;
  }
}

export function e2eContext(): E2eContext {
  return inject('kaiE2e');
}
