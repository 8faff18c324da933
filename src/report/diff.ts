import type { ReportDiff } from '../inventory/diff.ts';
import { compareText } from '../inventory/images-report.ts';
import { renderTextTable } from './text-table.ts';

export const NO_DIFFERENCES_MESSAGE = 'No differences\n';

interface DiffLine {
  readonly change: 'added' | 'removed' | 'redigested';
  readonly cluster: string;
  readonly namespace: string;
  readonly tag: string;
  readonly oldDigest: string;
  readonly newDigest: string;
}

const CHANGE_ORDER = { removed: 0, added: 1, redigested: 2 } as const;

function toLines(diff: ReportDiff): DiffLine[] {
  const lines: DiffLine[] = [
    ...diff.removed.map((k) => ({ change: 'removed' as const, ...k, oldDigest: k.digest, newDigest: '' })),
    ...diff.added.map((k) => ({ change: 'added' as const, ...k, oldDigest: '', newDigest: k.digest })),
    ...diff.redigested.map((r) => ({
      change: 'redigested' as const,
      cluster: r.cluster,
      namespace: r.namespace,
      tag: r.tag,
      oldDigest: r.oldDigests.join(','),
      newDigest: r.newDigests.join(','),
    })),
  ];
  return lines.sort(
    (a, b) =>
      compareText(a.cluster, b.cluster) ||
      compareText(a.namespace, b.namespace) ||
      compareText(a.tag, b.tag) ||
      CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change],
  );
}

/**
 * `kai diff` as a table: one line per change, sorted by cluster, namespace and tag; an unknown
 * or absent digest is `-` so every line has the same number of fields. A CLUSTER column is added
 * when any change names a cluster.
 */
export function renderDiffTable(diff: ReportDiff): string {
  const lines = toLines(diff);
  if (lines.length === 0) return NO_DIFFERENCES_MESSAGE;
  const showCluster = lines.some((line) => line.cluster !== '');
  const dash = (value: string): string => (value === '' ? '-' : value);
  return renderTextTable(
    ['Change', 'Image Tag', 'Old Digest', 'New Digest', 'Namespace', ...(showCluster ? ['Cluster'] : [])],
    lines.map((l) => [l.change, l.tag, dash(l.oldDigest), dash(l.newDigest), l.namespace, ...(showCluster ? [l.cluster] : [])]),
  );
}
