/**
 * Raw API JSON → the small views of src/inventory/model.ts. Called once per item as each page is
 * parsed; the raw object is dropped right after, so memory holds views, not pods.
 */
import type { ContainerKind, ContainerView, NamespaceView, NodeView, PodView } from '../inventory/model.ts';
import { KEEP_ALL_METADATA, pickMetadata, type CompiledMetadataFilter } from './metadata-filter.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * Returns one shared copy of equal strings. JSON.parse gives every occurrence its own string, and
 * 150k pods repeat the same namespaces, images, image IDs and label values over and over: sharing
 * them takes a PodView from about 1.3 KB to well under 1 KB.
 */
export type Intern = (value: string) => string;

export function createInterner(): Intern {
  const seen = new Map<string, string>();
  return (value) => {
    const existing = seen.get(value);
    if (existing !== undefined) return existing;
    seen.set(value, value);
    return value;
  };
}

const noIntern: Intern = (value) => value;

const NONE: Json = Object.freeze({});

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : NONE;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** '' and non-strings become undefined: a status with `imageID: ""` has no image ID yet. */
function optional(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown): readonly Json[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

interface ContainerSource {
  readonly kind: ContainerKind;
  readonly specKey: string;
  readonly statusKey: string;
}

const CONTAINER_SOURCES: readonly ContainerSource[] = [
  { kind: 'init', specKey: 'initContainers', statusKey: 'initContainerStatuses' },
  { kind: 'regular', specKey: 'containers', statusKey: 'containerStatuses' },
  { kind: 'ephemeral', specKey: 'ephemeralContainers', statusKey: 'ephemeralContainerStatuses' },
];

function internOptional(value: unknown, intern: Intern): string | undefined {
  const text = optional(value);
  return text === undefined ? undefined : intern(text);
}

function toContainer(kind: ContainerKind, entries: { spec: Json | undefined; status: Json | undefined }, intern: Intern): ContainerView {
  const { spec, status } = entries;
  return {
    name: intern(str(spec?.['name'] ?? status?.['name'])),
    kind,
    specImage: internOptional(spec?.['image'], intern),
    statusImage: internOptional(status?.['image'], intern),
    imageId: internOptional(status?.['imageID'], intern),
    containerId: optional(status?.['containerID']),
  };
}

/** Spec entries in spec order joined with their status by name, then statuses with no spec entry. */
function joinContainers(source: ContainerSource, pod: { spec: Json; status: Json }, intern: Intern): ContainerView[] {
  const { spec, status } = pod;
  const statuses = new Map<string, Json>();
  for (const entry of list(status[source.statusKey])) statuses.set(str(entry['name']), entry);
  const views: ContainerView[] = [];
  for (const entry of list(spec[source.specKey])) {
    const name = str(entry['name']);
    views.push(toContainer(source.kind, { spec: entry, status: statuses.get(name) }, intern));
    statuses.delete(name);
  }
  for (const entry of statuses.values()) views.push(toContainer(source.kind, { spec: undefined, status: entry }, intern));
  return views;
}

/**
 * A raw Pod (from a list page, a watch event or a file) as a PodView. Pass one `intern` per
 * collection (createInterner) to share repeated strings between pods.
 */
export function toPodView(raw: unknown, metadata: CompiledMetadataFilter = KEEP_ALL_METADATA, intern: Intern = noIntern): PodView {
  const pod = obj(raw);
  const meta = obj(pod['metadata']);
  const spec = obj(pod['spec']);
  const status = obj(pod['status']);
  return {
    uid: str(meta['uid']),
    name: str(meta['name']),
    namespace: intern(str(meta['namespace'])),
    phase: intern(str(status['phase'])),
    nodeName: internOptional(spec['nodeName'], intern),
    labels: pickMetadata(meta['labels'], metadata, { kind: 'labels', intern }),
    annotations: pickMetadata(meta['annotations'], metadata, { kind: 'annotations', intern }),
    containers: CONTAINER_SOURCES.flatMap((source) => joinContainers(source, { spec, status }, intern)),
  };
}

export function toNamespaceView(raw: unknown, metadata: CompiledMetadataFilter = KEEP_ALL_METADATA): NamespaceView {
  const meta = obj(obj(raw)['metadata']);
  return {
    uid: str(meta['uid']),
    name: str(meta['name']),
    labels: pickMetadata(meta['labels'], metadata, { kind: 'labels', intern: noIntern }),
    annotations: pickMetadata(meta['annotations'], metadata, { kind: 'annotations', intern: noIntern }),
  };
}

export function toNodeView(raw: unknown, metadata: CompiledMetadataFilter = KEEP_ALL_METADATA): NodeView {
  const node = obj(raw);
  const meta = obj(node['metadata']);
  const info = obj(obj(node['status'])['nodeInfo']);
  return {
    uid: str(meta['uid']),
    name: str(meta['name']),
    arch: str(info['architecture']),
    containerRuntimeVersion: str(info['containerRuntimeVersion']),
    kernelVersion: str(info['kernelVersion']),
    kubeletVersion: str(info['kubeletVersion']),
    operatingSystem: str(info['operatingSystem']),
    labels: pickMetadata(meta['labels'], metadata, { kind: 'labels', intern: noIntern }),
    annotations: pickMetadata(meta['annotations'], metadata, { kind: 'annotations', intern: noIntern }),
  };
}
