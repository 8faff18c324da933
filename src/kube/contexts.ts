/** The context names of a kubeconfig, for `--all-contexts`. */
import { loadKubeConfig, type KubeConfigDeps } from './kubeconfig.ts';
import type { KubeConnectionOptions } from './options.ts';

export function listContextNames(conn: KubeConnectionOptions, deps: KubeConfigDeps): string[] {
  const { kubeConfig } = loadKubeConfig(conn, deps);
  return kubeConfig.getContexts().map((context) => context.name);
}
