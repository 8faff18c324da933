import type { ImageViewRow } from '../inventory/image-view.ts';
import { renderCsv } from './csv.ts';
import { formatMarkdownCell, renderMarkdownTable } from './markdown.ts';
import { NO_IMAGES_MESSAGE } from './table.ts';
import { renderTextTable } from './text-table.ts';

export interface ImageViewOptions {
  /** One line per container (namespace, pod, container) instead of one per image. */
  readonly wide: boolean;
  /** Add the cluster(s): set when more than one cluster was inventoried. */
  readonly showCluster: boolean;
}

const flag = (row: ImageViewRow): string => (row.mutableTag ? 'yes' : 'no');
const orDash = (value: string): string => (value === '' ? '-' : value);

function summaryColumns(options: ImageViewOptions): { headers: string[]; cells: (row: ImageViewRow) => string[] } {
  return {
    headers: ['Image', 'Digest', 'Mutable Tag', 'Pods', 'Containers', 'Namespaces', ...(options.showCluster ? ['Clusters'] : [])],
    cells: (row) => [
      row.image,
      orDash(row.digest),
      flag(row),
      String(row.podCount),
      String(row.containerCount),
      row.namespaces.join(','),
      ...(options.showCluster ? [row.clusters.join(',')] : []),
    ],
  };
}

function wideRows(rows: readonly ImageViewRow[], options: ImageViewOptions): { headers: string[]; body: string[][] } {
  return {
    headers: ['Image', 'Digest', 'Mutable Tag', 'Namespace', 'Pod', 'Container', 'Kind', ...(options.showCluster ? ['Cluster'] : [])],
    body: rows.flatMap((row) =>
      row.containers.map((use) => [
        row.image,
        orDash(row.digest),
        flag(row),
        use.namespace,
        use.pod,
        use.container,
        use.kind,
        ...(options.showCluster ? [use.cluster] : []),
      ]),
    ),
  };
}

function tableData(rows: readonly ImageViewRow[], options: ImageViewOptions): { headers: string[]; body: string[][] } {
  if (options.wide) return wideRows(rows, options);
  const { headers, cells } = summaryColumns(options);
  return { headers, body: rows.map(cells) };
}

/** The image-centric view as an aligned table; `MUTABLE TAG` says `yes` for a re-pushed tag. */
export function renderImageViewTable(rows: readonly ImageViewRow[], options: ImageViewOptions): string {
  if (rows.length === 0) return NO_IMAGES_MESSAGE;
  const { headers, body } = tableData(rows, options);
  return renderTextTable(headers, body);
}

/** The image-centric view as a Markdown table. */
export function renderImageViewMarkdown(rows: readonly ImageViewRow[], options: ImageViewOptions): string {
  const { headers, body } = tableData(rows, options);
  return renderMarkdownTable(headers, body.map((cells) => cells.map(formatMarkdownCell)));
}

export const IMAGE_VIEW_CSV_COLUMNS = ['image', 'registry', 'repository', 'tag', 'digest', 'mutable_tag', 'pods', 'containers', 'namespaces', 'clusters'] as const;
export const IMAGE_VIEW_WIDE_CSV_COLUMNS = ['image', 'registry', 'repository', 'tag', 'digest', 'mutable_tag', 'cluster', 'namespace', 'pod', 'container', 'kind'] as const;

/** The image-centric view as RFC 4180 CSV; list cells are joined with `;`. Columns never vary. */
export function renderImageViewCsv(rows: readonly ImageViewRow[], options: Pick<ImageViewOptions, 'wide'>): string {
  const base = (row: ImageViewRow): string[] => [row.image, row.registry, row.repository, row.tag, row.digest, String(row.mutableTag)];
  if (options.wide) {
    return renderCsv(
      IMAGE_VIEW_WIDE_CSV_COLUMNS,
      rows.flatMap((row) => row.containers.map((use) => [...base(row), use.cluster, use.namespace, use.pod, use.container, use.kind])),
    );
  }
  return renderCsv(
    IMAGE_VIEW_CSV_COLUMNS,
    rows.map((row) => [...base(row), String(row.podCount), String(row.containerCount), row.namespaces.join(';'), row.clusters.join(';')]),
  );
}
