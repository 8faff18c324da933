/**
 * The Kubernetes fault scenarios: what is injected into the fake API server, and what kai must
 * do. Data only (no vitest), so docs/reliability.md's table is generated from this same list.
 */
import type { FakeKubeApi } from '../fakes/kube-api.ts';
import { namespaceName, pick, podsPath, seededRandom, SMALL_CLUSTER } from './support.ts';

export type KubeOutcome =
  /** stdout equals the fault-free run of the same command (timestamp aside), exit 0. */
  | { readonly complete: true; readonly retried?: string | RegExp; readonly warns?: RegExp }
  /** exit 3, nothing on stdout, one line on stderr matching `reason`. */
  | { readonly complete: false; readonly reason: RegExp };

export interface KubeScenario {
  readonly name: string;
  /** The fault, in the words of docs/reliability.md. */
  readonly fault: string;
  readonly outcome: KubeOutcome;
  /** Extra CLI arguments (both for this run and its fault-free baseline). */
  readonly args?: readonly string[];
  /** `-o` of the run; json unless told. */
  readonly output?: 'json' | 'inventory';
  /**
   * Where the kubeconfig points: the fake (default), a closed port, a host that does not resolve,
   * or the fake serving HTTPS with a certificate the kubeconfig does not trust.
   */
  readonly server?: 'fake' | 'refused' | 'dns' | 'untrusted-tls';
  /** Report `complete` against this transformation of the baseline (e.g. nodes removed). */
  readonly expect?: (baseline: Record<string, unknown>) => Record<string, unknown>;
  readonly inject?: (fake: FakeKubeApi) => void;
}

const ALL_NAMESPACES = Array.from({ length: SMALL_CLUSTER.namespaces }, (_, i) => namespaceName(i));
const ALL_PATHS = ['/version', '/api/v1/namespaces', '/api/v1/nodes', ...ALL_NAMESPACES.map(podsPath)];
const TRANSIENT = [500, 503, 429] as const;

/**
 * Transient failures on a seeded random third of all paths, one or two times each (kai retries up
 * to 5 attempts), some with `Retry-After: 0`, on first pages or continue pages.
 */
function randomTransientFaults(seed: number): (fake: FakeKubeApi) => void {
  return (fake) => {
    const random = seededRandom(seed);
    for (const path of ALL_PATHS) {
      if (random() > 0.35) continue;
      const status = pick(random, TRANSIENT);
      const retryAfter = random() < 0.3 ? { retryAfter: '0' } : {};
      const hasContinue = path.endsWith('/pods') && random() < 0.5 ? { hasContinue: true } : {};
      fake.inject({ path, status, times: 1 + Math.floor(random() * 2), ...retryAfter, ...hasContinue });
    }
  };
}

const withoutNodes = (baseline: Record<string, unknown>): Record<string, unknown> => {
  const pods = baseline['pods'] as Record<string, unknown>[];
  return {
    ...baseline,
    nodes: [],
    pods: pods.map((pod) => Object.fromEntries(Object.entries(pod).filter(([key]) => key !== 'node_uid'))),
  };
};

const NS3 = podsPath('ns-03');
const NS5 = podsPath('ns-05');

