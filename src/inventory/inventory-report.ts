import type { ImageRecord } from './containers.ts';
import { compareText } from './images-report.ts';
import { compileMetadataFilter } from './metadata-filter.ts';
import type { ClusterSnapshot, NodeView, PodView } from './model.ts';
import type { MetadataOptions } from './options.ts';
import type {
  InventoryContainer,
  InventoryNamespace,
  InventoryNode,
  InventoryPod,
  InventoryReport,
} from './report-types.ts';
import { normalizeInventory } from './normalize.ts';

export interface InventoryReportInput {
  readonly snapshot: ClusterSnapshot;
  readonly records: readonly ImageRecord[];
  /** RFC 3339 UTC, from the injected clock. */
  readonly timestamp: string;
  readonly metadata: MetadataOptions;
}

function toNode(node: NodeView, meta: ReturnType<typeof compileMetadataFilter>): InventoryNode {
  return {
    uid: node.uid,
    name: node.name,
    arch: node.arch,
    container_runtime_version: node.containerRuntimeVersion,
    kernel_version: node.kernelVersion,
    kubelet_version: node.kubeletVersion,
    operating_system: node.operatingSystem,
    ...meta(node.labels, node.annotations),
  };
}

interface PodContext {
  readonly namespaceUids: ReadonlyMap<string, string>;
  readonly nodeUids: ReadonlyMap<string, string>;
  readonly meta: ReturnType<typeof compileMetadataFilter>;
}

function toPod(pod: PodView, context: PodContext): InventoryPod {
  const nodeUid = pod.nodeName === undefined ? undefined : context.nodeUids.get(pod.nodeName);
  return {
    uid: pod.uid,
    name: pod.name,
    // '' when the namespace is not in the snapshot: normalization then drops the pod.
    namespace_uid: context.namespaceUids.get(pod.namespace) ?? '',
    ...(nodeUid === undefined || nodeUid === '' ? {} : { node_uid: nodeUid }),
    ...context.meta(pod.labels, pod.annotations),
  };
}

function toContainer(record: ImageRecord): InventoryContainer {
  return {
    // As the Go agent sends it: the runtime prefix (`containerd://`) is kept.
    id: record.containerId ?? '',
    name: record.containerName,
    pod_uid: record.podUid,
    image_tag: record.tag,
    image_digest: record.digest,
  };
}

/**
 * The inventory shape Anchore Enterprise 5.x receives. Every pod of the snapshot is listed (as
 * the Go agent does, running or not); containers come from `records`, which already applied
 * `ignore-not-running` and the tag policy. The result is normalized (see normalizeInventory)
 * and sorted: namespaces and nodes by name, pods by namespace then name, containers by
 * namespace, pod and container name.
 */
export function buildInventoryReport(input: InventoryReportInput): InventoryReport {
  const { snapshot, metadata } = input;
  const nsMeta = compileMetadataFilter(metadata.namespaces, 'metadata-collection.namespaces');
  const namespaces: InventoryNamespace[] = snapshot.namespaces.map((ns) => ({
    uid: ns.uid,
    name: ns.name,
    ...nsMeta(ns.labels, ns.annotations),
  }));
  const nodeMeta = compileMetadataFilter(metadata.nodes, 'metadata-collection.nodes');
  const nodes = snapshot.nodes.map((node) => toNode(node, nodeMeta));
  const context: PodContext = {
    namespaceUids: new Map(snapshot.namespaces.map((ns) => [ns.name, ns.uid])),
    nodeUids: new Map(snapshot.nodes.map((node) => [node.name, node.uid])),
    meta: compileMetadataFilter(metadata.pods, 'metadata-collection.pods'),
  };
  const pods = snapshot.pods.map((pod) => toPod(pod, context));
  const report: InventoryReport = {
    cluster_name: snapshot.clusterName,
    timestamp: input.timestamp,
    serverVersionMetadata: snapshot.serverVersion,
    namespaces,
    nodes,
    pods,
    containers: input.records.map(toContainer),
  };
  return sortInventory(normalizeInventory(report).report);
}

/** Deterministic order for an inventory report (the Go agent's follows map iteration). */
export function sortInventory(report: InventoryReport): InventoryReport {
  const nsName = new Map(report.namespaces.map((ns) => [ns.uid, ns.name]));
  const podKey = new Map(
    report.pods.map((pod) => [pod.uid, `${nsName.get(pod.namespace_uid) ?? ''}\u0000${pod.name}`]),
  );
  const byNameThenUid = <T extends { name: string; uid: string }>(a: T, b: T): number =>
    compareText(a.name, b.name) || compareText(a.uid, b.uid);
  return {
    ...report,
    namespaces: [...report.namespaces].sort(byNameThenUid),
    nodes: [...report.nodes].sort(byNameThenUid),
    pods: [...report.pods].sort(
      (a, b) => compareText(podKey.get(a.uid) ?? '', podKey.get(b.uid) ?? '') || compareText(a.uid, b.uid),
    ),
    containers: [...report.containers].sort(
      (a, b) =>
        compareText(podKey.get(a.pod_uid) ?? '', podKey.get(b.pod_uid) ?? '') ||
        compareText(a.pod_uid, b.pod_uid) ||
        compareText(a.name, b.name) ||
        compareText(a.id, b.id),
    ),
  };
}
