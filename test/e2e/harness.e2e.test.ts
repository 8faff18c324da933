/**
 * Checks the harness itself against the real server, so a broken seed or cluster shows up as
 * such and not as a kai bug: the seeded objects exist with their statuses, the apiserver really
 * paginates, and RBAC really restricts the restricted identities.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { e2eContext } from './context.ts';
import { createKubeAdmin, KubeRequestError } from './kube-admin.ts';
import { createPod, createScratchNamespace } from './seed.ts';
import { SEED_NODES, SEED_PODS, digestOf } from './seed-data.ts';

const ctx = e2eContext();
const admin = createKubeAdmin({ server: ctx.cluster.server, caPath: ctx.cluster.caPath, token: ctx.cluster.tokens.admin });
const restricted = createKubeAdmin({ server: ctx.cluster.server, caPath: ctx.cluster.caPath, token: ctx.cluster.tokens.restricted });
const noNodes = createKubeAdmin({ server: ctx.cluster.server, caPath: ctx.cluster.caPath, token: ctx.cluster.tokens.noNodes });
afterAll(async () => {
  await Promise.all([admin.close(), restricted.close(), noNodes.close()]);
});

interface PodList {
  metadata: { continue?: string };
  items: { metadata: { name: string; namespace: string }; status: { phase?: string; containerStatuses?: { imageID: string }[] } }[];
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof KubeRequestError) return error.status;
    throw error;
  }
}

describe('e2e harness: the real kube-apiserver', () => {
  it('serves v1.20.2 and is ready', async () => {
    expect(ctx.serverVersion.gitVersion).toBe('v1.20.2');
    expect(await admin.request('GET', '/readyz')).toBe('ok');
  });

  it('holds every seeded pod with the status the seeder set', async () => {
    const list = await admin.request<PodList>('GET', '/api/v1/pods');
    const byName = new Map(list.items.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
    for (const pod of SEED_PODS) {
      const got = byName.get(`${pod.namespace}/${pod.name}`);
      expect(got?.status.phase, `${pod.namespace}/${pod.name}`).toBe(pod.phase);
    }
    const imageIds = list.items.flatMap((p) => p.status.containerStatuses ?? []).map((s) => s.imageID);
    expect(imageIds.some((id) => id.startsWith('docker-pullable://'))).toBe(true);
    expect(Object.keys(ctx.uids.nodes).sort()).toEqual(SEED_NODES.map((n) => n.name).sort());
  });

  it('paginates a pod list with limit and continue', async () => {
    const first = await admin.request<PodList>('GET', '/api/v1/namespaces/big/pods?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.metadata.continue).toBeTruthy();
    const second = await admin.request<PodList>('GET', `/api/v1/namespaces/big/pods?limit=2&continue=${encodeURIComponent(first.metadata.continue ?? '')}`);
    expect(second.items.map((p) => p.metadata.name)).not.toEqual(first.items.map((p) => p.metadata.name));
  });

  it.each([
    { who: 'restricted', path: '/api/v1/namespaces/team-a/pods', want: 200 },
    { who: 'restricted', path: '/api/v1/namespaces/payments/pods', want: 403 },
    { who: 'restricted', path: '/api/v1/namespaces', want: 403 },
    { who: 'restricted', path: '/api/v1/nodes', want: 403 },
    { who: 'noNodes', path: '/api/v1/namespaces', want: 200 },
    { who: 'noNodes', path: '/api/v1/pods', want: 200 },
    { who: 'noNodes', path: '/api/v1/nodes', want: 403 },
  ])('RBAC: $who GET $path -> $want', async ({ who, path, want }) => {
    const client = who === 'restricted' ? restricted : noNodes;
    expect(await status(client.request('GET', path))).toBe(want);
  });

  it('lets mutating tests add pods in a scratch namespace (which the seeded-data assertions ignore)', async () => {
    const ns = await createScratchNamespace(admin, 'harness');
    await createPod(admin, {
      namespace: ns, name: 'extra', phase: 'Running', nodeName: 'node-1',
      containers: [{ name: 'extra', kind: 'regular', image: 'scratch.example.com/extra:1', status: { imageID: `scratch.example.com/extra@${digestOf('extra')}`, containerID: 'containerd://extra' } }],
    });
    const list = await admin.request<PodList>('GET', `/api/v1/namespaces/${ns}/pods`);
    expect(list.items.map((p) => [p.metadata.name, p.status.phase])).toEqual([['extra', 'Running']]);
  });
});