export const KUBE_SCENARIOS: readonly KubeScenario[] = [
  { name: 'random 500/503/429, seed 1', fault: '500, 503 or 429 once or twice on a random third of the requests', inject: randomTransientFaults(1), outcome: { complete: true } },
  { name: 'random 500/503/429, seed 2', fault: 'the same with another seed', inject: randomTransientFaults(2), outcome: { complete: true } },
  { name: 'random 500/503/429, seed 3, -o inventory', fault: 'the same, inventory shape', output: 'inventory', inject: randomTransientFaults(3), outcome: { complete: true } },
  {
    name: '429 with Retry-After: 1 on the namespace list',
    fault: '429 Too Many Requests with Retry-After: 1',
    inject: (fake) => { fake.inject({ path: '/api/v1/namespaces', status: 429, retryAfter: '1', times: 1 }); },
    outcome: { complete: true, retried: '/api/v1/namespaces' },
  },
  {
    name: '503 without Retry-After, three times on one namespace',
    fault: '503 three times in a row on one pod list (backoff 250 ms doubling)',
    inject: (fake) => { fake.inject({ path: NS3, status: 503, times: 3 }); },
    outcome: { complete: true, retried: NS3 },
  },
  {
    name: '503 on every attempt for one namespace',
    fault: '503 that never clears on one pod list',
    inject: (fake) => { fake.inject({ path: NS3, status: 503 }); },
    outcome: { complete: false, reason: /list pods in namespace "ns-03": 503 Service Unavailable.*gave up after 5 attempts/ },
  },
  {
    name: '500 on every attempt for /version',
    fault: '500 that never clears on GET /version',
    inject: (fake) => { fake.inject({ path: '/version', status: 500 }); },
    outcome: { complete: false, reason: /version.*500 Internal Server Error/ },
  },
  {
    name: '410 in the middle of a paginated pod list',
    fault: '410 Expired on a continue page of one namespace (once)',
    inject: (fake) => { fake.inject({ path: NS5, hasContinue: true, status: 410, times: 1 }); },
    outcome: { complete: true, retried: NS5 },
  },
  {
    name: '410 in the middle of the namespace list',
    fault: '410 Expired on a continue page of the namespace list (once)',
    inject: (fake) => { fake.inject({ path: '/api/v1/namespaces', hasContinue: true, status: 410, times: 1 }); },
    outcome: { complete: true, retried: '/api/v1/namespaces' },
  },
  {
    name: '410 on every continue page of one namespace',
    fault: 'every continue token of one pod list has expired',
    inject: (fake) => { fake.inject({ path: NS5, hasContinue: true, status: 410 }); },
    outcome: { complete: false, reason: /list pods in namespace "ns-05": 410 Gone/ },
  },
  {
    name: 'hang past --request-timeout-seconds 1 on one namespace',
    fault: 'a pod list that never answers',
    inject: (fake) => { fake.inject({ path: NS3, hang: true, times: 1 }); },
    outcome: { complete: false, reason: /list pods in namespace "ns-03": no answer from http:\/\/127\.0\.0\.1:\d+ within 1 s/ },
  },
  {
    name: 'hang on the node list',
    fault: 'the node list never answers',
    inject: (fake) => { fake.inject({ path: '/api/v1/nodes', hang: true, times: 1 }); },
    outcome: { complete: false, reason: /list nodes: no answer .* within 1 s/ },
  },
  {
    name: 'slow answers under the timeout',
    fault: '300 ms latency on every pod list (timeout 1 s)',
    inject: (fake) => { for (const ns of ALL_NAMESPACES) fake.inject({ path: podsPath(ns), latencyMs: 300, times: 1 }); },
    outcome: { complete: true },
  },
  {
    name: 'connection reset mid-body, twice',
    fault: 'headers and half the body, then the socket is destroyed (two attempts)',
    inject: (fake) => { fake.inject({ path: NS3, resetMidBody: true, times: 2 }); },
    outcome: { complete: true, retried: NS3 },
  },
  {
    name: 'connection reset mid-body on every attempt',
    fault: 'every answer of one pod list is cut by a reset',
    inject: (fake) => { fake.inject({ path: NS3, resetMidBody: true }); },
    outcome: { complete: false, reason: /list pods in namespace "ns-03": connection to .* failed.*gave up after 5 attempts/ },
  },
  {
    name: 'truncated JSON once on every namespace',
    fault: 'a complete HTTP answer whose JSON body is cut in half, once per pod list',
    inject: (fake) => { for (const ns of ALL_NAMESPACES) fake.inject({ path: podsPath(ns), truncate: true, times: 1 }); },
    outcome: { complete: true, retried: NS5 },
  },
  {
    name: 'truncated JSON on every attempt',
    fault: 'the namespace list is always cut in half',
    inject: (fake) => { fake.inject({ path: '/api/v1/namespaces', truncate: true }); },
    outcome: { complete: false, reason: /list namespaces: .* sent an invalid JSON body/ },
  },
  {
    name: 'valid JSON that is not a list',
    fault: 'a 200 whose body is a Status object, not a list',
    inject: (fake) => { fake.inject({ path: NS3, status: 200 }); },
    outcome: { complete: false, reason: /list \/api\/v1\/namespaces\/ns-03\/pods: the answer is not a Kubernetes list/ },
  },
  {
    name: '401 once (expired token)',
    fault: 'one 401 Unauthorized, then the token is accepted again',
    inject: (fake) => { fake.inject({ path: '/api/v1/namespaces', status: 401, times: 1 }); },
    outcome: { complete: true, retried: '/api/v1/namespaces' },
  },
  {
    name: '401 on every request',
    fault: 'the token is rejected for good',
    inject: (fake) => { fake.inject({ status: 401 }); },
    outcome: { complete: false, reason: /credentials rejected by http:\/\/127\.0\.0\.1:\d+ \(401 Unauthorized\)\. The token or client certificate/ },
  },
  {
    name: '403 on one namespace, cluster-wide pod list allowed',
    fault: '403 on one namespace\'s pods; the identity may list pods cluster-wide',
    inject: (fake) => { fake.inject({ path: NS5, status: 403 }); },
    outcome: { complete: true },
  },
  {
    name: '403 on one namespace and on the cluster-wide pod list',
    fault: '403 on one namespace\'s pods and on /api/v1/pods',
    inject: (fake) => {
      fake.inject({ path: NS5, status: 403 });
      fake.inject({ path: '/api/v1/pods', status: 403 });
    },
    outcome: { complete: false, reason: /list pods in namespace "ns-05": 403 Forbidden.*Grant "list" on "pods"/ },
  },
  {
    name: '403 on the namespace list',
    fault: '403 on listing namespaces, no -n given',
    inject: (fake) => { fake.inject({ path: '/api/v1/namespaces', status: 403 }); },
    outcome: { complete: false, reason: /list namespaces: 403 Forbidden.*-n\/--namespace/ },
  },
  {
    name: '403 on the namespace list with -n',
    fault: '403 on listing namespaces; the namespaces are named with -n',
    args: ['-n', 'ns-01', '-n', 'ns-07'],
    inject: (fake) => { fake.inject({ path: '/api/v1/namespaces', status: 403 }); },
    outcome: { complete: true, warns: /cannot list namespaces/ },
  },
  {
    name: '403 on nodes, -o inventory',
    fault: '403 on listing nodes',
    output: 'inventory',
    inject: (fake) => { fake.inject({ path: '/api/v1/nodes', status: 403 }); },
    expect: withoutNodes,
    outcome: { complete: true, warns: /cannot list nodes: the report goes on without nodes/ },
  },
  {
    name: 'connection refused',
    fault: 'nothing listens at the server address',
    server: 'refused',
    outcome: { complete: false, reason: /connection to http:\/\/127\.0\.0\.1:\d+ failed \(ECONNREFUSED.*Nothing accepts connections/ },
  },
  {
    name: 'TLS certificate not trusted',
    fault: 'HTTPS with a self-signed certificate; the kubeconfig has no CA for it (verification is on by default)',
    server: 'untrusted-tls',
    outcome: { complete: false, reason: /connection to https:\/\/127\.0\.0\.1:\d+ failed \(DEPTH_ZERO_SELF_SIGNED_CERT.*TLS verification of https:\/\/127\.0\.0\.1:\d+ failed/ },
  },
  {
    name: 'DNS failure',
    fault: 'the server host does not resolve (kube.invalid)',
    server: 'dns',
    outcome: { complete: false, reason: /connection to https:\/\/kube\.invalid:6443 failed \((ENOTFOUND|EAI_AGAIN).*does not resolve/ },
  },
];
