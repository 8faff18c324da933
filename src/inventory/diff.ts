import { compareText } from './images-report.ts';
import type { ImageKey, ImageSet } from './saved-report.ts';

export { imageSetFromRecords, isPodList, normalizeSavedReport, toImageSet } from './saved-report.ts';
export type { ImageKey, ImageSet } from './saved-report.ts';

/** A tag that runs in the same cluster and namespace on both sides, with other digests. */
export interface RedigestedImage {
  readonly cluster: string;
  readonly namespace: string;
  readonly tag: string;
  /** Digests only the old report has for this tag. */
  readonly oldDigests: readonly string[];
  /** Digests only the new report has for this tag. */
  readonly newDigests: readonly string[];
}

export interface ReportDiff {
  readonly added: readonly ImageKey[];
  readonly removed: readonly ImageKey[];
  readonly redigested: readonly RedigestedImage[];
  readonly isEqual: boolean;
}

type TagKey = string;

function tagKey(key: ImageKey): TagKey {
  return JSON.stringify([key.cluster, key.namespace, key.tag]);
}

function groupDigests(set: ImageSet): Map<TagKey, { key: ImageKey; digests: Set<string> }> {
  const groups = new Map<TagKey, { key: ImageKey; digests: Set<string> }>();
  for (const key of set) {
    const group = groups.get(tagKey(key));
    if (group === undefined) groups.set(tagKey(key), { key, digests: new Set([key.digest]) });
    else group.digests.add(key.digest);
  }
  return groups;
}

const minus = (a: ReadonlySet<string>, b: ReadonlySet<string>): string[] =>
  [...a].filter((value) => !b.has(value)).sort(compareText);

function withDigests(key: ImageKey, digests: readonly string[]): ImageKey[] {
  return digests.map((digest) => ({ ...key, digest }));
}

interface TagChange {
  readonly added: ImageKey[];
  readonly removed: ImageKey[];
  readonly redigested: RedigestedImage[];
}

const NONE: ReadonlySet<string> = new Set();

function compareTag(key: ImageKey, oldDigests: ReadonlySet<string>, newDigests: ReadonlySet<string>): TagChange {
  const gone = minus(oldDigests, newDigests);
  const fresh = minus(newDigests, oldDigests);
  if (gone.length > 0 && fresh.length > 0) {
    const { cluster, namespace, tag } = key;
    return { added: [], removed: [], redigested: [{ cluster, namespace, tag, oldDigests: gone, newDigests: fresh }] };
  }
  return { added: withDigests(key, fresh), removed: withDigests(key, gone), redigested: [] };
}

function byPlace<T extends { cluster: string; namespace: string; tag: string }>(a: T, b: T): number {
  return compareText(a.cluster, b.cluster) || compareText(a.namespace, b.namespace) || compareText(a.tag, b.tag);
}

/**
 * Compares two image sets per cluster and namespace. A tag whose digests changed (some only in
 * the old set and some only in the new) is `redigested`; otherwise digests only in the new set
 * are `added` and digests only in the old set are `removed`. An image that moved to another
 * namespace is removed from one and added to the other.
 */
export function diffReports(oldSet: ImageSet, newSet: ImageSet): ReportDiff {
  const before = groupDigests(oldSet);
  const after = groupDigests(newSet);
  const changes: TagChange[] = [];
  for (const [tag, old] of before) changes.push(compareTag(old.key, old.digests, after.get(tag)?.digests ?? NONE));
  for (const [tag, next] of after) {
    if (!before.has(tag)) changes.push(compareTag(next.key, NONE, next.digests));
  }
  const added = changes.flatMap((c) => c.added).sort(byPlace);
  const removed = changes.flatMap((c) => c.removed).sort(byPlace);
  const redigested = changes.flatMap((c) => c.redigested).sort(byPlace);
  return { added, removed, redigested, isEqual: added.length === 0 && removed.length === 0 && redigested.length === 0 };
}
