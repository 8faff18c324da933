/**
 * Periodic mode end to end: the built CLI as the agent (`-m periodic -p 1`) against the real API
 * server and the fake Anchore Enterprise. It must register once, report health, post the seeded
 * cluster every cycle from its watch caches (no list requests in a steady state, per the
 * apiserver's audit log), pick up a pod created and then deleted through the API in a later
 * inventory, and exit 0 on SIGTERM with nothing left running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnchore, type AcceptedInventory, type FakeAnchore } from '../fakes/anchore.ts';
import { startKai, type RunningKai } from '../helpers/run-kai.ts';
import { auditMark, auditSince } from './audit.ts';
import { E2E_USERS, isRunning } from './cluster.ts';
import { e2eContext } from './context.ts';
import { CREATED_NAMESPACES, expectedInventoryContainers } from './expected.ts';
import { kaiArgs, type InventoryJson } from './helpers.ts';
import type { KubeAdmin } from './kube-admin.ts';
import { adminApi, deletePod, removeScratchPods, scratchPod } from './scratch.ts';
import { createPod, createScratchNamespace } from './seed.ts';
import { SEED_NAMESPACES, SEED_NODES, SEED_PODS } from './seed-data.ts';

const ctx = e2eContext();
const PASSWORD = 'e2e-anchore-secret-7';
const CLUSTER = 'kai-e2e-periodic';
const POLL = { timeout: 15_000, interval: 100 };

let anchore: FakeAnchore;
let kube: KubeAdmin;
let kai: RunningKai;
let scratch = '';
let startMark = 0;

function latest(): InventoryJson {
  const last = anchore.inventories.at(-1);
  if (last === undefined) throw new Error('no inventory posted yet');
  return last.body as unknown as InventoryJson;
}

/** Resolves once `count` more inventories than now have been posted; returns the newest. */
async function nextInventories(count: number): Promise<InventoryJson> {
  const target = anchore.inventories.length + count;
  await expect.poll(() => anchore.inventories.length, POLL).toBeGreaterThanOrEqual(target);
  return latest();
}

/** Started containers of seeded pods, in the shape expectedInventoryContainers() uses. */
function seededContainers(inv: InventoryJson): ReturnType<typeof expectedInventoryContainers> {
  const podByUid = new Map(Object.entries(ctx.uids.pods).map(([key, uid]) => [uid, key]));
  return inv.containers
    .flatMap((c) => {
      const pod = podByUid.get(c.pod_uid);
      return pod === undefined ? [] : [{ id: c.id, name: c.name, pod, image_tag: c.image_tag, image_digest: c.image_digest }];
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

beforeAll(async () => {
  kube = adminApi();
  scratch = await createScratchNamespace(kube, 'periodic');
  anchore = await startFakeAnchore({ users: { admin: PASSWORD } });
  startMark = auditMark(ctx.cluster.auditLogPath);
  kai = startKai(kaiArgs('admin', '-m', 'periodic', '-p', '1', '-q'), {
    env: {
      KAI_ANCHORE_URL: anchore.url,
      KAI_ANCHORE_USER: 'admin',
      KAI_ANCHORE_PASSWORD: PASSWORD,
      KAI_HEALTH_PORT: '0',
      KAI_KUBECONFIG_CLUSTER: CLUSTER,
      KAI_CHECK_FOR_APP_UPDATE: 'false',
    },
    timeoutMs: 60_000,
  });
});

afterAll(async () => {
  if (kai.child.exitCode === null && kai.child.signalCode === null) {
    kai.child.kill('SIGKILL');
    await kai.result;
  }
  await removeScratchPods(kube, scratch);
  await anchore.close();
  await kube.close();
});

describe('kai -m periodic against the real API server and the fake Anchore', () => {
  it('registers once, reports health, and posts an inventory every cycle', async () => {
    await nextInventories(2);
    expect(anchore.requests.filter((r) => r.route.endsWith('/registration')), 'one registration').toHaveLength(1);
    expect(anchore.integrations()).toHaveLength(1);
    expect(anchore.healthReports.length).toBeGreaterThanOrEqual(1);
    expect(anchore.healthReports.every((h) => h.integrationUuid === anchore.integrations()[0]?.uuid)).toBe(true);
    const posted: AcceptedInventory | undefined = anchore.inventories[0];
    expect(posted).toMatchObject({ endpoint: 'v2', account: 'admin', user: 'admin' });
    expect(posted?.body['cluster_name']).toBe(CLUSTER);
    // The caches were filled by one list each (the steady-state test below relies on seeing lists).
    const listed = (await auditSince(ctx.cluster.auditLogPath, startMark, E2E_USERS.admin.name)).filter((e) => e.verb === 'list');
    expect(new Set(listed.map((e) => e.objectRef?.resource))).toEqual(new Set(['namespaces', 'pods', 'nodes']));
  });

  it('posts the seeded namespaces, nodes, pods and started containers, cross-referenced by UID', () => {
    const inv = latest();
    for (const ns of SEED_NAMESPACES) expect(inv.namespaces.find((n) => n.name === ns.name)?.uid, ns.name).toBe(ctx.uids.namespaces[ns.name]);
    expect(inv.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining([...CREATED_NAMESPACES, 'default', 'kube-system']));
    for (const node of SEED_NODES) expect(inv.nodes.find((n) => n.name === node.name)?.uid, node.name).toBe(ctx.uids.nodes[node.name]);
    const podUids = new Set(inv.pods.map((p) => p.uid));
    for (const pod of SEED_PODS.filter((p) => p.phase === 'Running')) {
      expect(podUids.has(ctx.uids.pods[`${pod.namespace}/${pod.name}`] ?? ''), `${pod.namespace}/${pod.name}`).toBe(true);
    }
    expect(seededContainers(inv)).toEqual(expectedInventoryContainers());
  });

  it('serves steady-state cycles from its watch caches: no list request between cycles', async () => {
    const mark = auditMark(ctx.cluster.auditLogPath);
    await nextInventories(2);
    const events = await auditSince(ctx.cluster.auditLogPath, mark, E2E_USERS.admin.name);
    expect(events.filter((e) => e.verb === 'list').map((e) => e.requestURI)).toEqual([]);
  });

  it('reports a pod created through the API in a later inventory, and drops it once deleted', async () => {
    const pod = scratchPod(scratch, 'late-arrival', 'registry.example.com/late-arrival:4.2');
    const uid = await createPod(kube, pod);
    await expect
      .poll(() => latest().containers.filter((c) => c.pod_uid === uid).map((c) => `${c.name} ${c.image_tag}`), POLL)
      .toEqual(['app registry.example.com/late-arrival:4.2']);
    const inv = latest();
    expect(inv.pods.find((p) => p.uid === uid)).toMatchObject({ name: 'late-arrival', namespace_uid: expect.any(String) as string });
    expect(inv.namespaces.find((n) => n.name === scratch)?.uid).toBe(inv.pods.find((p) => p.uid === uid)?.namespace_uid);

    await deletePod(kube, pod);
    await expect.poll(() => latest().pods.some((p) => p.uid === uid), POLL).toBe(false);
    expect(latest().containers.some((c) => c.pod_uid === uid)).toBe(false);
  });

  it('exits 0 on SIGTERM, leaves nothing running, and never prints the password', async () => {
    const pid = kai.child.pid ?? -1;
    kai.child.kill('SIGTERM');
    const result = await kai.result;
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toBe('');
    expect(isRunning(pid)).toBe(false);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(anchore.requests.filter((r) => r.route.endsWith('/registration'))).toHaveLength(1);
  });
});
