/**
 * Helpers for e2e tests that mutate the cluster (watch cache, periodic mode): kai's own Kubernetes
 * client for the admin context, scratch pods shaped like the seeded ones, and the changes a
 * kubelet or a user would make (new image, new status, delete). Everything here acts only on
 * `scratch-*` namespaces; `removeScratchPods` leaves them empty again so the seeded-data
 * assertions of other files see no extra started containers, whatever order the files run in.
 */
import { createKubeClient, type KubeClient } from '../../src/kube/client.ts';
import { createSilentLogger } from '../../src/log/logger.ts';
import { E2E_CONTEXTS } from './cluster.ts';
import { e2eContext } from './context.ts';
import { createKubeAdmin, type KubeAdmin } from './kube-admin.ts';
import { scratchDir } from './run-kai.ts';
import { SCRATCH_NAMESPACE_PREFIX, digestOf, type SeedPod } from './seed-data.ts';

export function adminApi(): KubeAdmin {
  const { cluster } = e2eContext();
  return createKubeAdmin({ server: cluster.server, caPath: cluster.caPath, token: cluster.tokens.admin });
}

/** kai's client (src/kube/client.ts) on the e2e kubeconfig's admin context. */
export function kaiClient(): Promise<KubeClient> {
  const { cluster } = e2eContext();
  return createKubeClient(
    {
      path: cluster.kubeconfigPath, context: E2E_CONTEXTS.admin, cluster: '', clusterCert: '', server: '',
      user: { type: '', clientCert: '', privateKey: '', token: '' },
    },
    { log: createSilentLogger(), env: {}, homeDir: scratchDir(), requestTimeoutMs: 10_000 },
  );
}

/** A started pod without a node (so a delete is immediate: no kubelet has to confirm it). */
export function scratchPod(namespace: string, name: string, image = `registry.example.com/${name}:1.0`): SeedPod {
  return {
    namespace, name, phase: 'Running', labels: { app: name },
    containers: [{
      name: 'app', kind: 'regular', image,
      status: { imageID: `docker-pullable://${image.split(':')[0] ?? image}@${digestOf(`${namespace}/${name}`)}`, containerID: `containerd://${name}-c1` },
    }],
  };
}

function podPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${namespace}/pods/${name}`;
}

/** Changes the spec image of container `app` (a strategic merge patch keeps the other fields). */
export async function setImage(kube: KubeAdmin, pod: { namespace: string; name: string }, image: string): Promise<void> {
  await kube.request('PATCH', podPath(pod.namespace, pod.name), {
    body: { spec: { containers: [{ name: 'app', image }] } },
    contentType: 'application/strategic-merge-patch+json',
  });
}

/** What a kubelet writes when container `app` ended: a terminal phase and a new imageID. */
export async function finishPod(kube: KubeAdmin, pod: { namespace: string; name: string; image: string }, imageID: string): Promise<void> {
  await kube.patch(`${podPath(pod.namespace, pod.name)}/status`, {
    status: {
      phase: 'Succeeded',
      containerStatuses: [{
        name: 'app', image: pod.image, imageID, containerID: `containerd://${pod.name}-c1`, ready: false, restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2024-05-01T10:00:00Z', finishedAt: '2024-05-01T10:00:09Z', containerID: `containerd://${pod.name}-c1` } },
      }],
    },
  });
}

export async function deletePod(kube: KubeAdmin, pod: { namespace: string; name: string }): Promise<void> {
  await kube.request('DELETE', `${podPath(pod.namespace, pod.name)}?gracePeriodSeconds=0`);
}

/** Deletes every pod of a scratch namespace (never anything else) and waits until they are gone. */
export async function removeScratchPods(kube: KubeAdmin, namespace: string): Promise<void> {
  if (!namespace.startsWith(SCRATCH_NAMESPACE_PREFIX)) throw new Error(`refusing to delete pods outside scratch namespaces: ${namespace}`);
  const path = `/api/v1/namespaces/${namespace}/pods`;
  await kube.request('DELETE', `${path}?gracePeriodSeconds=0`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 } });
  const deadline = Date.now() + 10_000;
  while ((await kube.request<{ items: unknown[] }>('GET', path)).items.length > 0) {
    if (Date.now() > deadline) throw new Error(`pods of ${namespace} still exist 10 s after deleting them`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
