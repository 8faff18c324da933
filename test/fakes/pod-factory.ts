/**
 * Realistic, deterministic Kubernetes objects for the fake API server and the benchmark: pods of
 * about 3–4 KB of JSON each (managedFields, several containers, init containers, statuses, probes),
 * namespaces and nodes. The same (seed, namespace, index) always gives the same pod, so a fake can
 * serve 150k pods by generating each page on demand instead of holding every object.
 */
import { createHash } from 'node:crypto';

export type RawObject = Record<string, unknown>;

/** mulberry32: small, fast, good enough for picking test data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable UUID-shaped id derived from text. */
export function uidFor(text: string): string {
  const h = sha256Hex(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Image references of the kinds real clusters hold, including the tricky ones SPEC section 4 covers. */
export const IMAGE_POOL: readonly string[] = [
  'nginx:1.25.3',
  'docker.io/library/redis:7.2.4',
  'registry.k8s.io/coredns/coredns:v1.11.1',
  'quay.io/prometheus/node-exporter:v1.7.0',
  'ghcr.io/example/api-server:2.14.0',
  'myregistry.example.com:5443/payments/ledger:3.2.1',
  'localhost:5000/app',
  'busybox',
  'gcr.io/distroless/static@sha256:0d6ada5faececed5cd3f99baa08e4109934f2371c0d81b3bff38924fe1deea05',
  'public.ecr.aws/docker/library/postgres:16.1',
  'mcr.microsoft.com/dotnet/aspnet:8.0',
  'app:5000',
];

const SIDECARS: readonly string[] = ['envoyproxy/envoy:v1.29.1', 'fluent/fluent-bit:2.2.2', 'otel/opentelemetry-collector:0.93.0'];
const INIT_IMAGES: readonly string[] = ['busybox:1.36', 'alpine/git:2.43.0', 'registry.example.org/tools/migrate:1.4'];
const TEAMS = ['payments', 'search', 'platform', 'data', 'web'] as const;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function repoOf(image: string): string {
  const noDigest = image.split('@')[0] ?? image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** What a container runtime reports as imageID for an image. */
export function imageIdFor(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return `docker-pullable://${image}`;
  return `docker-pullable://${repoOf(image)}@sha256:${sha256Hex(image)}`;
}

function managedFields(names: readonly string[], time: string): RawObject[] {
  const containers: RawObject = {};
  for (const name of names) {
    containers[`k:{"name":"${name}"}`] = {
      '.': {},
      'f:image': {},
      'f:imagePullPolicy': {},
      'f:name': {},
      'f:resources': {},
      'f:terminationMessagePath': {},
      'f:terminationMessagePolicy': {},
    };
  }
  return [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} }, 'f:ownerReferences': {} },
        'f:spec': { 'f:containers': containers, 'f:dnsPolicy': {}, 'f:enableServiceLinks': {}, 'f:restartPolicy': {} },
      },
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:phase': {}, 'f:podIP': {}, 'f:startTime': {} } },
      subresource: 'status',
    },
  ];
}

