/**
 * The two report shapes of SPEC section 4. Field names are the wire format (snake_case where the
 * Go agent and Anchore use it) and must not change.
 */
import type { ServerVersion } from './model.ts';

/** Images by namespace: the KAI README's JSON, printed by `-o json` and `-o table`. */
export interface ImagesByNamespaceReport {
  readonly timestamp: string;
  readonly results: readonly NamespaceImages[];
  readonly serverVersionMetadata: ServerVersion | null;
  readonly cluster_name: string;
  readonly inventory_type: 'kubernetes';
}

export interface NamespaceImages {
  readonly namespace: string;
  readonly images: readonly ReportImage[];
}

export interface ReportImage {
  readonly tag: string;
  readonly repoDigest: string;
}

/** The Anchore Enterprise 5.x `/v2/kubernetes-inventory` body. */
export interface InventoryReport {
  readonly cluster_name: string;
  readonly timestamp: string;
  readonly serverVersionMetadata: ServerVersion | null;
  readonly namespaces: readonly InventoryNamespace[];
  readonly nodes: readonly InventoryNode[];
  readonly pods: readonly InventoryPod[];
  readonly containers: readonly InventoryContainer[];
}

export interface InventoryNamespace {
  readonly uid: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface InventoryNode {
  readonly uid: string;
  readonly name: string;
  readonly arch: string;
  readonly container_runtime_version: string;
  readonly kernel_version: string;
  readonly kubelet_version: string;
  readonly operating_system: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface InventoryPod {
  readonly uid: string;
  readonly name: string;
  readonly namespace_uid: string;
  readonly node_uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface InventoryContainer {
  readonly id: string;
  readonly name: string;
  readonly pod_uid: string;
  readonly image_tag: string;
  readonly image_digest: string;
}
