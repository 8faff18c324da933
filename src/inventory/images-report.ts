import type { ImageRecord } from './containers.ts';
import type { ClusterSnapshot, NamespaceView, PodView } from './model.ts';
import type { ImagesByNamespaceReport, NamespaceImages, ReportImage } from './report-types.ts';

export interface ImagesReportInput {
  readonly snapshot: ClusterSnapshot;
  readonly records: readonly ImageRecord[];
  /** RFC 3339 UTC, from the injected clock. */
  readonly timestamp: string;
  /** Selected namespace names: each appears in `results`, with `images: []` when it has none. */
  readonly namespaces: readonly string[];
}

/** Plain code-unit order, so output never depends on the machine's locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareImages(a: ReportImage, b: ReportImage): number {
  return compareText(a.tag, b.tag) || compareText(a.repoDigest, b.repoDigest);
}

function uniqueImages(records: readonly ImageRecord[]): ReportImage[] {
  const seen = new Map<string, ReportImage>();
  for (const record of records) {
    const key = `${record.tag}@${record.digest}`;
    if (!seen.has(key)) seen.set(key, { tag: record.tag, repoDigest: record.digest });
  }
  return [...seen.values()].sort(compareImages);
}

/**
 * The images-by-namespace report (the KAI README's JSON). Like the Go agent, every selected
 * namespace appears, with `images: []` when nothing runs there; images are unique per namespace
 * by tag + digest. kai sorts namespaces by name and images by tag then digest (the Go agent's
 * order depends on goroutine timing).
 */
export function buildImagesByNamespace(input: ImagesReportInput): ImagesByNamespaceReport {
  const byNamespace = new Map<string, ImageRecord[]>();
  for (const name of input.namespaces) byNamespace.set(name, []);
  for (const record of input.records) {
    const list = byNamespace.get(record.namespace);
    // Records of a namespace that is not selected are not reported (SPEC section 3).
    if (list !== undefined) list.push(record);
  }
  const results: NamespaceImages[] = [...byNamespace.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([namespace, records]) => ({ namespace, images: uniqueImages(records) }));
  return {
    timestamp: input.timestamp,
    results,
    serverVersionMetadata: input.snapshot.serverVersion,
    cluster_name: input.snapshot.clusterName,
    inventory_type: 'kubernetes',
  };
}

/**
 * Namespace views for a snapshot read from a saved pod list (`--input`), which holds no
 * namespace objects. The UID is `kai-input:<name>`: not a real UID, but stable, visibly
 * synthetic, and it keeps pods in the inventory shape (a '' UID would make normalization drop
 * every namespace, pod and container).
 */
export function synthesizeNamespaceViews(pods: readonly PodView[]): NamespaceView[] {
  const names = [...new Set(pods.map((pod) => pod.namespace))].sort(compareText);
  return names.map((name) => ({ uid: `kai-input:${name}`, name, labels: {}, annotations: {} }));
}
