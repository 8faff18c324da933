import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { extractImages } from '../../src/inventory/containers.ts';
import { buildInventoryReport } from '../../src/inventory/inventory-report.ts';
import type { ClusterSnapshot } from '../../src/inventory/model.ts';
import { normalizeInventory } from '../../src/inventory/normalize.ts';
import type { MetadataFilter, MetadataOptions } from '../../src/inventory/options.ts';
import type { InventoryReport } from '../../src/inventory/report-types.ts';
import { aContainer, aNamespace, aNode, aPod, ALL_METADATA, DEFAULT_RULES, SHA_A } from '../helpers/builders.ts';

const NS_DEFAULT = aNamespace({ labels: { team: 'web', 'kubernetes.io/metadata.name': 'default' } });
const NS_PAY = aNamespace({ uid: 'ns-uid-pay', name: 'payments', annotations: { owner: 'pay@example.com' } });

function snapshot(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    clusterName: 'prod',
    serverVersion: { major: '1', minor: '28' },
    namespaces: [NS_PAY, NS_DEFAULT],
    nodes: [aNode({ labels: { 'kubernetes.io/arch': 'amd64', zone: 'a' } })],
    pods: [
      aPod({
        uid: 'pod-b',
        name: 'web-b',
        labels: { app: 'web', 'pod-template-hash': 'abc' },
        annotations: { 'prometheus.io/scrape': 'true' },
        containers: [aContainer({ name: 'z-sidecar', containerId: 'containerd://z' }), aContainer({ name: 'app', containerId: 'containerd://a' })],
      }),
      aPod({ uid: 'pod-a', name: 'web-a', nodeName: 'node-gone' }),
      aPod({ uid: 'pod-p', name: 'api', namespace: 'payments', phase: 'Pending', nodeName: undefined, containers: [aContainer({ containerId: undefined, imageId: undefined })] }),
    ],
    ...over,
  };
}

function build(snap: ClusterSnapshot, metadata: MetadataOptions = ALL_METADATA): InventoryReport {
  return buildInventoryReport({ snapshot: snap, records: extractImages(snap.pods, DEFAULT_RULES), timestamp: 'T', metadata });
}

describe('buildInventoryReport', () => {
  it('builds the Anchore 5.x shape, sorted, with UID cross references', () => {
    const report = build(snapshot());
    expect(Object.keys(report)).toEqual(['cluster_name', 'timestamp', 'serverVersionMetadata', 'namespaces', 'nodes', 'pods', 'containers']);
    expect(report.namespaces.map((n) => n.name)).toEqual(['default', 'payments']);
    expect(report.nodes).toEqual([
      {
        uid: 'node-uid-a',
        name: 'node-a',
        arch: 'amd64',
        container_runtime_version: 'containerd://1.7.11',
        kernel_version: '6.1.0-18-amd64',
        kubelet_version: 'v1.28.3',
        operating_system: 'linux',
        labels: { 'kubernetes.io/arch': 'amd64', zone: 'a' },
      },
    ]);
    // All pods are listed, running or not; node_uid only when the node is known.
    expect(report.pods).toEqual([
      { uid: 'pod-a', name: 'web-a', namespace_uid: 'ns-uid-default' },
      {
        uid: 'pod-b',
        name: 'web-b',
        namespace_uid: 'ns-uid-default',
        node_uid: 'node-uid-a',
        labels: { app: 'web', 'pod-template-hash': 'abc' },
        annotations: { 'prometheus.io/scrape': 'true' },
      },
      { uid: 'pod-p', name: 'api', namespace_uid: 'ns-uid-pay' },
    ]);
    // Containers of running pods only (ignore-not-running), id kept with its runtime prefix.
    expect(report.containers).toEqual([
      { id: `containerd://${'c'.repeat(64)}`, name: 'app', pod_uid: 'pod-a', image_tag: 'nginx:1.25', image_digest: SHA_A },
      { id: 'containerd://a', name: 'app', pod_uid: 'pod-b', image_tag: 'nginx:1.25', image_digest: SHA_A },
      { id: 'containerd://z', name: 'z-sidecar', pod_uid: 'pod-b', image_tag: 'nginx:1.25', image_digest: SHA_A },
    ]);
  });

  it('is independent of input order', () => {
    const snap = snapshot();
    const reversed = { ...snap, namespaces: [...snap.namespaces].reverse(), pods: [...snap.pods].reverse() };
    expect(build(reversed)).toEqual(build(snap));
  });

  it.each<{ case: string; filter: MetadataFilter; wantPodB: object }>([
    { case: 'empty lists keep everything', filter: { includeLabels: [], includeAnnotations: [], disable: false }, wantPodB: { labels: { app: 'web', 'pod-template-hash': 'abc' }, annotations: { 'prometheus.io/scrape': 'true' } } },
    { case: 'unanchored regex on keys', filter: { includeLabels: ['pp'], includeAnnotations: [], disable: false }, wantPodB: { labels: { app: 'web' }, annotations: { 'prometheus.io/scrape': 'true' } } },
    { case: 'anchored regex', filter: { includeLabels: ['^pod-'], includeAnnotations: ['^nothing$'], disable: false }, wantPodB: { labels: { 'pod-template-hash': 'abc' } } },
    { case: 'disable drops both', filter: { includeLabels: ['app'], includeAnnotations: [], disable: true }, wantPodB: {} },
  ])('pod metadata: $case', ({ filter, wantPodB }) => {
    const report = build(snapshot(), { ...ALL_METADATA, pods: filter });
    const podB = report.pods.find((p) => p.uid === 'pod-b');
    expect(podB).toEqual({ uid: 'pod-b', name: 'web-b', namespace_uid: 'ns-uid-default', node_uid: 'node-uid-a', ...wantPodB });
  });

  it('filters namespace and node metadata separately', () => {
    const off = { includeLabels: [], includeAnnotations: [], disable: true };
    const report = build(snapshot(), { pods: off, nodes: off, namespaces: { includeLabels: ['^team$'], includeAnnotations: [], disable: false } });
    expect(report.namespaces).toEqual([
      { uid: 'ns-uid-default', name: 'default', labels: { team: 'web' } },
      { uid: 'ns-uid-pay', name: 'payments', annotations: { owner: 'pay@example.com' } },
    ]);
    expect(report.nodes[0]).not.toHaveProperty('labels');
  });

  it('throws a ConfigError naming the key of an invalid pattern', () => {
    const bad = { includeLabels: [], includeAnnotations: ['('], disable: false };
    expect(() => build(snapshot(), { ...ALL_METADATA, nodes: bad })).toThrow(ConfigError);
    expect(() => build(snapshot(), { ...ALL_METADATA, nodes: bad })).toThrow(/metadata-collection\.nodes\.include-annotations\[0\]/);
  });

  it('keeps pods of an --input snapshot with no namespace UIDs out, never emitting null lists', () => {
    const snap = snapshot({ namespaces: [aNamespace({ uid: '' })], nodes: [] });
    const report = build(snap);
    expect(report).toMatchObject({ namespaces: [], nodes: [], pods: [], containers: [] });
  });
});

