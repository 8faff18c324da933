/** Compiled `metadata-collection` filters: which label and annotation keys a view keeps. */
import { UsageError } from '../errors.ts';
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

function compile(patterns: readonly string[], what: string): RegExp[] {
  return patterns.map((pattern) => {
    try {
      return new RegExp(pattern);
    } catch {
      throw new UsageError(`metadata-collection ${what}: "${pattern}" is not a valid regular expression`, {
        hint: 'fix the pattern (it is matched unanchored against the key)',
      });
    }
  });
}

export function compileMetadataFilter(filter: MetadataFilter): CompiledMetadataFilter {
  if (filter.disable) return KEEP_NO_METADATA;
  return {
    isDisabled: false,
    labels: compile(filter.includeLabels, 'include-labels'),
    annotations: compile(filter.includeAnnotations, 'include-annotations'),
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
