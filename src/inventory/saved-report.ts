import type { ImageRecord } from './containers.ts';
import { compareText } from './images-report.ts';

/** One image running in one namespace of one cluster: the unit `kai diff` compares. */
export interface ImageKey {
  readonly cluster: string;
  readonly namespace: string;
  readonly tag: string;
  /** `sha256:…`, or '' when unknown. */
  readonly digest: string;
}

/** Unique ImageKeys sorted by cluster, namespace, tag and digest. */
export type ImageSet = readonly ImageKey[];

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareKeys(a: ImageKey, b: ImageKey): number {
  return (
    compareText(a.cluster, b.cluster) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.tag, b.tag) ||
    compareText(a.digest, b.digest)
  );
}

/** Sorts and de-duplicates keys into an ImageSet. */
export function toImageSet(keys: Iterable<ImageKey>): ImageSet {
  const unique = new Map<string, ImageKey>();
  for (const key of keys) unique.set(JSON.stringify([key.cluster, key.namespace, key.tag, key.digest]), key);
  return [...unique.values()].sort(compareKeys);
}

/** The comparable set of freshly extracted records (a live cluster, or a pod list via --input). */
export function imageSetFromRecords(records: readonly ImageRecord[], clusterName = ''): ImageSet {
  return toImageSet(records.map((r) => ({ cluster: clusterName, namespace: r.namespace, tag: r.tag, digest: r.digest })));
}

/** True for `kubectl get pods -o json` output (`v1/List` or `PodList`), which the caller maps. */
export function isPodList(json: unknown): boolean {
  return isObject(json) && (json.kind === 'List' || json.kind === 'PodList') && Array.isArray(json.items);
}

class ShapeError extends Error {}

function text(value: unknown, path: string, options: { optional?: boolean } = {}): string {
  if (typeof value === 'string') return value;
  if (options.optional === true && (value === undefined || value === null)) return '';
  throw new ShapeError(`${path}: expected a string, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}

function list(value: unknown, path: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new ShapeError(`${path}: expected a list, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}

function fromImagesReport(json: Json, path: string): ImageKey[] {
  const cluster = text(json.cluster_name, `${path}cluster_name`, { optional: true });
  return list(json.results, `${path}results`).flatMap((result, i) => {
    const at = `${path}results[${i}]`;
    if (!isObject(result)) throw new ShapeError(`${at}: expected an object`);
    const namespace = text(result.namespace, `${at}.namespace`, { optional: true });
    return list(result.images ?? [], `${at}.images`).map((image, j) => {
      if (!isObject(image)) throw new ShapeError(`${at}.images[${j}]: expected an object`);
      return {
        cluster,
        namespace,
        tag: text(image.tag, `${at}.images[${j}].tag`),
        digest: text(image.repoDigest, `${at}.images[${j}].repoDigest`, { optional: true }),
      };
    });
  });
}

function indexBy(items: readonly unknown[], key: string, value: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const item of items) {
    if (isObject(item) && typeof item[key] === 'string' && typeof item[value] === 'string') {
      index.set(item[key], item[value]);
    }
  }
  return index;
}

function fromInventory(json: Json, path: string): ImageKey[] {
  const cluster = text(json.cluster_name, `${path}cluster_name`, { optional: true });
  const namespaceNames = indexBy(list(json.namespaces ?? [], `${path}namespaces`), 'uid', 'name');
  const podNamespaces = indexBy(list(json.pods ?? [], `${path}pods`), 'uid', 'namespace_uid');
  return list(json.containers, `${path}containers`).flatMap((container, i) => {
    const at = `${path}containers[${i}]`;
    if (!isObject(container)) throw new ShapeError(`${at}: expected an object`);
    const namespaceUid = podNamespaces.get(text(container.pod_uid, `${at}.pod_uid`));
    const namespace = namespaceUid === undefined ? undefined : namespaceNames.get(namespaceUid);
    // A container that cannot be placed in a namespace cannot be compared per namespace.
    if (namespace === undefined) return [];
    return [{ cluster, namespace, tag: text(container.image_tag, `${at}.image_tag`), digest: text(container.image_digest, `${at}.image_digest`, { optional: true }) }];
  });
}

function fromDocument(json: unknown, path: string): ImageKey[] {
  if (Array.isArray(json)) return json.flatMap((item, i) => fromDocument(item, `${path}[${i}].`));
  if (!isObject(json)) throw new ShapeError(`${path || 'document'}: expected a kai report (an object or a list of them)`);
  if ('results' in json) return fromImagesReport(json, path);
  if ('containers' in json) return fromInventory(json, path);
  if (Array.isArray(json.reports)) return fromDocument(json.reports, `${path}reports`);
  throw new ShapeError(
    `${path || 'document'}: expected a kai JSON report (images by namespace with "results", or an inventory with "containers")`,
  );
}

/**
 * Reads any of kai's saved JSON reports into a comparable ImageSet: images by namespace
 * (`-o json`), the inventory shape (`-o inventory`), a list of either (several clusters), or an
 * object with such a list under `reports`. A kubectl pod list is not read here: check
 * `isPodList` and run it through the image rules first (`extractImages` + `imageSetFromRecords`).
 */
export function normalizeSavedReport(json: unknown): { images: ImageSet } | { problem: string } {
  if (isPodList(json)) {
    return { problem: 'this is a kubectl pod list, not a kai report: apply the image rules to it first' };
  }
  try {
    return { images: toImageSet(fromDocument(json, '')) };
  } catch (error) {
    if (error instanceof ShapeError) return { problem: error.message };
    throw error;
  }
}
