/** Picks the renderer for `-o`; every format is a pure function of the same snapshot and records. */
import type { Config, OutputFormat } from '../config/schema.ts';
import { toMetadataOptions } from '../config/slices.ts';
import { assertNever } from '../errors.ts';
import type { ImageRecord } from '../inventory/containers.ts';
import { buildImagesByNamespace } from '../inventory/images-report.ts';
import { buildInventoryReport } from '../inventory/inventory-report.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import { renderImagesCsv } from '../report/csv.ts';
import { renderJson } from '../report/json.ts';
import { renderImagesMarkdown } from '../report/markdown.ts';
import { renderImagesTable } from '../report/table.ts';
import { renderYaml } from '../report/yaml.ts';

export interface RenderInput {
  readonly snapshot: ClusterSnapshot;
  readonly records: readonly ImageRecord[];
  /** Selected namespace names, in the images-by-namespace report even when empty. */
  readonly namespaces: readonly string[];
  readonly timestamp: string;
  readonly config: Config;
}

export function renderOutput(format: OutputFormat, input: RenderInput): string {
  const images = () => buildImagesByNamespace(input);
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
      return renderJson(buildInventoryReport({ ...input, metadata: toMetadataOptions(input.config) }));
    default:
      return assertNever(format);
  }
}
