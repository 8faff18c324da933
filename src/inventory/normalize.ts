import type { InventoryPod, InventoryReport } from './report-types.ts';

/** What normalization removed, so the caller can log it (the Go agent warns per object). */
export interface NormalizationDrops {
  readonly namespacesWithoutUid: number;
  readonly nodesWithoutUid: number;
  readonly podsWithoutUid: number;
  readonly podsWithoutNamespace: number;
  readonly danglingNodeUids: number;
  readonly containersWithoutId: number;
  readonly containersWithoutPod: number;
}

export interface NormalizedInventory {
  readonly report: InventoryReport;
  readonly drops: NormalizationDrops;
  readonly isModified: boolean;
}

function withoutNode(pod: InventoryPod): InventoryPod {
  const copy = { ...pod };
  delete copy.node_uid;
  return copy;
}

/**
 * Only what Anchore can link is kept, as the Go agent does before a POST: namespaces, nodes and
 * pods need a UID, a pod needs its namespace, a container needs an id (it has started) and its
 * pod, and a `node_uid` naming an absent node is removed (the pod stays). Duplicated UIDs keep
 * the first object. Lists are always arrays.
 */
export function normalizeInventory(report: InventoryReport): NormalizedInventory {
  const namespaces = [...new Map(report.namespaces.filter((n) => n.uid !== '').map((n) => [n.uid, n])).values()];
  const nodes = [...new Map(report.nodes.filter((n) => n.uid !== '').map((n) => [n.uid, n])).values()];
  const namespaceUids = new Set(namespaces.map((n) => n.uid));
  const nodeUids = new Set(nodes.map((n) => n.uid));

  const podsWithUid = report.pods.filter((p) => p.uid !== '');
  const podsInNamespace = podsWithUid.filter((p) => namespaceUids.has(p.namespace_uid));
  let danglingNodeUids = 0;
  const podMap = new Map<string, InventoryPod>();
  for (const pod of podsInNamespace) {
    if (podMap.has(pod.uid)) continue;
    const isDangling = pod.node_uid !== undefined && !nodeUids.has(pod.node_uid);
    if (isDangling) danglingNodeUids += 1;
    podMap.set(pod.uid, isDangling ? withoutNode(pod) : pod);
  }
  const containersWithId = report.containers.filter((c) => c.id !== '');
  const containers = containersWithId.filter((c) => podMap.has(c.pod_uid));

  const drops: NormalizationDrops = {
    namespacesWithoutUid: report.namespaces.length - report.namespaces.filter((n) => n.uid !== '').length,
    nodesWithoutUid: report.nodes.length - report.nodes.filter((n) => n.uid !== '').length,
    podsWithoutUid: report.pods.length - podsWithUid.length,
    podsWithoutNamespace: podsWithUid.length - podsInNamespace.length,
    danglingNodeUids,
    containersWithoutId: report.containers.length - containersWithId.length,
    containersWithoutPod: containersWithId.length - containers.length,
  };
  return {
    report: { ...report, namespaces, nodes, pods: [...podMap.values()], containers },
    drops,
    isModified: Object.values(drops).some((count) => count > 0),
  };
}
