/**
 * Per-namespace reducers for the live collection (kube/collect.ts `collectCluster`): each pod is
 * turned into image records as it arrives and dropped, so a 150k-pod cluster is never held as pod
 * views when the report only needs images.
 */
import { extractImages, type ImageRecord } from '../inventory/containers.ts';
import type { ImageRuleOptions } from '../inventory/options.ts';
import type { PodReducer } from '../kube/collect.ts';

/** Every counted container's record (`kai images` lists containers with --wide). */
export function recordsReducer(rules: ImageRuleOptions): PodReducer<ImageRecord[]> {
  return () => {
    const records: ImageRecord[] = [];
    return {
      add: (pod) => {
        for (const record of extractImages([pod], rules)) records.push(record);
      },
      finish: () => records,
    };
  };
}

/**
 * One record per unique tag + digest of the namespace: all the images-by-namespace report reads
 * (buildImagesByNamespace keeps the first record of each tag + digest, and reads only its
 * namespace, tag and digest, so the other fields are left empty). Namespaces share one copy of
 * each image's strings: 10,000 namespaces running the same 20 images hold 20 strings, not 130,000.
 */
export function uniqueImagesReducer(rules: ImageRuleOptions): PodReducer<ImageRecord[]> {
  const shared = new Map<string, { tag: string; digest: string }>();
  return (namespace) => {
    const seen = new Set<{ tag: string; digest: string }>();
    return {
      add: (pod) => {
        for (const record of extractImages([pod], rules)) {
          const key = `${record.tag}@${record.digest}`;
          let image = shared.get(key);
          if (image === undefined) {
            image = { tag: record.tag, digest: record.digest };
            shared.set(key, image);
          }
          seen.add(image);
        }
      },
      finish: () => [...seen].map((image) => toSlimRecord(namespace, image)),
    };
  };
}

function toSlimRecord(namespace: string, image: { tag: string; digest: string }): ImageRecord {
  return { namespace, podUid: '', podName: '', nodeName: undefined, containerName: '', containerId: undefined, kind: 'regular', ...image };
}
