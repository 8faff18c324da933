/** Writes a kubeconfig for fake API servers: one context per server, the first one current. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KubeconfigCluster {
  readonly name: string;
  readonly url: string;
  readonly token: string;
}

export function writeKubeconfigFile(dir: string, clusters: readonly KubeconfigCluster[], fileName = 'kubeconfig.yaml'): string {
  const path = join(dir, fileName);
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...clusters.map((c) => `- { name: ${c.name}, cluster: { server: "${c.url}" } }`),
    'users:',
    ...clusters.map((c) => `- { name: ${c.name}-user, user: { token: "${c.token}" } }`),
    'contexts:',
    ...clusters.map((c) => `- { name: ${c.name}, context: { cluster: ${c.name}, user: ${c.name}-user } }`),
    `current-context: ${clusters[0]?.name ?? ''}`,
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
