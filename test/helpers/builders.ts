/** Builders for hand-made snapshots: every field has a sensible default, tests set what matters. */
import type { ContainerView, NamespaceView, NodeView, PodView } from '../../src/inventory/model.ts';
import type { ImageRuleOptions, MetadataOptions } from '../../src/inventory/options.ts';

export function aContainer(over: Partial<ContainerView> = {}): ContainerView {
  return {
    name: 'app',
    kind: 'regular',
    specImage: 'nginx:1.25',
    statusImage: 'docker.io/library/nginx:1.25',
    imageId: `docker.io/library/nginx@sha256:${'a'.repeat(64)}`,
    containerId: `containerd://${'c'.repeat(64)}`,
    ...over,
  };
}

export function aPod(over: Partial<PodView> = {}): PodView {
  return {
    uid: 'pod-uid-1',
    name: 'web-1',
    namespace: 'default',
    phase: 'Running',
    nodeName: 'node-a',
    labels: {},
    annotations: {},
    containers: [aContainer()],
    ...over,
  };
}

export function aNamespace(over: Partial<NamespaceView> = {}): NamespaceView {
  return { uid: 'ns-uid-default', name: 'default', labels: {}, annotations: {}, ...over };
}

export function aNode(over: Partial<NodeView> = {}): NodeView {
  return {
    uid: 'node-uid-a',
    name: 'node-a',
    arch: 'amd64',
    containerRuntimeVersion: 'containerd://1.7.11',
    kernelVersion: '6.1.0-18-amd64',
    kubeletVersion: 'v1.28.3',
    operatingSystem: 'linux',
    labels: {},
    annotations: {},
    ...over,
  };
}

export const DEFAULT_RULES: ImageRuleOptions = {
  missingTag: { policy: 'digest', tag: 'UNKNOWN' },
  missingRegistryOverride: '',
  ignoreNotRunning: true,
  includeEphemeral: false,
};

const ALL = { includeAnnotations: [], includeLabels: [], disable: false } as const;
export const ALL_METADATA: MetadataOptions = { nodes: ALL, namespaces: ALL, pods: ALL };

export const SHA_A = `sha256:${'a'.repeat(64)}`;
export const SHA_B = `sha256:${'b'.repeat(64)}`;
