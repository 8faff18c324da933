import type { ImagesByNamespaceReport } from '../inventory/report-types.ts';

/** One line of the flat images views (table, CSV, Markdown). */
export interface ImageRow {
  readonly tag: string;
  readonly repoDigest: string;
  readonly namespace: string;
  readonly cluster: string;
}

/** One report, or several (one per cluster) when kai inventories more than one context. */
export type ImagesInput = ImagesByNamespaceReport | readonly ImagesByNamespaceReport[];

export function asReportList(input: ImagesInput): readonly ImagesByNamespaceReport[] {
  return isReportList(input) ? input : [input];
}

export function isReportList(input: ImagesInput): input is readonly ImagesByNamespaceReport[] {
  return Array.isArray(input);
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Rows sorted by tag, then namespace, digest and cluster. For one cluster this is the Go agent's
 * order (a stable sort by tag over namespaces sorted by name and images by tag then digest).
 */
export function toImageRows(input: ImagesInput): ImageRow[] {
  const rows = asReportList(input).flatMap((report) =>
    report.results.flatMap((result) =>
      result.images.map((image) => ({
        tag: image.tag,
        repoDigest: image.repoDigest,
        namespace: result.namespace,
        cluster: report.cluster_name,
      })),
    ),
  );
  return rows.sort(
    (a, b) =>
      compare(a.tag, b.tag) ||
      compare(a.namespace, b.namespace) ||
      compare(a.repoDigest, b.repoDigest) ||
      compare(a.cluster, b.cluster),
  );
}
