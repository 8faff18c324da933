/**
 * Loads the connection from a kubeconfig file, the in-cluster service account, or explicit values,
 * with @kubernetes/client-node's KubeConfig (which also handles exec/auth-provider plugins).
 * Search order, as kubectl and the Go agent: `kubeconfig.path`, else an explicit `server`, else
 * $KUBECONFIG (a path list, merged), else ~/.kube/config, else in-cluster.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { UsageError } from '../errors.ts';
import { USE_IN_CLUSTER, type KubeConnectionOptions } from './options.ts';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeConfigDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** Where the in-cluster token and CA live; the standard mount unless told otherwise. */
  readonly serviceAccountDir?: string;
}

export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig;
  /** Where the connection came from, for logs and messages: a file path, 'in-cluster' or 'explicit'. */
  readonly source: string;
  readonly contextName: string;
  readonly cluster: Cluster;
}

function loadFiles(paths: readonly string[]): KubeConfig {
  const [first, ...rest] = paths;
  const kc = readFile(first ?? '');
  for (const file of rest) {
    // kubectl semantics: the first file that sets current-context wins.
    const next = readFile(file);
    try {
      kc.mergeConfig(next, Boolean(kc.currentContext));
    } catch (error) {
      throw new UsageError(`kubeconfig "${file}" cannot be merged: ${(error as Error).message}`, {
        hint: 'give each cluster, user and context a unique name across the files in $KUBECONFIG',
      });
    }
  }
  return kc;
}

function readFile(file: string): KubeConfig {
  if (!existsSync(file)) {
    throw new UsageError(`kubeconfig "${file}" not found`, {
      hint: 'pass an existing file with -k/--kubeconfig (or kubeconfig.path), or fix $KUBECONFIG',
    });
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? '';
    throw new UsageError(`kubeconfig "${file}" is not a valid kubeconfig: ${reason}`, {
      hint: 'check the file with `kubectl config view --kubeconfig FILE`',
    });
  }
  return kc;
}

function loadInCluster(deps: KubeConfigDeps): KubeConfig {
  const host = deps.env['KUBERNETES_SERVICE_HOST'] ?? '';
  const port = deps.env['KUBERNETES_SERVICE_PORT'] ?? '';
  const dir = deps.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const tokenFile = join(dir, 'token');
  if (host === '' || port === '' || !existsSync(tokenFile)) {
    throw new UsageError('not running in a cluster: KUBERNETES_SERVICE_HOST/PORT or the service account token is missing', {
      hint: `run kai in a pod with a service account token at ${tokenFile}, or give a kubeconfig with -k/--kubeconfig`,
    });
  }
  const kc = new KubeConfig();
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // The token file is re-read by client-node's tokenFile provider, so projected tokens rotate.
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster' }],
    currentContext: 'in-cluster',
  });
  return kc;
}

function validateExplicitUser(conn: KubeConnectionOptions): void {
  const { type, token, clientCert, privateKey } = conn.user;
  if (type === 'token' && token === '') {
    throw new UsageError('kubeconfig.user.token is empty but kubeconfig.user.type is "token"', { hint: 'set KAI_KUBECONFIG_USER_TOKEN' });
  }
  if (type === 'private_key' && (clientCert === '' || privateKey === '')) {
    throw new UsageError('kubeconfig.user.type is "private_key" but client-cert or private-key is empty', {
      hint: 'set both kubeconfig.user.client-cert and kubeconfig.user.private-key (base64 PEM)',
    });
  }
}

function explicitUser(conn: KubeConnectionOptions): User {
  validateExplicitUser(conn);
  const { type, token, clientCert, privateKey } = conn.user;
  const useToken = type === 'token' || (type === '' && token !== '');
  const useCert = type === 'private_key' || (type === '' && clientCert !== '' && privateKey !== '');
  return {
    name: 'kai',
    ...(useToken ? { token } : {}),
    ...(useCert ? { certData: clientCert, keyData: privateKey } : {}),
  };
}

function loadExplicit(conn: KubeConnectionOptions): KubeConfig {
  const kc = new KubeConfig();
  const cluster: Cluster = {
    name: conn.cluster === '' ? 'kai' : conn.cluster,
    server: conn.server,
    skipTLSVerify: false,
    ...(conn.clusterCert === '' ? {} : { caData: conn.clusterCert }),
  };
  kc.loadFromClusterAndUser(cluster, explicitUser(conn));
  return kc;
}

function loadBySearch(conn: KubeConnectionOptions, deps: KubeConfigDeps): { kc: KubeConfig; source: string } {
  if (conn.path === USE_IN_CLUSTER) return { kc: loadInCluster(deps), source: 'in-cluster' };
  if (conn.path !== '') return { kc: loadFiles([conn.path]), source: conn.path };
  if (conn.server !== '') return { kc: loadExplicit(conn), source: 'explicit kubeconfig.server' };
  const fromEnv = (deps.env['KUBECONFIG'] ?? '').split(delimiter).filter((p) => p !== '');
  if (fromEnv.length > 0) return { kc: loadFiles(fromEnv), source: fromEnv.join(delimiter) };
  const home = join(deps.homeDir, '.kube', 'config');
  if (existsSync(home)) return { kc: loadFiles([home]), source: home };
  return { kc: loadInCluster(deps), source: 'in-cluster' };
}

function selectContext(kc: KubeConfig, wanted: string, source: string): { contextName: string; cluster: Cluster } {
  const names = kc.getContexts().map((c) => c.name);
  const available = names.length === 0 ? 'none defined' : `available: ${names.join(', ')}`;
  const contextName = wanted === '' ? kc.getCurrentContext() : wanted;
  if (contextName === '' || (contextName as string | undefined) === undefined) {
    throw new UsageError(`kubeconfig "${source}" has no current-context`, { hint: `pass --context NAME (${available})` });
  }
  const context = kc.getContextObject(contextName);
  if (context === null) {
    throw new UsageError(`kubeconfig "${source}" has no context "${contextName}"`, { hint: `pass --context NAME (${available})` });
  }
  kc.setCurrentContext(contextName);
  const cluster = kc.getCluster(context.cluster);
  if (cluster === null || cluster.server === '') {
    throw new UsageError(`kubeconfig "${source}": context "${contextName}" refers to cluster "${context.cluster}", which is not defined or has no server`, {
      hint: 'fix the clusters section of the kubeconfig',
    });
  }
  if (kc.getCurrentUser() === null) {
    throw new UsageError(`kubeconfig "${source}": context "${contextName}" refers to user "${context.user}", which is not defined`, {
      hint: 'fix the users section of the kubeconfig',
    });
  }
  return { contextName, cluster };
}

/** Loads and validates the connection; every problem is a UsageError (exit 2) naming the file or context. */
export function loadKubeConfig(conn: KubeConnectionOptions, deps: KubeConfigDeps): LoadedKubeConfig {
  const { kc, source } = loadBySearch(conn, deps);
  const { contextName, cluster } = selectContext(kc, conn.server !== '' && conn.path === '' ? '' : conn.context, source);
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw new UsageError(`kubeconfig "${source}": server "${cluster.server}" is not a URL`, { hint: 'use https://host:port' });
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') {
    throw new UsageError(`kubeconfig "${source}": server "${cluster.server}" must be http(s)`, { hint: 'use https://host:port' });
  }
  return { kubeConfig: kc, source, contextName, cluster };
}
