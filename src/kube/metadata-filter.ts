/** Compiled `metadata-collection` filters: which label and annotation keys a view keeps. */
import { compileKeyPatterns } from '../inventory/metadata-filter.ts';
import type { Labels } from '../inventory/model.ts';
import type { MetadataFilter } from '../inventory/options.ts';

export interface CompiledMetadataFilter {
  readonly isDisabled: boolean;
  readonly labels: readonly RegExp[];
  readonly annotations: readonly RegExp[];
}

/** Keeps every label and annotation. */
export const KEEP_ALL_METADATA: CompiledMetadataFilter = { isDisabled: false, labels: [], annotations: [] };
/** Keeps none. */
export const KEEP_NO_METADATA: CompiledMetadataFilter = { isDisabled: true, labels: [], annotations: [] };

/** The filter applied while a page is parsed, so dropped labels never take memory. */
export function compileMetadataFilter(filter: MetadataFilter): CompiledMetadataFilter {
  if (filter.disable) return KEEP_NO_METADATA;
  return {
    isDisabled: false,
    labels: compileKeyPatterns(filter.includeLabels, 'metadata-collection.include-labels'),
    annotations: compileKeyPatterns(filter.includeAnnotations, 'metadata-collection.include-annotations'),
  };
}

const EMPTY: Labels = Object.freeze({});

/** The entries of a raw labels/annotations object whose keys pass the filter (no patterns = all). */
export function pickMetadata(
  raw: unknown,
  filter: CompiledMetadataFilter,
  how: { readonly kind: 'labels' | 'annotations'; readonly intern: (value: string) => string },
): Labels {
  if (filter.isDisabled || typeof raw !== 'object' || raw === null) return EMPTY;
  const patterns = filter[how.kind];
  const kept: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') continue;
    if (patterns.length > 0 && !patterns.some((re) => re.test(key))) continue;
    kept[key] = how.intern(value);
    count += 1;
  }
  return count === 0 ? EMPTY : kept;
}
