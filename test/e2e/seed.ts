/**
 * Seeds the e2e cluster with SEED_NAMESPACES, SEED_NODES and SEED_PODS (statuses through the
 * `status` subresource, as a kubelet would) and the RBAC of the restricted identities. Returns the
 * UIDs the apiserver assigned, so tests can check the inventory's cross references.
 */
import { E2E_USERS } from './cluster.ts';
import type { KubeAdmin } from './kube-admin.ts';
import {
  RESTRICTED_NAMESPACES, SCRATCH_NAMESPACE_PREFIX, SEED_NAMESPACES, SEED_NODES, SEED_PODS,
  type SeedContainer, type SeedNode, type SeedPod,
} from './seed-data.ts';

/** UIDs by name: namespaces by name, nodes by name, pods by `namespace/name`. */
export interface SeededUids {
  readonly namespaces: Readonly<Record<string, string>>;
  readonly nodes: Readonly<Record<string, string>>;
  readonly pods: Readonly<Record<string, string>>;
}

interface Meta {
  readonly metadata: { readonly uid: string; readonly name: string };
}

const STARTED_AT = '2024-05-01T10:00:00Z';
const FINISHED_AT = '2024-05-01T10:00:05Z';

async function seedNamespaces(kube: KubeAdmin): Promise<Record<string, string>> {
  const uids: Record<string, string> = {};
  for (const ns of SEED_NAMESPACES) {
    const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels, annotations: ns.annotations ?? {} } };
    const created = ns.create
      ? await kube.create<Meta>('/api/v1/namespaces', body)
      : await kube.request<Meta>('GET', `/api/v1/namespaces/${ns.name}`);
    uids[ns.name] = created.metadata.uid;
  }
  return uids;
}

async function seedNode(kube: KubeAdmin, node: SeedNode): Promise<string> {
  const created = await kube.create<Meta>('/api/v1/nodes', {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: node.name, labels: node.labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
  });
  await kube.patch(`/api/v1/nodes/${node.name}/status`, {
    status: {
      nodeInfo: {
        ...node.nodeInfo, machineID: node.name, systemUUID: node.name, bootID: node.name, kubeProxyVersion: node.nodeInfo.kubeletVersion,
      },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: STARTED_AT, lastTransitionTime: STARTED_AT }],
    },
  });
  return created.metadata.uid;
}

function containerSpec(c: SeedContainer): Record<string, unknown> {
  return { name: c.name, image: c.image, imagePullPolicy: 'IfNotPresent' };
}

function containerState(pod: SeedPod, c: SeedContainer): Record<string, unknown> {
  if (c.status?.containerID === undefined) return { waiting: { reason: 'ContainerCreating' } };
  const exitCode = pod.phase === 'Failed' ? 1 : 0;
  if (c.kind === 'init' || pod.phase === 'Succeeded' || pod.phase === 'Failed') {
    return { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: STARTED_AT, finishedAt: FINISHED_AT, containerID: c.status.containerID } };
  }
  return { running: { startedAt: STARTED_AT } };
}

function containerStatus(pod: SeedPod, c: SeedContainer): Record<string, unknown> {
  const status = c.status ?? { imageID: '' };
  const state = containerState(pod, c);
  return {
    name: c.name, image: c.image, imageID: status.imageID,
    ...(status.containerID === undefined ? {} : { containerID: status.containerID }),
    ready: 'running' in state, started: 'running' in state, restartCount: 0, state,
  };
}

function podStatus(pod: SeedPod): Record<string, unknown> {
  const withStatus = pod.containers.filter((c) => c.status !== undefined);
  const init = withStatus.filter((c) => c.kind === 'init');
  const regular = withStatus.filter((c) => c.kind === 'regular');
  const scheduled = pod.nodeName !== undefined;
  return {
    phase: pod.phase,
    conditions: [{ type: 'PodScheduled', status: scheduled ? 'True' : 'False', lastTransitionTime: STARTED_AT, ...(scheduled ? {} : { reason: 'Unschedulable' }) }],
    ...(scheduled ? { hostIP: '10.0.0.10', podIP: '10.244.0.10', podIPs: [{ ip: '10.244.0.10' }], startTime: STARTED_AT } : {}),
    ...(init.length > 0 ? { initContainerStatuses: init.map((c) => containerStatus(pod, c)) } : {}),
    ...(regular.length > 0 ? { containerStatuses: regular.map((c) => containerStatus(pod, c)) } : {}),
    qosClass: 'BestEffort',
  };
}

/** Creates one pod and sets its status the way a kubelet would. Exported for scratch tests. */
export async function createPod(kube: KubeAdmin, pod: SeedPod): Promise<string> {
  const created = await kube.create<Meta>(`/api/v1/namespaces/${pod.namespace}/pods`, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace, labels: pod.labels ?? {}, annotations: pod.annotations ?? {} },
    spec: {
      ...(pod.nodeName === undefined ? {} : { nodeName: pod.nodeName }),
      restartPolicy: pod.phase === 'Succeeded' || pod.phase === 'Failed' ? 'Never' : 'Always',
      initContainers: pod.containers.filter((c) => c.kind === 'init').map(containerSpec),
      containers: pod.containers.filter((c) => c.kind === 'regular').map(containerSpec),
    },
  });
  await kube.patch(`/api/v1/namespaces/${pod.namespace}/pods/${pod.name}/status`, { status: podStatus(pod) });
  return created.metadata.uid;
}

/**
 * Creates `scratch-<name>` for a test that mutates the cluster (see SCRATCH_NAMESPACE_PREFIX) and
 * returns its name. Use a fresh name per test: namespaces cannot be deleted on this cluster.
 */
export async function createScratchNamespace(kube: KubeAdmin, name: string): Promise<string> {
  const full = `${SCRATCH_NAMESPACE_PREFIX}${name}`;
  await kube.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: full, labels: { 'kai-e2e/scratch': 'true' } } });
  return full;
}

async function seedRbac(kube: KubeAdmin): Promise<void> {
  const readPods = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }];
  for (const ns of RESTRICTED_NAMESPACES) {
    await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      metadata: { name: 'kai-pod-reader', namespace: ns }, rules: readPods,
    });
    await kube.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: 'kai-pod-reader', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kai-pod-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: E2E_USERS.restricted.name }],
    });
  }
  // Everything kai reads except nodes: the report must go on without nodes, with a warning.
  await kube.create('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    metadata: { name: 'kai-e2e-no-nodes' },
    rules: [{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
  });
  await kube.create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    metadata: { name: 'kai-e2e-no-nodes' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kai-e2e-no-nodes' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: E2E_USERS.noNodes.name }],
  });
}

/** Creates everything in seed-data.ts. Not idempotent: run once against a fresh cluster. */
export async function seedCluster(kube: KubeAdmin): Promise<SeededUids> {
  const namespaces = await seedNamespaces(kube);
  const nodes: Record<string, string> = {};
  for (const node of SEED_NODES) nodes[node.name] = await seedNode(kube, node);
  const pods: Record<string, string> = {};
  await Promise.all(SEED_PODS.map(async (pod) => {
    pods[`${pod.namespace}/${pod.name}`] = await createPod(kube, pod);
  }));
  await seedRbac(kube);
  return { namespaces, nodes, pods };
}
