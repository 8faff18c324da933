import { ConfigError } from '../errors.ts';
import type { Labels } from './model.ts';
import type { MetadataFilter } from './options.ts';
import { compareText } from './images-report.ts';
import { compilePatternList } from './namespace-filter.ts';

/** Labels and annotations kept for one object, as the wire format wants them (omitted if empty). */
export interface KeptMetadata {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export type MetadataSelector = (labels: Labels, annotations: Labels) => KeptMetadata;

/** Compiles key patterns of `metadata-collection`; an invalid one is a ConfigError naming its index. */
export function compileKeyPatterns(patterns: readonly string[], keyPath: string): readonly RegExp[] {
  const compiled = compilePatternList(patterns, keyPath);
  // Config validation reports these first; reaching here means a caller skipped it.
  if ('problems' in compiled) throw new ConfigError(compiled.problems);
  return compiled.regexes;
}

function keepMatching(values: Labels, regexes: readonly RegExp[]): Record<string, string> {
  // fromEntries defines own properties, so a key such as `__proto__` from an --input file stays data.
  return Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => regexes.length === 0 || regexes.some((regex) => regex.test(key)))
      .sort(([a], [b]) => compareText(a, b)),
  );
}

/**
 * The `metadata-collection.<kind>` rule: keys are matched by unanchored regex, an empty list
 * keeps every key, `disable` keeps none. Empty maps are left out, as the Go agent's `omitempty`.
 * Throws ConfigError for an invalid pattern (normally caught by config validation earlier).
 */
export function compileMetadataFilter(filter: MetadataFilter, keyPath: string): MetadataSelector {
  if (filter.disable) return () => ({});
  const labelRegexes = compileKeyPatterns(filter.includeLabels, `${keyPath}.include-labels`);
  const annotationRegexes = compileKeyPatterns(filter.includeAnnotations, `${keyPath}.include-annotations`);
  return (labels, annotations) => {
    const keptLabels = keepMatching(labels, labelRegexes);
    const keptAnnotations = keepMatching(annotations, annotationRegexes);
    return {
      ...(Object.keys(keptLabels).length > 0 ? { labels: keptLabels } : {}),
      ...(Object.keys(keptAnnotations).length > 0 ? { annotations: keptAnnotations } : {}),
    };
  };
}
