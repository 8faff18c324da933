import type { ConfigProblem } from '../errors.ts';
import type { NamespaceSelectors } from './options.ts';

/** Decides which namespaces are inventoried (SPEC section 3). */
export interface NamespaceMatcher {
  isSelected(name: string): boolean;
  /** The `include` names; empty means every namespace not excluded. */
  readonly include: readonly string[];
}

/** A DNS label (RFC 1123), as the Go agent checks it: such an exclude entry is an exact name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return DNS_LABEL.test(value);
}

/**
 * Compiles unanchored regular expressions (account routes, metadata filters, namespace
 * excludes). Every invalid pattern becomes a problem named `keyPath[i]`, so all of them are
 * reported at once; the Go agent panics on the first.
 */
export function compilePatternList(
  patterns: readonly string[],
  keyPath: string,
): { regexes: readonly RegExp[] } | { problems: readonly ConfigProblem[] } {
  const regexes: RegExp[] = [];
  const problems: ConfigProblem[] = [];
  patterns.forEach((pattern, index) => {
    try {
      regexes.push(new RegExp(pattern));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({
        path: `${keyPath}[${index}]`,
        message: `expected a valid regular expression, got ${JSON.stringify(pattern)} (${reason}); fix or remove the pattern`,
      });
    }
  });
  return problems.length > 0 ? { problems } : { regexes };
}

/**
 * Builds the namespace matcher: an exclude entry that is a DNS label is an exact name, any other
 * an unanchored regex (`^kube-*` excludes `kube-system`); include entries are exact names; an
 * empty include selects every namespace; exclude wins over include.
 */
export function compileNamespaceSelectors(
  selectors: NamespaceSelectors,
): { matcher: NamespaceMatcher } | { problems: readonly ConfigProblem[] } {
  const exactExcludes = new Set<string>();
  const problems: ConfigProblem[] = [];
  const regexes: RegExp[] = [];
  selectors.exclude.forEach((entry, index) => {
    if (isDnsLabel(entry)) {
      exactExcludes.add(entry);
      return;
    }
    const compiled = compilePatternList([entry], 'namespace-selectors.exclude');
    if ('regexes' in compiled) regexes.push(...compiled.regexes);
    else problems.push(...compiled.problems.map((p) => ({ ...p, path: `namespace-selectors.exclude[${index}]` })));
  });
  if (problems.length > 0) return { problems };

  const include = [...selectors.include];
  const includeSet = new Set(include);
  const isExcluded = (name: string): boolean =>
    exactExcludes.has(name) || regexes.some((regex) => regex.test(name));
  return {
    matcher: {
      include,
      isSelected: (name) => (includeSet.size === 0 || includeSet.has(name)) && !isExcluded(name),
    },
  };
}
