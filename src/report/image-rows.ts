import type { ImagesByNamespaceReport } from '../inventory/report-types.ts';
import { compareText } from '../inventory/images-report.ts';

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
      compareText(a.tag, b.tag) ||
      compareText(a.namespace, b.namespace) ||
      compareText(a.repoDigest, b.repoDigest) ||
      compareText(a.cluster, b.cluster),
  );
}
