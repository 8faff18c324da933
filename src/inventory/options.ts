/** The config slices the pure inventory rules need (STYLE.md: modules get their slice, not Config). */

export const MISSING_TAG_POLICIES = ['digest', 'insert', 'drop'] as const;
export type MissingTagPolicy = (typeof MISSING_TAG_POLICIES)[number];

export interface MissingTagOptions {
  readonly policy: MissingTagPolicy;
  /** The tag `insert` uses; `UNKNOWN` by default. */
  readonly tag: string;
}

export interface NamespaceSelectors {
  /** Exact namespace names; empty means every namespace. */
  readonly include: readonly string[];
  /** A DNS label is an exact name; anything else is an unanchored regular expression. */
  readonly exclude: readonly string[];
  readonly ignoreEmpty: boolean;
}

export interface ImageRuleOptions {
  readonly missingTag: MissingTagOptions;
  /** Registry prefixed to references that name none; '' disables. */
  readonly missingRegistryOverride: string;
  readonly ignoreNotRunning: boolean;
  readonly includeEphemeral: boolean;
}

export interface MetadataFilter {
  /** Unanchored regexes on the key; empty means all. */
  readonly includeAnnotations: readonly string[];
  readonly includeLabels: readonly string[];
  readonly disable: boolean;
}

export interface MetadataOptions {
  readonly nodes: MetadataFilter;
  readonly namespaces: MetadataFilter;
  readonly pods: MetadataFilter;
}
