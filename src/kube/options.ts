/** The config slices the Kubernetes adapter needs (STYLE.md: modules get their slice, not Config). */

/** How to reach the API server: a kubeconfig file, the in-cluster service account, or explicit values. */
export interface KubeConnectionOptions {
  /** '' = $KUBECONFIG, then ~/.kube/config, then in-cluster; 'use-in-cluster' forces in-cluster. */
  readonly path: string;
  /** Kubeconfig context to use; '' = the file's current-context. */
  readonly context: string;
  /** Overrides the report's cluster name; with `server` set, also names the explicit cluster. */
  readonly cluster: string;
  /** Base64 CA bundle for the explicit connection. */
  readonly clusterCert: string;
  /** `https://host:6443`: when set (and `path` is ''), the explicit connection replaces any kubeconfig. */
  readonly server: string;
  readonly user: KubeUserOptions;
}

export const KUBE_USER_TYPES = ['', 'private_key', 'token'] as const;
export type KubeUserType = (typeof KUBE_USER_TYPES)[number];

export interface KubeUserOptions {
  readonly type: KubeUserType;
  /** Base64 PEM client certificate (type private_key). */
  readonly clientCert: string;
  /** Base64 PEM private key (type private_key). */
  readonly privateKey: string;
  /** Bearer token (type token). */
  readonly token: string;
}

export interface KubeRequestOptions {
  /** Client-side timeout of every request, body included. */
  readonly requestTimeoutMs: number;
  /** `limit` of every list call. */
  readonly batchSize: number;
  /** Namespaces fetched concurrently. */
  readonly workerPoolSize: number;
}

/** The path value that forces the in-cluster service account (as in the Go agent). */
export const USE_IN_CLUSTER = 'use-in-cluster';
