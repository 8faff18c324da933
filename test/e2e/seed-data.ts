/**
 * The realistic cluster the e2e suite seeds: what is created, declared as data so tests can
 * compute the expected reports from it (see expected.ts). Covers tagged, digest-only,
 * registry-with-port, `localhost:5000/app` and `app:5000` references, init and multi-container
 * pods, every pod phase, `docker-pullable://`, containerd-style and digest-less imageIDs, missing
 * statuses, and pods on a node that does not exist.
 */
import { createHash } from 'node:crypto';

/** A deterministic sha256 digest per name, so tests can spell expected digests. */
export function digestOf(name: string): string {
  return `sha256:${createHash('sha256').update(name).digest('hex')}`;
}

function hexOf(name: string): string {
  return createHash('sha256').update(`container:${name}`).digest('hex');
}

export const POD_PHASES = ['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'] as const;
export type PodPhase = (typeof POD_PHASES)[number];

export interface SeedContainerStatus {
  readonly imageID: string;
  /** absent = container not started (waiting): no containerID */
  readonly containerID?: string;
}

export interface SeedContainer {
  readonly name: string;
  readonly kind: 'init' | 'regular';
  /** spec image */
  readonly image: string;
  /** status entry; absent = the pod has no status for this container */
  readonly status?: SeedContainerStatus;
}

export interface SeedPod {
  readonly namespace: string;
  readonly name: string;
  readonly phase: PodPhase;
  readonly nodeName?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly containers: readonly SeedContainer[];
}

export interface SeedNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** false for namespaces the apiserver creates itself (kube-system, default, …) */
  readonly create: boolean;
}

export interface SeedNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeInfo: {
    readonly architecture: string;
    readonly containerRuntimeVersion: string;
    readonly kernelVersion: string;
    readonly kubeletVersion: string;
    readonly operatingSystem: string;
    readonly osImage: string;
  };
}

export const SEED_NAMESPACES: readonly SeedNamespace[] = [
  { name: 'team-a', labels: { team: 'a', env: 'prod' }, annotations: { 'owner.example.com/contact': 'alice' }, create: true },
  { name: 'team-b', labels: { team: 'b', env: 'staging' }, create: true },
  { name: 'payments', labels: { team: 'payments', 'compliance.example.com/pci': 'true' }, create: true },
  { name: 'monitoring', labels: { team: 'platform' }, create: true },
  { name: 'big', labels: { purpose: 'pagination' }, create: true },
  { name: 'empty', labels: { purpose: 'ignore-empty' }, create: true },
  { name: 'kube-system', labels: {}, create: false },
];

/** Namespaces the restricted identity may list pods in (Role + RoleBinding in each). */
export const RESTRICTED_NAMESPACES = ['team-a', 'team-b'] as const;

export const SEED_NODES: readonly SeedNode[] = [
  {
    name: 'node-1',
    labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' },
    nodeInfo: {
      architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.2', kernelVersion: '6.1.0-13-amd64',
      kubeletVersion: 'v1.20.2', operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)',
    },
  },
  {
    name: 'node-2',
    labels: { 'kubernetes.io/arch': 'arm64', 'kubernetes.io/os': 'linux' },
    nodeInfo: {
      architecture: 'arm64', containerRuntimeVersion: 'docker://24.0.7', kernelVersion: '5.15.0-1049-aws',
      kubeletVersion: 'v1.20.2', operatingSystem: 'linux', osImage: 'Ubuntu 22.04.3 LTS',
    },
  },
];

const run = (name: string, imageID: string): SeedContainerStatus => ({ imageID, containerID: `containerd://${hexOf(name)}` });
const dockerRun = (name: string, imageID: string): SeedContainerStatus => ({ imageID, containerID: `docker://${hexOf(name)}` });

const NGINX = 'nginx:1.25.3';

function bigPods(): SeedPod[] {
  return Array.from({ length: 9 }, (_, i) => ({
    namespace: 'big',
    name: `big-${String(i)}`,
    phase: 'Running' as const,
    nodeName: i % 2 === 0 ? 'node-1' : 'node-2',
    labels: { app: 'big', shard: String(i) },
    containers: [{
      name: 'app', kind: 'regular' as const, image: `registry.example.com/big/app:v${String(i)}`,
      status: run(`big-${String(i)}`, `registry.example.com/big/app@${digestOf(`big-app-${String(i)}`)}`),
    }],
  }));
}

