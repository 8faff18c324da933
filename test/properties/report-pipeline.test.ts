// Property: from arbitrary raw pods, namespaces and nodes, through the views and every image rule,
// both report shapes are built without throwing and keep SPEC section 4's promises: no object
// without uid, every cross reference resolves, lists are never null, order is deterministic,
// images are unique per namespace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractImages } from '../../src/inventory/containers.ts';
import { buildImagesByNamespace } from '../../src/inventory/images-report.ts';
import { buildInventoryReport } from '../../src/inventory/inventory-report.ts';
import type { ClusterSnapshot } from '../../src/inventory/model.ts';
import { MISSING_TAG_POLICIES, type ImageRuleOptions, type MetadataOptions } from '../../src/inventory/options.ts';
import type { InventoryReport } from '../../src/inventory/report-types.ts';
import { toNamespaceView, toNodeView, toPodView } from '../../src/kube/views.ts';
import { rawNamespace, rawNode, rawPod } from './arbitraries.ts';

const NO_FILTER = { includeAnnotations: [], includeLabels: [], disable: false };
const METADATA: MetadataOptions = { nodes: NO_FILTER, namespaces: NO_FILTER, pods: { ...NO_FILTER, includeLabels: ['^app'] } };

const ruleOptions: fc.Arbitrary<ImageRuleOptions> = fc.record({
  missingTag: fc.record({ policy: fc.constantFrom(...MISSING_TAG_POLICIES), tag: fc.constantFrom('UNKNOWN', 'x') }),
  missingRegistryOverride: fc.constantFrom('', 'registry.local', 'reg:5000'),
  ignoreNotRunning: fc.boolean(),
  includeEphemeral: fc.boolean(),
});

const snapshot: fc.Arbitrary<ClusterSnapshot> = fc
  .record({ pods: fc.array(rawPod, { maxLength: 6 }), namespaces: fc.array(rawNamespace, { maxLength: 4 }), nodes: fc.array(rawNode, { maxLength: 2 }) })
  .map(({ pods, namespaces, nodes }) => ({
    clusterName: 'c',
    serverVersion: null,
    pods: pods.map((p) => toPodView(p)),
    namespaces: namespaces.map((n) => toNamespaceView(n)),
    nodes: nodes.map((n) => toNodeView(n)),
  }));

function expectInventoryInvariants(report: InventoryReport): void {
  for (const list of [report.namespaces, report.nodes, report.pods, report.containers]) expect(Array.isArray(list)).toBe(true);
  const namespaceUids = new Set(report.namespaces.map((n) => n.uid));
  const nodeUids = new Set(report.nodes.map((n) => n.uid));
  const podUids = new Set(report.pods.map((p) => p.uid));
  expect([...namespaceUids, ...nodeUids, ...podUids]).not.toContain('');
  for (const pod of report.pods) {
    expect(namespaceUids).toContain(pod.namespace_uid);
    if (pod.node_uid !== undefined) expect(nodeUids).toContain(pod.node_uid);
    for (const key of Object.keys(pod.labels ?? {})) expect(key).toMatch(/^app/);
  }
  for (const container of report.containers) {
    expect(container.id).not.toBe('');
    expect(podUids).toContain(container.pod_uid);
  }
}

describe('report pipeline on arbitrary cluster data', () => {
  it('the inventory shape keeps every SPEC invariant', () => {
    fc.assert(
      fc.property(snapshot, ruleOptions, (snap, options) => {
        const records = extractImages(snap.pods, options);
        expectInventoryInvariants(buildInventoryReport({ snapshot: snap, records, timestamp: 't', metadata: METADATA }));
      }),
      { numRuns: 400 },
    );
  });

  it('the inventory shape does not depend on the order the API listed things in', () => {
    fc.assert(
      fc.property(snapshot, ruleOptions, fc.integer(), (snap, options, seed) => {
        const shuffled: ClusterSnapshot = { ...snap, pods: rotate(snap.pods, seed), namespaces: rotate(snap.namespaces, seed), nodes: rotate(snap.nodes, seed) };
        const build = (s: ClusterSnapshot): InventoryReport => buildInventoryReport({ snapshot: s, records: extractImages(s.pods, options), timestamp: 't', metadata: METADATA });
        fc.pre(hasDistinctKeys(snap));
        expect(build(shuffled)).toEqual(build(snap));
      }),
      { numRuns: 300 },
    );
  });

  it('images by namespace: every selected namespace once, sorted, images unique and sorted', () => {
    fc.assert(
      fc.property(snapshot, ruleOptions, fc.uniqueArray(fc.constantFrom('default', 'shop', 'kube-system', 'empty')), (snap, options, selected) => {
        const report = buildImagesByNamespace({ snapshot: snap, records: extractImages(snap.pods, options), namespaces: selected, timestamp: 't' });
        const names = report.results.map((r) => r.namespace);
        expect(names).toEqual([...selected].sort());
        for (const { images } of report.results) {
          const keys = images.map((i) => `${i.tag}\u0000${i.repoDigest}`);
          expect(new Set(keys).size).toBe(keys.length);
          expect(Array.isArray(images)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function rotate<T>(items: readonly T[], seed: number): T[] {
  const k = items.length === 0 ? 0 : Math.abs(seed) % items.length;
  return [...items.slice(k), ...items.slice(0, k)].reverse();
}

/** Order independence only holds when no two objects share the keys the report sorts and joins by. */
function hasDistinctKeys(snap: ClusterSnapshot): boolean {
  const unique = (keys: string[]): boolean => new Set(keys).size === keys.length;
  return (
    unique(snap.namespaces.map((n) => n.name)) &&
    unique(snap.namespaces.map((n) => n.uid)) &&
    unique(snap.nodes.map((n) => n.name)) &&
    unique(snap.nodes.map((n) => n.uid)) &&
    unique(snap.pods.map((p) => `${p.namespace}/${p.name}`)) &&
    unique(snap.pods.map((p) => p.uid)) &&
    snap.pods.every((p) => unique(p.containers.map((c) => c.name)))
  );
}
