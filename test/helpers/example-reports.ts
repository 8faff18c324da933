/** The reports of examples/pods.json with fixed clock and cluster, shared by the golden tests. */
import { extractImages } from '../../src/inventory/containers.ts';
import { buildImagesByNamespace, synthesizeNamespaceViews } from '../../src/inventory/images-report.ts';
import { buildInventoryReport } from '../../src/inventory/inventory-report.ts';
import type { ClusterSnapshot } from '../../src/inventory/model.ts';
import type { ImagesByNamespaceReport, InventoryReport } from '../../src/inventory/report-types.ts';
import { ALL_METADATA, DEFAULT_RULES } from './builders.ts';
import { loadExamplePods } from './pod-list.ts';

export const EXAMPLE_TIMESTAMP = '2024-11-04T10:00:00Z';

export function exampleSnapshot(clusterName = 'example'): ClusterSnapshot {
  const pods = loadExamplePods();
  return {
    clusterName,
    serverVersion: { major: '1', minor: '28', gitVersion: 'v1.28.3', platform: 'linux/amd64' },
    namespaces: synthesizeNamespaceViews(pods),
    nodes: [],
    pods,
  };
}

export function exampleImagesReport(clusterName = 'example'): ImagesByNamespaceReport {
  const snapshot = exampleSnapshot(clusterName);
  return buildImagesByNamespace({
    snapshot,
    records: extractImages(snapshot.pods, DEFAULT_RULES),
    timestamp: EXAMPLE_TIMESTAMP,
    namespaces: snapshot.namespaces.map((ns) => ns.name),
  });
}

export function exampleInventoryReport(): InventoryReport {
  const snapshot = exampleSnapshot();
  return buildInventoryReport({
    snapshot,
    records: extractImages(snapshot.pods, DEFAULT_RULES),
    timestamp: EXAMPLE_TIMESTAMP,
    metadata: ALL_METADATA,
  });
}