export const SEED_PODS: readonly SeedPod[] = [
  {
    namespace: 'team-a', name: 'web-1', phase: 'Running', nodeName: 'node-1',
    labels: { app: 'web', tier: 'frontend' }, annotations: { 'prometheus.io/scrape': 'true' },
    containers: [
      { name: 'init-config', kind: 'init', image: 'busybox:1.36', status: run('web-1/init', `docker.io/library/busybox@${digestOf('busybox-1.36')}`) },
      { name: 'nginx', kind: 'regular', image: NGINX, status: dockerRun('web-1/nginx', `docker-pullable://nginx@${digestOf('nginx')}`) },
      { name: 'envoy', kind: 'regular', image: 'registry.example.com:5000/team/envoy:v1.28.0', status: run('web-1/envoy', `registry.example.com:5000/team/envoy@${digestOf('envoy')}`) },
    ],
  },
  {
    namespace: 'team-a', name: 'web-2', phase: 'Running', nodeName: 'node-2', labels: { app: 'web' },
    containers: [{ name: 'nginx', kind: 'regular', image: NGINX, status: dockerRun('web-2/nginx', `docker-pullable://nginx@${digestOf('nginx')}`) }],
  },
  {
    namespace: 'team-a', name: 'api-1', phase: 'Running', nodeName: 'node-1', labels: { app: 'api' },
    containers: [{ name: 'api', kind: 'regular', image: `quay.io/acme/api@${digestOf('api')}`, status: run('api-1', `quay.io/acme/api@${digestOf('api')}`) }],
  },
  {
    namespace: 'team-a', name: 'migrate-job', phase: 'Succeeded', nodeName: 'node-1', labels: { job: 'migrate' },
    containers: [{ name: 'migrate', kind: 'regular', image: 'alpine:3.19', status: run('migrate', `docker.io/library/alpine@${digestOf('alpine')}`) }],
  },
  {
    namespace: 'team-a', name: 'cache-pending', phase: 'Pending', labels: { app: 'cache' },
    containers: [{ name: 'redis', kind: 'regular', image: 'redis:7.2' }],
  },
  {
    namespace: 'team-b', name: 'app-1', phase: 'Running', nodeName: 'node-2', labels: { app: 'local' },
    containers: [{ name: 'app', kind: 'regular', image: 'localhost:5000/app', status: run('app-1', `localhost:5000/app@${digestOf('local-app')}`) }],
  },
  {
    namespace: 'team-b', name: 'app-2', phase: 'Running', nodeName: 'node-2', labels: { app: 'port-tag' },
    containers: [{ name: 'app', kind: 'regular', image: 'app:5000', status: dockerRun('app-2', `docker://${digestOf('app-5000-config')}`) }],
  },
  {
    namespace: 'team-b', name: 'worker-failed', phase: 'Failed', nodeName: 'node-1', labels: { app: 'worker' },
    containers: [{ name: 'worker', kind: 'regular', image: 'python:3.12-slim', status: dockerRun('worker-failed', `docker-pullable://python@${digestOf('python')}`) }],
  },
  {
    namespace: 'team-b', name: 'lost-unknown', phase: 'Unknown', nodeName: 'node-2', labels: { app: 'lost' },
    containers: [{ name: 'lost', kind: 'regular', image: 'ghcr.io/acme/worker:2.0', status: run('lost', `ghcr.io/acme/worker@${digestOf('ghcr-worker')}`) }],
  },
  {
    namespace: 'payments', name: 'checkout-1', phase: 'Running', nodeName: 'node-1',
    labels: { app: 'checkout', 'app.kubernetes.io/version': '3.4.1' }, annotations: { 'checksum/config': 'abc123' },
    containers: [
      { name: 'migrate', kind: 'init', image: 'registry.example.com:5000/tools/migrate:v12', status: run('checkout-1/migrate', `registry.example.com:5000/tools/migrate@${digestOf('migrate-v12')}`) },
      { name: 'checkout', kind: 'regular', image: 'gcr.io/acme/checkout:3.4.1', status: run('checkout-1/checkout', `gcr.io/acme/checkout@${digestOf('checkout')}`) },
      { name: 'shell', kind: 'regular', image: 'busybox', status: dockerRun('checkout-1/shell', `docker-pullable://busybox@${digestOf('busybox-latest')}`) },
      { name: 'proxy', kind: 'regular', image: `${NGINX}@${digestOf('nginx')}`, status: run('checkout-1/proxy', `docker.io/library/nginx@${digestOf('nginx')}`) },
      { name: 'audit', kind: 'regular', image: 'gcr.io/acme/audit-logger:0.9', status: { imageID: '' } },
    ],
  },
  {
    namespace: 'monitoring', name: 'node-exporter-abcde', phase: 'Running', nodeName: 'node-1', labels: { app: 'node-exporter' },
    containers: [{
      name: 'node-exporter', kind: 'regular', image: `quay.io/prometheus/node-exporter@${digestOf('node-exporter')}`,
      status: dockerRun('node-exporter', `docker-pullable://quay.io/prometheus/node-exporter@${digestOf('node-exporter')}`),
    }],
  },
  {
    // bound to a node that does not exist: the inventory must drop its node_uid
    namespace: 'monitoring', name: 'prometheus-0', phase: 'Running', nodeName: 'node-gone', labels: { app: 'prometheus' },
    containers: [{ name: 'prometheus', kind: 'regular', image: 'prom/prometheus:v2.48.0', status: run('prometheus-0', `docker.io/prom/prometheus@${digestOf('prometheus')}`) }],
  },
  {
    namespace: 'kube-system', name: 'coredns-5d78c9869d-x7k2p', phase: 'Running', nodeName: 'node-1', labels: { 'k8s-app': 'kube-dns' },
    containers: [{ name: 'coredns', kind: 'regular', image: 'registry.k8s.io/coredns/coredns:v1.11.1', status: run('coredns', `registry.k8s.io/coredns/coredns@${digestOf('coredns')}`) }],
  },
  {
    namespace: 'kube-system', name: 'kube-proxy-node-2', phase: 'Running', nodeName: 'node-2', labels: { 'k8s-app': 'kube-proxy' },
    containers: [{ name: 'kube-proxy', kind: 'regular', image: 'registry.k8s.io/kube-proxy:v1.20.2', status: dockerRun('kube-proxy', `docker-pullable://registry.k8s.io/kube-proxy@${digestOf('kube-proxy')}`) }],
  },
  ...bigPods(),
];

/**
 * Name prefix reserved for tests that add, change or delete objects (watch cache, periodic mode):
 * their namespaces (and nodes, if they need any) start with it. The seeded-data assertions ignore
 * such names, so those tests can run in any order against the same cluster. Namespaces cannot be deleted here (no controller-manager
 * runs their finalizers): create a fresh `scratch-<test>` namespace instead.
 */
export const SCRATCH_NAMESPACE_PREFIX = 'scratch-';
