import type { ImageRecord } from './containers.ts';
import { parseImageRef } from './image-ref.ts';
import { compareText } from './images-report.ts';
import type { ContainerKind } from './model.ts';

/** One container running an image: the `--wide` detail of the image view. */
export interface ImageUse {
  readonly cluster: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly kind: ContainerKind;
}

/** One row of the image-centric view: a unique (registry/repository, tag, digest). */
export interface ImageViewRow {
  /** `registry/repository:tag`, with Docker Hub names spelled out (`docker.io/library/nginx:1.25`). */
  readonly image: string;
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
  /** `sha256:…`, or '' when the runtime reported none. */
  readonly digest: string;
  /** True when the same registry/repository:tag runs with more than one digest (a re-pushed tag). */
  readonly mutableTag: boolean;
  readonly podCount: number;
  readonly containerCount: number;
  readonly clusters: readonly string[];
  readonly namespaces: readonly string[];
  readonly containers: readonly ImageUse[];
}

export interface ClusterRecords {
  readonly clusterName: string;
  readonly records: readonly ImageRecord[];
}

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Registry and repository as a registry sees them: no registry means Docker Hub, and a
 * one-part Docker Hub name lives under `library/`. So `nginx:1.25` and
 * `docker.io/library/nginx:1.25` are one image.
 */
export function canonicalImage(imageTag: string): { registry: string; repository: string; tag: string } {
  const ref = parseImageRef(imageTag);
  const registry = ref.registry === undefined || DOCKER_HUB_ALIASES.has(ref.registry) ? 'docker.io' : ref.registry;
  const isHubOfficial = registry === 'docker.io' && !ref.repository.includes('/');
  return { registry, repository: isHubOfficial ? `library/${ref.repository}` : ref.repository, tag: ref.tag ?? '' };
}

interface Group {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  readonly uses: ImageUse[];
  readonly podKeys: Set<string>;
}

function compareGroups(a: Group, b: Group): number {
  return (
    compareText(a.registry, b.registry) ||
    compareText(a.repository, b.repository) ||
    compareText(a.tag, b.tag) ||
    compareText(a.digest, b.digest)
  );
}

function compareUses(a: ImageUse, b: ImageUse): number {
  return (
    compareText(a.cluster, b.cluster) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.pod, b.pod) ||
    compareText(a.container, b.container)
  );
}

function collectGroups(inputs: readonly ClusterRecords[]): Group[] {
  const groups = new Map<string, Group>();
  for (const { clusterName, records } of inputs) {
    for (const record of records) {
      const image = canonicalImage(record.tag);
      const key = JSON.stringify([image.registry, image.repository, image.tag, record.digest]);
      let group = groups.get(key);
      if (group === undefined) {
        group = { ...image, digest: record.digest, uses: [], podKeys: new Set() };
        groups.set(key, group);
      }
      group.uses.push({ cluster: clusterName, namespace: record.namespace, pod: record.podName, container: record.containerName, kind: record.kind });
      group.podKeys.add(JSON.stringify([clusterName, record.namespace, record.podUid]));
    }
  }
  return [...groups.values()].sort(compareGroups);
}

function mutableTags(groups: readonly Group[]): Set<string> {
  const digestsByTag = new Map<string, Set<string>>();
  for (const group of groups) {
    // An unknown digest ('') is no evidence that the tag moved.
    if (group.digest === '') continue;
    const key = `${group.registry}/${group.repository}:${group.tag}`;
    digestsByTag.set(key, (digestsByTag.get(key) ?? new Set()).add(group.digest));
  }
  return new Set([...digestsByTag].filter(([, digests]) => digests.size > 1).map(([key]) => key));
}

const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort(compareText);

/**
 * The image-centric view over one or more clusters: one row per unique image (registry/repository,
 * tag, digest) with its pod and container counts and where it runs, sorted by registry,
 * repository, tag and digest.
 */
export function groupByImageAcrossClusters(inputs: readonly ClusterRecords[]): ImageViewRow[] {
  const groups = collectGroups(inputs);
  const mutable = mutableTags(groups);
  return groups.map((group) => {
    const image = `${group.registry}/${group.repository}:${group.tag}`;
    return {
      image,
      registry: group.registry,
      repository: group.repository,
      tag: group.tag,
      digest: group.digest,
      mutableTag: mutable.has(image),
      podCount: group.podKeys.size,
      containerCount: group.uses.length,
      clusters: sortedUnique(group.uses.map((use) => use.cluster)),
      namespaces: sortedUnique(group.uses.map((use) => use.namespace)),
      containers: [...group.uses].sort(compareUses),
    };
  });
}

/** The image-centric view of one cluster's records. */
export function groupByImage(records: readonly ImageRecord[], clusterName = ''): ImageViewRow[] {
  return groupByImageAcrossClusters([{ clusterName, records }]);
}
