import type { ImagesByNamespaceReport } from '../inventory/report-types.ts';
import { isReportList, toImageRows, type ImagesInput } from './image-rows.ts';
import { renderTextTable } from './text-table.ts';

/** What the Go agent prints when there is nothing to tabulate. */
export const NO_IMAGES_MESSAGE = 'No Images found\n';

/**
 * The Go agent's table: `IMAGE TAG`, `REPO DIGEST`, `NAMESPACE`, rows sorted by tag. Given a list
 * of reports (several clusters), a `CLUSTER` column is added last, so the first three columns
 * stay where scripts written for the Go agent expect them.
 */
export function renderImagesTable(report: ImagesByNamespaceReport | readonly ImagesByNamespaceReport[]): string {
  const input: ImagesInput = report;
  const rows = toImageRows(input);
  if (rows.length === 0) return NO_IMAGES_MESSAGE;
  const withCluster = isReportList(input);
  const headers = ['Image Tag', 'Repo Digest', 'Namespace', ...(withCluster ? ['Cluster'] : [])];
  return renderTextTable(
    headers,
    rows.map((row) => [row.tag, row.repoDigest, row.namespace, ...(withCluster ? [row.cluster] : [])]),
  );
}
