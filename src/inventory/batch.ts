/**
 * `inventory-report-limits` (SPEC section 4): split one account's report into several POSTs by
 * namespace count and/or JSON size. Pure. Each batch carries only the nodes its pods reference.
 */
import type { InventoryReport } from './report-types.ts';
import { sliceReport } from './account-routing.ts';

export interface ReportLimits {
  /** Most namespaces per batch; 0 = no limit. */
  readonly namespaces: number;
  /** Target largest JSON body per batch in bytes; 0 = no limit. */
  readonly payloadThresholdBytes: number;
}

/** UTF-8 length of a string without node:buffer (this module stays pure). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Size in bytes of `JSON.stringify(report)`, the body kai sends. */
export function reportSizeBytes(report: InventoryReport): number {
  return utf8Length(JSON.stringify(report));
}

function isBatchingEnabled(limits: ReportLimits): boolean {
  return limits.namespaces > 0 || limits.payloadThresholdBytes > 0;
}

/** One namespace's share of the report, with the JSON size of everything but its nodes. */
interface NamespacePart {
  readonly uid: string;
  readonly ownBytes: number;
  readonly nodeUids: readonly string[];
}

// +1 per item for the separating comma, so sums match JSON.stringify output to within a few bytes.
const itemBytes = (item: unknown): number => utf8Length(JSON.stringify(item)) + 1;

/** Indexes the report once so batching stays linear in its size. */
function indexParts(report: InventoryReport): { parts: NamespacePart[]; nodeBytes: Map<string, number> } {
  const containerBytesByPod = new Map<string, number>();
  for (const c of report.containers) containerBytesByPod.set(c.pod_uid, (containerBytesByPod.get(c.pod_uid) ?? 0) + itemBytes(c));
  const byNamespace = new Map<string, { bytes: number; nodes: Set<string> }>();
  for (const pod of report.pods) {
    const entry = byNamespace.get(pod.namespace_uid) ?? { bytes: 0, nodes: new Set<string>() };
    entry.bytes += itemBytes(pod) + (containerBytesByPod.get(pod.uid) ?? 0);
    if (pod.node_uid !== undefined) entry.nodes.add(pod.node_uid);
    byNamespace.set(pod.namespace_uid, entry);
  }
  const nodeBytes = new Map(report.nodes.map((n) => [n.uid, itemBytes(n)] as const));
  const parts = report.namespaces.map((ns) => {
    const entry = byNamespace.get(ns.uid);
    return { uid: ns.uid, ownBytes: itemBytes(ns) + (entry?.bytes ?? 0), nodeUids: [...(entry?.nodes ?? [])] };
  });
  return { parts, nodeBytes };
}

/** Bytes one namespace adds to a batch: itself, its pods and containers, and nodes not yet in it. */
function costBytes(part: NamespacePart, open: OpenBatch, nodeBytes: ReadonlyMap<string, number>): number {
  return part.nodeUids.reduce((sum, uid) => (open.nodeUids.has(uid) ? sum : sum + (nodeBytes.get(uid) ?? 0)), part.ownBytes);
}

function emptyOf(report: InventoryReport): InventoryReport {
  return { ...report, namespaces: [], nodes: [], pods: [], containers: [] };
}

interface OpenBatch {
  uids: Set<string>;
  nodeUids: Set<string>;
  bytes: number;
}

/**
 * Splits `report` by namespace, in report order. A batch is closed before a namespace would take
 * it past `namespaces` or past `payloadThresholdBytes`, so every batch stays within the threshold
 * unless a single namespace is larger than it (that namespace is then sent alone: a namespace is
 * never split). With no limits, or no namespaces, the report is returned as the only batch.
 */
export function batchInventory(report: InventoryReport, limits: ReportLimits): InventoryReport[] {
  if (!isBatchingEnabled(limits) || report.namespaces.length === 0) return [report];
  const envelopeBytes = reportSizeBytes(emptyOf(report));
  const { parts, nodeBytes } = indexParts(report);
  const batches: Set<string>[] = [];
  let open: OpenBatch = { uids: new Set(), nodeUids: new Set(), bytes: envelopeBytes };
  for (const part of parts) {
    const tooMany = limits.namespaces > 0 && open.uids.size >= limits.namespaces;
    const tooBig =
      limits.payloadThresholdBytes > 0 && open.bytes + costBytes(part, open, nodeBytes) > limits.payloadThresholdBytes;
    if (open.uids.size > 0 && (tooMany || tooBig)) {
      batches.push(open.uids);
      open = { uids: new Set(), nodeUids: new Set(), bytes: envelopeBytes };
    }
    open.bytes += costBytes(part, open, nodeBytes);
    open.uids.add(part.uid);
    for (const uid of part.nodeUids) open.nodeUids.add(uid);
  }
  batches.push(open.uids);
  return batches.map((uids) => sliceReport(report, uids));
}
