// Small builders for inventory reports and captured logs, shared by the anchore and agent tests.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/logger.ts';
import type { InventoryReport } from '../../src/inventory/report-types.ts';

export interface PodSpec {
  readonly name: string;
  readonly node?: string | undefined;
  readonly containers?: number;
}

export interface NamespaceSpec {
  readonly name: string;
  readonly labels?: Record<string, string>;
  readonly pods?: readonly PodSpec[];
}

export function buildReport(namespaces: readonly NamespaceSpec[], nodes: readonly string[] = []): InventoryReport {
  const pods = namespaces.flatMap((ns) =>
    (ns.pods ?? []).map((p) => ({
      uid: `pod-${ns.name}-${p.name}`,
      name: p.name,
      namespace_uid: `ns-${ns.name}`,
      ...(p.node === undefined ? {} : { node_uid: `node-${p.node}` }),
    })),
  );
  const containers = namespaces.flatMap((ns) =>
    (ns.pods ?? []).flatMap((p) =>
      Array.from({ length: p.containers ?? 1 }, (_, i) => ({
        id: `containerd://${ns.name}-${p.name}-${i}`,
        name: `c${i}`,
        pod_uid: `pod-${ns.name}-${p.name}`,
        image_tag: `registry.example.com/${ns.name}/app:1.${i}`,
        image_digest: `sha256:${String(i).padStart(64, '0')}`,
      })),
    ),
  );
  return {
    cluster_name: 'test-cluster',
    timestamp: '2025-01-02T03:04:05Z',
    serverVersionMetadata: { major: '1', minor: '31', gitVersion: 'v1.31.0' },
    namespaces: namespaces.map((ns) => ({ uid: `ns-${ns.name}`, name: ns.name, ...(ns.labels ? { labels: ns.labels } : {}) })),
    nodes: nodes.map((n) => ({
      uid: `node-${n}`,
      name: n,
      arch: 'amd64',
      container_runtime_version: 'containerd://1.7.0',
      kernel_version: '6.1.0',
      kubelet_version: 'v1.31.0',
      operating_system: 'linux',
    })),
    pods,
    containers,
  };
}

export const namesOf = (report: InventoryReport): string[] => report.namespaces.map((n) => n.name);

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: () => { level: number; msg: string; [key: string]: unknown }[];
  readonly text: () => string;
}

/** A real pino logger writing JSON lines into memory. */
export function captureLog(level: 'debug' | 'info' | 'trace' = 'debug'): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const log = createLogger({ level, structured: true, destination });
  const text = (): string => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { level: number; msg: string });
  return { log, lines, text };
}

export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;
