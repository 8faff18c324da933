/**
 * The images-by-namespace JSON, namespace by namespace: byte for byte what
 * `renderJson(oneOrList(clusters.map(buildImagesByNamespace)))` prints, without building the whole
 * report and its one big string first. At 150k pods / 10,000 namespaces that report is 24 MB of
 * text plus 130,000 objects, and it was the peak of a run's memory (RSS 200 -> 290 MB in the last
 * 0.2 s).
 */
import { buildImagesByNamespace, compareText, type ImagesReportInput } from '../inventory/images-report.ts';
import type { ImageRecord } from '../inventory/containers.ts';

const GAP = '  ';

/** JSON.stringify(value, null, 2) as it prints when nested at `indent`. */
function nested(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

function* clusterChunks(input: ImagesReportInput, indent: string): Generator<string> {
  const empty = nested(buildImagesByNamespace({ ...input, records: [], namespaces: [] }), indent);
  const marker = `\n${indent}${GAP}"results": []`;
  const at = empty.indexOf(marker);
  const names = [...new Set(input.namespaces)].sort(compareText);
  if (names.length === 0 || at < 0) {
    yield empty;
    return;
  }
  const byNamespace = new Map<string, ImageRecord[]>();
  for (const record of input.records) {
    const list = byNamespace.get(record.namespace);
    if (list === undefined) byNamespace.set(record.namespace, [record]);
    else list.push(record);
  }
  yield `${empty.slice(0, at)}\n${indent}${GAP}"results": [`;
  const entryIndent = `${indent}${GAP}${GAP}`;
  let separator = '';
  for (const namespace of names) {
    const report = buildImagesByNamespace({ ...input, records: byNamespace.get(namespace) ?? [], namespaces: [namespace] });
    yield `${separator}\n${entryIndent}${nested(report.results[0], entryIndent)}`;
    separator = ',';
  }
  yield `\n${indent}${GAP}]${empty.slice(at + marker.length)}`;
}

/** One cluster prints as one report, several as a list (as renderOutput's `oneOrList`). */
export function* renderImagesJsonChunks(inputs: readonly ImagesReportInput[]): Generator<string> {
  const [only] = inputs;
  if (inputs.length === 1 && only !== undefined) {
    yield* clusterChunks(only, '');
  } else if (inputs.length === 0) {
    yield '[]';
  } else {
    yield '[';
    let separator = '';
    for (const input of inputs) {
      yield `${separator}\n${GAP}`;
      yield* clusterChunks(input, GAP);
      separator = ',';
    }
    yield '\n]';
  }
  yield '\n';
}
