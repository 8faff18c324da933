/**
 * Shared pieces of the fault suite: a small seeded cluster on the fake API, kubeconfig files,
 * a seeded PRNG, and comparisons of reports with their timestamps removed.
 */
import { writeKubeconfigFile } from '../helpers/kubeconfig.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';

export interface SmallCluster {
  readonly namespaces: number;
  readonly podsPerNamespace: number;
  readonly nodes: number;
  readonly seed: number;
}

export const SMALL_CLUSTER: SmallCluster = { namespaces: 12, podsPerNamespace: 8, nodes: 2, seed: 11 };

export const namespaceName = (i: number): string => `ns-${String(i).padStart(2, '0')}`;
export const podsPath = (namespace: string): string => `/api/v1/namespaces/${namespace}/pods`;

export async function startSmallCluster(shape: SmallCluster = SMALL_CLUSTER, options: { tls?: boolean } = {}): Promise<FakeKubeApi> {
  const fake = await startFakeKubeApi({ seed: shape.seed, tls: options.tls === true });
  for (let i = 0; i < shape.namespaces; i += 1) fake.state.addNamespace(namespaceName(i), { podCount: shape.podsPerNamespace });
  for (let i = 0; i < shape.nodes; i += 1) fake.state.addNode(`node-${String(i)}`);
  return fake;
}

/** A kubeconfig with one context `fake` pointing at `server` with a bearer token. */
export function writeKubeconfig(dir: string, options: { server: string; token: string; name?: string }): string {
  return writeKubeconfigFile(dir, [{ name: 'fake', url: options.server, token: options.token }], options.name);
}

/** The fake API's PRNG, so "random" faults are the same on every run. */
export { createRandom as seededRandom } from '../fakes/pod-factory.ts';

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A report with its run-dependent `timestamp` removed, for equality with a fault-free run. */
export function withoutTimestamp(stdout: string): unknown {
  const report = JSON.parse(stdout) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(report).filter(([key]) => key !== 'timestamp'));
}

/** stderr of a failed run holds exactly one line: `kai: error: <what failed>. <What to do>.` */
export const ONE_LINE_ERROR = /^kai: error: [^\n]+\n$/;
