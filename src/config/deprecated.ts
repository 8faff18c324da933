/**
 * Keys of the Go agent kept working with a warning (SPEC section 2). Both are read from the config
 * file only: their env names would collide with, or duplicate, the keys that replace them.
 */
import type { ConfigProblem } from '../errors.ts';
import { checkListItem } from './coerce.ts';
import { describeValue, type Origin } from './describe.ts';
import type { DEPRECATED_KEYS } from './schema.ts';

export interface DeprecatedInput {
  readonly deprecated: ReadonlyMap<keyof typeof DEPRECATED_KEYS, unknown>;
  /** Resolved values and where each came from; updated in place. */
  readonly values: Map<string, unknown>;
  readonly origins: ReadonlyMap<string, Origin>;
}

export interface DeprecatedResult {
  readonly warnings: string[];
  readonly problems: ConfigProblem[];
}

const TIMEOUT_KEY = 'kubernetes-request-timeout-seconds';
const TIMEOUT_TARGET = 'kubernetes.request-timeout-seconds';

function applyTimeout(input: DeprecatedInput, result: DeprecatedResult): void {
  if (!input.deprecated.has(TIMEOUT_KEY)) return;
  const raw = input.deprecated.get(TIMEOUT_KEY);
  const value = typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    result.problems.push({ path: TIMEOUT_KEY, message: `expected an integer, got ${describeValue(raw)}` });
    return;
  }
  result.warnings.push(`"${TIMEOUT_KEY}" is deprecated; use "${TIMEOUT_TARGET}" instead`);
  // As in the Go agent, a positive value wins over the new key, unless env or a flag set that one.
  const origin = input.origins.get(TIMEOUT_TARGET)?.kind;
  if (value > 0 && (origin === 'file' || origin === 'default')) input.values.set(TIMEOUT_TARGET, value);
}

function applyNamespaces(input: DeprecatedInput, result: DeprecatedResult): void {
  if (!input.deprecated.has('namespaces')) return;
  const raw = input.deprecated.get('namespaces');
  if (!Array.isArray(raw)) {
    result.problems.push({ path: 'namespaces', message: `expected a list of namespace names, got ${describeValue(raw)}` });
    return;
  }
  const itemProblems = raw.flatMap((item: unknown, index) => {
    const message = item === 'all' ? undefined : checkListItem('namespace-list', item);
    return message === undefined ? [] : [{ path: `namespaces[${index}]`, message }];
  });
  if (itemProblems.length > 0) {
    result.problems.push(...itemProblems);
    return;
  }
  const include = input.values.get('namespace-selectors.include');
  const isIncludeEmpty = Array.isArray(include) && include.length === 0;
  const ignored = isIncludeEmpty ? '' : ' (ignored: namespace-selectors.include is set)';
  result.warnings.push(`"namespaces" is deprecated; use "namespace-selectors.include" instead${ignored}`);
  const isAll = raw.length === 1 && raw[0] === 'all';
  if (isIncludeEmpty && !isAll) input.values.set('namespace-selectors.include', raw);
}

export function applyDeprecatedKeys(input: DeprecatedInput): DeprecatedResult {
  const result: DeprecatedResult = { warnings: [], problems: [] };
  applyTimeout(input, result);
  applyNamespaces(input, result);
  return result;
}