function containerSpec(name: string, image: string, random: () => number): RawObject {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    resources: { requests: { cpu: '100m', memory: `${64 + Math.floor(random() * 8) * 64}Mi` } },
    volumeMounts: [{ name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function containerStatus(args: { name: string; image: string; podId: string; isStarted: boolean; time: string }): RawObject {
  const { name, image, podId, isStarted, time } = args;
  return {
    name,
    image,
    imageID: isStarted ? imageIdFor(image) : '',
    ...(isStarted ? { containerID: `containerd://${sha256Hex(`${podId}/${name}`)}` } : {}),
    ready: isStarted,
    restartCount: 0,
    started: isStarted,
    state: isStarted ? { running: { startedAt: time } } : { waiting: { reason: 'ContainerCreating' } },
    lastState: {},
  };
}

export interface PodSpecArgs {
  readonly seed: number;
  readonly namespace: string;
  readonly index: number;
  /** Nodes to schedule on; the pod picks one deterministically. */
  readonly nodeNames?: readonly string[];
  readonly resourceVersion?: string;
}

/** The deterministic name of pod `index` in `namespace`. */
export function podNameFor(seed: number, namespace: string, index: number): string {
  const random = createRandom(hashString(`${seed}/${namespace}/${index}`));
  const workload = `${pick(TEAMS, random)}-${pick(['api', 'worker', 'web', 'cron', 'db'], random)}`;
  const hash = Math.floor(random() * 0xffffff).toString(36);
  return `${workload}-${hash}-${index.toString(36).padStart(5, '0')}`;
}

interface PodShape {
  readonly phase: string;
  readonly time: string;
  readonly names: readonly string[];
  readonly images: readonly string[];
  readonly initImage: string | undefined;
  readonly nodeName: string | undefined;
}

function choosePodShape(random: () => number, nodeNames: readonly string[]): PodShape {
  const phase = choosePhase(random);
  const time = `2024-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}T0${Math.floor(random() * 9)}:12:34Z`;
  const names = ['app', ...(random() < 0.4 ? ['proxy'] : []), ...(random() < 0.15 ? ['logs'] : [])];
  const images = names.map((n) => (n === 'app' ? pick(IMAGE_POOL, random) : pick(SIDECARS, random)));
  const initImage = random() < 0.4 ? pick(INIT_IMAGES, random) : undefined;
  const nodeName = nodeNames.length > 0 && phase !== 'Pending' ? pick(nodeNames, random) : undefined;
  return { phase, time, names, images, initImage, nodeName };
}

function choosePhase(random: () => number): string {
  const roll = random();
  if (roll < 0.9) return 'Running';
  if (roll < 0.95) return 'Pending';
  return roll < 0.98 ? 'Succeeded' : 'Failed';
}

/** A realistic pod (3–4 KB of JSON) for `(seed, namespace, index)`. */
export function makePod(args: PodSpecArgs): RawObject {
  const { seed, namespace, index } = args;
  const random = createRandom(hashString(`${seed}/${namespace}/${index}/pod`));
  const name = podNameFor(seed, namespace, index);
  const uid = uidFor(`pod/${namespace}/${name}`);
  const { phase, time, names, images, initImage, nodeName } = choosePodShape(random, args.nodeNames ?? []);
  const workload = name.split('-').slice(0, 3).join('-');
  const isStarted = phase !== 'Pending';
  return {
    metadata: {
      name,
      generateName: `${workload}-`,
      namespace,
      uid,
      resourceVersion: args.resourceVersion ?? '1',
      creationTimestamp: time,
      labels: { app: workload, 'pod-template-hash': name.split('-')[2] ?? '', team: name.split('-')[0] ?? '' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': time, 'prometheus.io/scrape': random() < 0.5 ? 'true' : 'false' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: workload, uid: uidFor(`rs/${namespace}/${workload}`), controller: true, blockOwnerDeletion: true }],
      managedFields: managedFields(names, time),
    },
    spec: {
      volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }], defaultMode: 420 } }],
      ...(initImage === undefined ? {} : { initContainers: [containerSpec('init', initImage, random)] }),
      containers: names.map((n, i) => containerSpec(n, images[i] ?? 'busybox', random)),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      ...(nodeName === undefined ? {} : { nodeName }),
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: isStarted ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: time })),
      hostIP: '10.0.0.7',
      podIP: isStarted ? `10.244.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}` : undefined,
      startTime: time,
      ...(initImage === undefined ? {} : { initContainerStatuses: [containerStatus({ name: 'init', image: initImage, podId: uid, isStarted, time })] }),
      containerStatuses: names.map((n, i) => containerStatus({ name: n, image: images[i] ?? 'busybox', podId: uid, isStarted, time })),
      qosClass: 'Burstable',
    },
  };
}

export function makeNamespace(name: string, labels: Readonly<Record<string, string>> = {}): RawObject {
  return {
    metadata: {
      name,
      uid: uidFor(`ns/${name}`),
      resourceVersion: '1',
      creationTimestamp: '2024-01-01T00:00:00Z',
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      annotations: { 'owner.example.com/team': 'platform' },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function makeNode(name: string, index = 0): RawObject {
  return {
    metadata: {
      name,
      uid: uidFor(`node/${name}`),
      resourceVersion: '1',
      labels: { 'kubernetes.io/arch': index % 4 === 3 ? 'arm64' : 'amd64', 'kubernetes.io/hostname': name, 'node.kubernetes.io/instance-type': 'm5.xlarge' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    status: {
      nodeInfo: {
        architecture: index % 4 === 3 ? 'arm64' : 'amd64',
        containerRuntimeVersion: 'containerd://1.7.11',
        kernelVersion: '6.1.0-17-cloud-amd64',
        kubeletVersion: 'v1.29.1',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
      },
    },
  };
}
