/**
 * Every output format of a one-shot inventory, run as the built CLI against the real API server,
 * checked against the seeded data (expected.ts) and, for a few rows, against hand-written values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { e2eContext } from './context.ts';
import { CREATED_NAMESPACES, expectedImages, expectedInventoryContainers, isSeededNamespace } from './expected.ts';
import { kaiArgs, parseJsonReport, parseTable, rowsOf, type InventoryJson, type JsonReport } from './helpers.ts';
import { describeRun, runKai, type KaiResult } from './run-kai.ts';
import { SEED_NAMESPACES, SEED_NODES, SEED_PODS, digestOf } from './seed-data.ts';

const ctx = e2eContext();

function hexOf(digest: string): string {
  return digest.split(':')[1] ?? '';
}

describe('kai -o json against the real API server', () => {
  let run: KaiResult;
  let report: JsonReport;
  beforeAll(async () => {
    run = await runKai(kaiArgs('admin', '-o', 'json'));
    report = parseJsonReport(run);
  });

  it('exits 0 and prints exactly the images the seeded running pods use', () => {
    expect(run.code, describeRun(run)).toBe(0);
    expect(rowsOf(report)).toEqual(expectedImages());
  });

  it('has the KAI README shape with the server version from GET /version', () => {
    expect(report.inventory_type).toBe('kubernetes');
    expect(Number.isNaN(Date.parse(report.timestamp))).toBe(false);
    expect(report.serverVersionMetadata).toMatchObject({
      gitVersion: ctx.serverVersion.gitVersion, major: ctx.serverVersion.major, minor: ctx.serverVersion.minor, platform: ctx.serverVersion.platform,
    });
    expect(typeof report.cluster_name).toBe('string');
  });

  it.each([
    { why: 'localhost:5000/app has no tag: digest policy uses the digest hex', namespace: 'team-b', tag: `localhost:5000/app:${hexOf(digestOf('local-app'))}`, repoDigest: digestOf('local-app') },
    { why: 'app:5000 has a tag; a docker:// imageID without @ gives no digest', namespace: 'team-b', tag: 'app:5000', repoDigest: '' },
    { why: 'digest-only spec image, containerd-style imageID', namespace: 'team-a', tag: `quay.io/acme/api:${hexOf(digestOf('api'))}`, repoDigest: digestOf('api') },
    { why: 'registry with port keeps its tag', namespace: 'team-a', tag: 'registry.example.com:5000/team/envoy:v1.28.0', repoDigest: digestOf('envoy') },
    { why: 'init containers count', namespace: 'team-a', tag: 'busybox:1.36', repoDigest: digestOf('busybox-1.36') },
    { why: 'docker-pullable:// imageID of an untagged short name', namespace: 'payments', tag: `busybox:${hexOf(digestOf('busybox-latest'))}`, repoDigest: digestOf('busybox-latest') },
    { why: 'tag@digest spec image keeps the tag', namespace: 'payments', tag: 'nginx:1.25.3', repoDigest: digestOf('nginx') },
    { why: 'a waiting container with an empty imageID still counts', namespace: 'payments', tag: 'gcr.io/acme/audit-logger:0.9', repoDigest: '' },
  ])('$why', ({ namespace, tag, repoDigest }) => {
    expect(rowsOf(report)).toContainEqual({ namespace, tag, repoDigest });
  });

  it('lists an image used by two pods of one namespace once', () => {
    const nginx = rowsOf(report).filter((r) => r.namespace === 'team-a' && r.tag === 'nginx:1.25.3');
    expect(nginx).toHaveLength(1);
  });

  it('prints json when no -o is given (the default), and only the report on stdout', async () => {
    const plain = await runKai(kaiArgs('admin'));
    expect(plain.code, describeRun(plain)).toBe(0);
    expect(rowsOf(parseJsonReport(plain))).toEqual(expectedImages());
  });
});

describe('kai -o table against the real API server', () => {
  it('prints the Go agent columns, one row per image, sorted by tag', async () => {
    const run = await runKai(kaiArgs('admin', '-o', 'table'));
    expect(run.code, describeRun(run)).toBe(0);
    const { header, rows } = parseTable(run.stdout);
    expect(header).toMatch(/^IMAGE TAG\s+REPO DIGEST\s+NAMESPACE\s*$/);
    const seeded = rows.filter((r) => isSeededNamespace(r.namespace));
    const byKey = (a: { tag: string }, b: { tag: string }): number => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);
    expect([...seeded].sort(byKey).map((r) => r.tag)).toEqual(seeded.map((r) => r.tag));
    expect(new Set(seeded.map((r) => JSON.stringify(r)))).toEqual(new Set(expectedImages().map((r) => JSON.stringify({ tag: r.tag, repoDigest: r.repoDigest, namespace: r.namespace }))));
  });
});

describe('kai -o yaml against the real API server', () => {
  it('prints the same report as -o json, as YAML', async () => {
    const run = await runKai(kaiArgs('admin', '-o', 'yaml'));
    expect(run.code, describeRun(run)).toBe(0);
    expect(rowsOf(parseYaml(run.stdout) as JsonReport)).toEqual(expectedImages());
  });
});

describe('kai -o inventory against the real API server', () => {
  let run: KaiResult;
  let inv: InventoryJson;
  beforeAll(async () => {
    run = await runKai(kaiArgs('admin', '-o', 'inventory'));
    inv = JSON.parse(run.stdout) as InventoryJson;
  });

  it('exits 0 with every seeded namespace, its UID and labels', () => {
    expect(run.code, describeRun(run)).toBe(0);
    for (const ns of SEED_NAMESPACES) {
      const got = inv.namespaces.find((n) => n.name === ns.name);
      expect(got?.uid, ns.name).toBe(ctx.uids.namespaces[ns.name]);
      for (const [key, value] of Object.entries(ns.labels)) expect(got?.labels?.[key], `${ns.name} label ${key}`).toBe(value);
    }
    expect(inv.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining([...CREATED_NAMESPACES, 'default', 'kube-system']));
  });

  it('reports the nodes with the nodeInfo set through the status subresource', () => {
    for (const n of SEED_NODES) {
      expect(inv.nodes.find((got) => got.name === n.name), n.name).toMatchObject({
        uid: ctx.uids.nodes[n.name], name: n.name, arch: n.nodeInfo.architecture,
        container_runtime_version: n.nodeInfo.containerRuntimeVersion, kernel_version: n.nodeInfo.kernelVersion,
        kubelet_version: n.nodeInfo.kubeletVersion, operating_system: n.nodeInfo.operatingSystem,
      });
    }
    expect(inv.nodes.filter((n) => isSeededNamespace(n.name)).map((n) => n.name).sort()).toEqual(SEED_NODES.map((n) => n.name).sort());
  });

  it('cross-references running pods to their namespace and node by UID, dropping an absent node', () => {
    const nodeUid = new Map(Object.entries(ctx.uids.nodes));
    for (const pod of SEED_PODS.filter((p) => p.phase === 'Running')) {
      const uid = ctx.uids.pods[`${pod.namespace}/${pod.name}`];
      const got = inv.pods.find((p) => p.uid === uid);
      expect(got, `${pod.namespace}/${pod.name}`).toBeDefined();
      expect(got?.name).toBe(pod.name);
      expect(got?.namespace_uid).toBe(ctx.uids.namespaces[pod.namespace]);
      expect(got?.node_uid).toBe(pod.nodeName === undefined ? undefined : nodeUid.get(pod.nodeName));
    }
    expect(inv.pods.find((p) => p.name === 'prometheus-0')).not.toHaveProperty('node_uid');
  });

  it('lists exactly the started containers with tag, digest and raw container ID', () => {
    const podByUid = new Map(Object.entries(ctx.uids.pods).map(([key, uid]) => [uid, key]));
    // Other e2e files add pods in scratch-* namespaces: judge a container by its pod's namespace.
    const namespaceName = new Map(inv.namespaces.map((ns) => [ns.uid, ns.name]));
    const namespaceOfPod = new Map(inv.pods.map((p) => [p.uid, namespaceName.get(p.namespace_uid) ?? '']));
    const got = inv.containers
      .filter((c) => isSeededNamespace(namespaceOfPod.get(c.pod_uid) ?? ''))
      .map((c) => ({ id: c.id, name: c.name, pod: podByUid.get(c.pod_uid) ?? `unknown pod ${c.pod_uid}`, image_tag: c.image_tag, image_digest: c.image_digest }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(got).toEqual(expectedInventoryContainers());
    expect(got.find((c) => c.name === 'audit')).toBeUndefined();
  });

  it('carries pod labels and annotations', () => {
    const web = inv.pods.find((p) => p.uid === ctx.uids.pods['team-a/web-1']);
    expect(web?.labels).toMatchObject({ app: 'web', tier: 'frontend' });
    expect(web?.annotations).toMatchObject({ 'prometheus.io/scrape': 'true' });
  });
});
