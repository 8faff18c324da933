/**
 * Picks the renderer for `-o`; every format is a pure function of the same snapshots and records.
 * One cluster renders exactly as the Go agent's report; several render as a list (JSON/YAML) or
 * with a cluster column (table, CSV, Markdown).
 */
import type { OutputFormat } from '../config/schema.ts';
import { assertNever } from '../errors.ts';
import type { ImageRecord } from '../inventory/containers.ts';
import { buildImagesByNamespace } from '../inventory/images-report.ts';
import { buildInventoryReport } from '../inventory/inventory-report.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import type { MetadataOptions } from '../inventory/options.ts';
import { renderImagesCsv } from '../report/csv.ts';
import { renderJson } from '../report/json.ts';
import { renderImagesMarkdown } from '../report/markdown.ts';
import { renderImagesTable } from '../report/table.ts';
import { renderYaml } from '../report/yaml.ts';
import { renderImagesJsonChunks } from './images-json-stream.ts';

export interface ClusterInventory {
  /** `pods` is empty unless the output needs pod views (`-o inventory`): see podCount. */
  readonly snapshot: ClusterSnapshot;
  /** Pods in the selected namespaces. */
  readonly podCount: number;
  readonly records: readonly ImageRecord[];
  /** Selected namespace names, in the images-by-namespace report even when empty. */
  readonly namespaces: readonly string[];
  readonly timestamp: string;
}

/** One value for one cluster (the Go agent's shape), a list for several. */
function oneOrList<T>(values: readonly T[]): T | readonly T[] {
  return values.length === 1 && values[0] !== undefined ? values[0] : values;
}

export function renderOutput(format: OutputFormat, clusters: readonly ClusterInventory[], metadata: MetadataOptions): string {
  const images = () => oneOrList(clusters.map((c) => buildImagesByNamespace(c)));
  switch (format) {
    case 'json':
      return renderJson(images());
    case 'yaml':
      return renderYaml(images());
    case 'table':
      return renderImagesTable(images());
    case 'csv':
      return renderImagesCsv(images());
    case 'markdown':
      return renderImagesMarkdown(images());
    case 'inventory':
      return renderJson(oneOrList(clusters.map((c) => buildInventoryReport({ ...c, metadata }))));
    default:
      return assertNever(format);
  }
}

/**
 * The same output in pieces, for writing as it is produced: JSON namespace by namespace (the
 * biggest output of a large cluster), the other formats in one piece.
 */
export function renderOutputChunks(format: OutputFormat, clusters: readonly ClusterInventory[], metadata: MetadataOptions): Iterable<string> {
  return format === 'json' ? renderImagesJsonChunks(clusters) : [renderOutput(format, clusters, metadata)];
}