describe('normalizeInventory', () => {
  const base: InventoryReport = {
    cluster_name: 'c',
    timestamp: 'T',
    serverVersionMetadata: null,
    namespaces: [{ uid: 'ns1', name: 'a' }, { uid: '', name: 'no-uid' }],
    nodes: [{ uid: 'n1', name: 'node', arch: '', container_runtime_version: '', kernel_version: '', kubelet_version: '', operating_system: '' }, { uid: '', name: 'x', arch: '', container_runtime_version: '', kernel_version: '', kubelet_version: '', operating_system: '' }],
    pods: [
      { uid: 'p1', name: 'ok', namespace_uid: 'ns1', node_uid: 'n1' },
      { uid: 'p2', name: 'dangling-node', namespace_uid: 'ns1', node_uid: 'gone' },
      { uid: 'p3', name: 'orphan', namespace_uid: 'ns-gone' },
      { uid: '', name: 'no-uid', namespace_uid: 'ns1' },
    ],
    containers: [
      { id: 'c1', name: 'ok', pod_uid: 'p1', image_tag: 't', image_digest: 'd' },
      { id: '', name: 'not-started', pod_uid: 'p1', image_tag: 't', image_digest: '' },
      { id: 'c3', name: 'orphan', pod_uid: 'p3', image_tag: 't', image_digest: 'd' },
    ],
  };

  it('drops what Anchore cannot link and counts it', () => {
    const { report, drops, isModified } = normalizeInventory(base);
    expect(report.namespaces.map((n) => n.uid)).toEqual(['ns1']);
    expect(report.nodes.map((n) => n.uid)).toEqual(['n1']);
    expect(report.pods).toEqual([
      { uid: 'p1', name: 'ok', namespace_uid: 'ns1', node_uid: 'n1' },
      { uid: 'p2', name: 'dangling-node', namespace_uid: 'ns1' },
    ]);
    expect(report.containers.map((c) => c.id)).toEqual(['c1']);
    expect(drops).toEqual({
      namespacesWithoutUid: 1,
      nodesWithoutUid: 1,
      podsWithoutUid: 1,
      podsWithoutNamespace: 1,
      danglingNodeUids: 1,
      containersWithoutId: 1,
      containersWithoutPod: 1,
    });
    expect(isModified).toBe(true);
  });

  it('leaves a clean report alone', () => {
    const clean = normalizeInventory(normalizeInventory(base).report);
    expect(clean.isModified).toBe(false);
    expect(clean.report).toEqual(normalizeInventory(base).report);
  });
});
