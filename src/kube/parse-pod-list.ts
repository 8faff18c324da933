/**
 * `--input FILE|-`: a saved `kubectl get pods -A -o json|yaml` (a `v1/List`), a `PodList`, a single
 * Pod, or several YAML documents of those. Anything else is a UsageError that says what was found.
 */
import { parseAllDocuments } from 'yaml';
import { UsageError } from '../errors.ts';
import type { PodView } from '../inventory/model.ts';
import { KEEP_ALL_METADATA, type CompiledMetadataFilter } from './metadata-filter.ts';
import { createInterner, toPodView } from './views.ts';

const HINT = 'give the output of `kubectl get pods -A -o json` (or -o yaml): a List or PodList of pods, or one Pod';

function parseDocuments(text: string): unknown[] {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    // not JSON: YAML is tried next, and its error is the one reported
  }
  const docs = parseAllDocuments(text);
  const all = Array.isArray(docs) ? docs : [docs];
  const broken = all.find((doc) => doc.errors.length > 0);
  if (broken !== undefined) {
    const first = broken.errors[0]?.message.split('\n')[0] ?? 'syntax error';
    throw new UsageError(`input is neither JSON nor YAML: ${first}`, { hint: HINT });
  }
  return all.map((doc) => doc.toJS() as unknown).filter((value) => value !== null && value !== undefined);
}

function kindOf(value: unknown): string {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return '';
  return typeof value.kind === 'string' ? value.kind : '';
}

function hasPodName(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('metadata' in value)) return false;
  const meta = value.metadata;
  return typeof meta === 'object' && meta !== null && 'name' in meta && typeof meta.name === 'string';
}

function podsOfList(items: readonly unknown[], index: number): unknown[] {
  // A v1/List may mix kinds (`kubectl get all`): keep the pods; PodList items carry no kind.
  const pods = items.filter((item) => kindOf(item) === 'Pod' || (kindOf(item) === '' && hasPodName(item)));
  if (items.length > 0 && pods.length === 0) {
    throw new UsageError(`input document ${index + 1}: the list holds no pods (first item kind "${kindOf(items[0])}")`, { hint: HINT });
  }
  return pods;
}

function describeValue(value: unknown): string {
  return Array.isArray(value) ? 'an array' : typeof value;
}

function podsOf(doc: unknown, index: number): unknown[] {
  const kind = kindOf(doc);
  if (kind === 'Pod') return [doc];
  const items = typeof doc === 'object' && doc !== null && 'items' in doc ? doc.items : undefined;
  if ((kind === 'List' || kind === 'PodList' || kind === '') && Array.isArray(items)) return podsOfList(items, index);
  const found = kind !== '' ? `kind "${kind}"` : describeValue(doc);
  throw new UsageError(`input document ${index + 1}: expected a Pod, PodList or List, found ${found}`, { hint: HINT });
}

/** Parses a saved pod list into PodViews; throws UsageError for anything that is not one. */
export function parsePodList(text: string, metadata: CompiledMetadataFilter = KEEP_ALL_METADATA): PodView[] {
  if (text.trim() === '') throw new UsageError('input is empty', { hint: HINT });
  const docs = parseDocuments(text);
  if (docs.length === 0) throw new UsageError('input holds no document', { hint: HINT });
  const intern = createInterner();
  return docs.flatMap((doc, index) => podsOf(doc, index)).map((pod) => toPodView(pod, metadata, intern));
}
