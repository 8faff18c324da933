/**
 * The pure data model kai works on. The Kubernetes adapter reduces API objects to these views as
 * soon as a page is parsed, keeping only what a report needs, so memory stays bounded by the number
 * of containers rather than the size of the raw pod JSON.
 */

export type Labels = Readonly<Record<string, string>>;

export const CONTAINER_KINDS = ['init', 'regular', 'ephemeral'] as const;
export type ContainerKind = (typeof CONTAINER_KINDS)[number];

/** One container of a pod: its spec image joined with its status entry (matched by name). */
export interface ContainerView {
  readonly name: string;
  readonly kind: ContainerKind;
  /** `spec.*containers[].image`; undefined when the spec has no container of this name. */
  readonly specImage: string | undefined;
  /** `status.*containerStatuses[].image`. */
  readonly statusImage: string | undefined;
  /** `status.*containerStatuses[].imageID`, e.g. `docker-pullable://nginx@sha256:…`. */
  readonly imageId: string | undefined;
  /** `status.*containerStatuses[].containerID`, e.g. `containerd://0f3…`; absent until started. */
  readonly containerId: string | undefined;
}

export interface PodView {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  /** `status.phase`: Pending | Running | Succeeded | Failed | Unknown, or '' when absent. */
  readonly phase: string;
  readonly nodeName: string | undefined;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly containers: readonly ContainerView[];
}

export interface NamespaceView {
  readonly uid: string;
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

export interface NodeView {
  readonly uid: string;
  readonly name: string;
  readonly arch: string;
  readonly containerRuntimeVersion: string;
  readonly kernelVersion: string;
  readonly kubeletVersion: string;
  readonly operatingSystem: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** The body of `GET /version`, passed through untouched as `serverVersionMetadata`. */
export type ServerVersion = Readonly<Record<string, string>>;

/** Everything collected from one cluster in one cycle, before any rule is applied. */
export interface ClusterSnapshot {
  readonly clusterName: string;
  readonly serverVersion: ServerVersion | null;
  readonly namespaces: readonly NamespaceView[];
  readonly nodes: readonly NodeView[];
  readonly pods: readonly PodView[];
}
