/**
 * Raw API JSON → the small views of src/inventory/model.ts. Called once per item as each page is
 * parsed; the raw object is dropped right after, so memory holds views, not pods.
 */
import type { ContainerKind, ContainerView, NamespaceView, NodeView, PodView } from '../inventory/model.ts';
import { KEEP_ALL_METADATA, pickMetadata, type CompiledMetadataFilter } from './metadata-filter.ts';

type Json = Readonly<Record<string, unknown>>;

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

function toContainer(kind: ContainerKind, spec: Json | undefined, status: Json | undefined): ContainerView {
  return {
    name: str(spec?.['name'] ?? status?.['name']),
    kind,
    specImage: optional(spec?.['image']),
    statusImage: optional(status?.['image']),
    imageId: optional(status?.['imageID']),
    containerId: optional(status?.['containerID']),
  };
}

/** Spec entries in spec order joined with their status by name, then statuses with no spec entry. */
function joinContainers(source: ContainerSource, spec: Json, status: Json): ContainerView[] {
  const statuses = new Map<string, Json>();
  for (const entry of list(status[source.statusKey])) statuses.set(str(entry['name']), entry);
  const views: ContainerView[] = [];
  for (const entry of list(spec[source.specKey])) {
    const name = str(entry['name']);
    views.push(toContainer(source.kind, entry, statuses.get(name)));
    statuses.delete(name);
  }
  for (const entry of statuses.values()) views.push(toContainer(source.kind, undefined, entry));
  return views;
}

/** A raw Pod (from a list page, a watch event or a file) as a PodView. */
export function toPodView(raw: unknown, metadata: CompiledMetadataFilter = KEEP_ALL_METADATA): PodView {
  const pod = obj(raw);
  const meta = obj(pod['metadata']);
  const spec = obj(pod['spec']);
  const status = obj(pod['status']);
  return {
    uid: str(meta['uid']),
    name: str(meta['name']),
    namespace: str(meta['namespace']),
    phase: str(status['phase']),
    nodeName: optional(spec['nodeName']),
    labels: pickMetadata(meta['labels'], metadata.labels, metadata.isDisabled),
    annotations: pickMetadata(meta['annotations'], metadata.annotations, metadata.isDisabled),
    containers: CONTAINER_SOURCES.flatMap((source) => joinContainers(source, spec, status)),
  };
}

export function toNamespaceView(raw: unknown, metadata: CompiledMetadataFilter = KEEP_ALL_METADATA): NamespaceView {
  const meta = obj(obj(raw)['metadata']);
  return {
    uid: str(meta['uid']),
    name: str(meta['name']),
    labels: pickMetadata(meta['labels'], metadata.labels, metadata.isDisabled),
    annotations: pickMetadata(meta['annotations'], metadata.annotations, metadata.isDisabled),
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
    labels: pickMetadata(meta['labels'], metadata.labels, metadata.isDisabled),
    annotations: pickMetadata(meta['annotations'], metadata.annotations, metadata.isDisabled),
  };
}
