/**
 * Shared pieces of the e2e tests: kai argument builders for each kubeconfig context, and parsers
 * that turn each output format back into comparable rows.
 */
import { E2E_CONTEXTS, type E2eUser } from './cluster.ts';
import { e2eContext } from './context.ts';
import { isSeededNamespace, sortRows, type ImageRow } from './expected.ts';
import type { KaiResult } from './run-kai.ts';

/** `-k <kubeconfig> --context <ctx>` plus extra args. */
export function kaiArgs(user: E2eUser, ...extra: string[]): string[] {
  return ['-k', e2eContext().cluster.kubeconfigPath, '--context', E2E_CONTEXTS[user], ...extra];
}

export interface JsonReport {
  readonly timestamp: string;
  readonly results: readonly { readonly namespace: string; readonly images: readonly { readonly tag: string; readonly repoDigest: string }[] }[];
  readonly serverVersionMetadata: Record<string, string> | null;
  readonly cluster_name: string;
  readonly inventory_type: string;
}

export interface InventoryJson {
  readonly cluster_name: string;
  readonly timestamp: string;
  readonly serverVersionMetadata: Record<string, string> | null;
  readonly namespaces: readonly { uid: string; name: string; labels?: Record<string, string>; annotations?: Record<string, string> }[];
  readonly nodes: readonly {
    uid: string; name: string; arch: string; container_runtime_version: string; kernel_version: string;
    kubelet_version: string; operating_system: string; labels?: Record<string, string>;
  }[];
  readonly pods: readonly { uid: string; name: string; namespace_uid: string; node_uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[];
  readonly containers: readonly { id: string; name: string; pod_uid: string; image_tag: string; image_digest: string }[];
}

export function parseJsonReport(result: KaiResult): JsonReport {
  return JSON.parse(result.stdout) as JsonReport;
}

/** Rows of an images-by-namespace report, seeded namespaces only, sorted. */
export function rowsOf(report: JsonReport): ImageRow[] {
  return sortRows(
    report.results
      .filter((r) => isSeededNamespace(r.namespace))
      .flatMap((r) => r.images.map((i) => ({ namespace: r.namespace, tag: i.tag, repoDigest: i.repoDigest }))),
  );
}

/** Parses the fixed-width `IMAGE TAG  REPO DIGEST  NAMESPACE` table by its header positions. */
export function parseTable(stdout: string): { header: string; rows: ImageRow[] } {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  const digestAt = header.indexOf('REPO DIGEST');
  const namespaceAt = header.indexOf('NAMESPACE');
  const rows = lines.slice(1).map((line) => ({
    tag: line.slice(0, digestAt).trim(),
    repoDigest: line.slice(digestAt, namespaceAt).trim(),
    namespace: line.slice(namespaceAt).trim().split(/\s+/)[0] ?? '',
  }));
  return { header, rows };
}

/** Namespaces present in a report's results (seeded ones only). */
export function namespacesOf(report: JsonReport): string[] {
  return report.results.map((r) => r.namespace).filter(isSeededNamespace).sort();
}

/** Namespaces with at least one image. */
export function namespacesWithImages(report: JsonReport): string[] {
  return report.results.filter((r) => r.images.length > 0).map((r) => r.namespace).filter(isSeededNamespace).sort();
}
