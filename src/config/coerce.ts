/**
 * Turns one raw value (from the file, an env string or a commander flag) into the typed value of
 * its setting, or into problems that name the key, what was expected and what was found.
 */
import type { ConfigProblem } from '../errors.ts';
import { describeValue, originSuffix, type Origin } from './describe.ts';
import type { EnumSetting, IntSetting, ListSetting, Setting } from './kinds.ts';
import { coerceRoutes } from './routes.ts';

export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: ConfigProblem[] };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const ok = (value: unknown): Coerced => ({ ok: true, value });

function fail(path: string, message: string, origin: Origin): Coerced {
  return { ok: false, problems: [{ path, message: `${message}${originSuffix(origin)}` }] };
}

function quoteHint(raw: unknown): string {
  return typeof raw === 'number' || typeof raw === 'boolean' ? ' (quote it in YAML)' : '';
}

function coerceString(setting: Setting, raw: unknown, origin: Origin): Coerced {
  if (typeof raw !== 'string') {
    return fail(setting.path, `expected a string, got ${describeValue(raw, setting.secret)}${quoteHint(raw)}`, origin);
  }
  if (setting.kind === 'url' && raw !== '') return coerceUrl(setting, raw, origin);
  return ok(raw);
}

/**
 * A URL must be http(s) with a host, and carry no credentials: a password in a URL would show in
 * `kai config` and in every message naming the URL. The userinfo is never echoed back.
 */
function coerceUrl(setting: Setting, raw: string, origin: Origin): Coerced {
  if (!isHttpUrl(raw)) {
    return fail(setting.path, `expected an http:// or https:// URL with a host, got ${describeValue(withoutUserinfo(raw))}`, origin);
  }
  const url = new URL(raw);
  if (url.username !== '' || url.password !== '') {
    const hint = setting.path === 'anchore.url' ? 'use anchore.user and KAI_ANCHORE_PASSWORD' : 'use kubeconfig.user.*';
    return fail(setting.path, `credentials in the URL are not allowed (got ${JSON.stringify(withoutUserinfo(raw))}); ${hint}`, origin);
  }
  return ok(raw);
}

function withoutUserinfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const parsed = new URL(text);
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
}

function coerceBoolean(setting: Setting, raw: unknown, origin: Origin): Coerced {
  if (typeof raw === 'boolean') return ok(raw);
  const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).toLowerCase() : undefined;
  if (text === 'true' || text === '1') return ok(true);
  if (text === 'false' || text === '0') return ok(false);
  return fail(setting.path, `expected true or false, got ${describeValue(raw)}`, origin);
}

function coerceInt(setting: IntSetting, raw: unknown, origin: Origin): Coerced {
  const value = typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
  const inRange =
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= setting.min &&
    (setting.max === undefined || value <= setting.max);
  if (inRange) return ok(value);
  const expected =
    setting.max === undefined
      ? `an integer >= ${setting.min}`
      : `an integer from ${setting.min} to ${setting.max}`;
  return fail(setting.path, `expected ${expected}, got ${describeValue(raw)}`, origin);
}

function coerceEnum(setting: EnumSetting, raw: unknown, origin: Origin): Coerced {
  if (typeof raw === 'string' && setting.values.includes(raw)) return ok(raw);
  const allowed = setting.values.map((v) => (v === '' ? '""' : v)).join(', ');
  return fail(setting.path, `expected one of ${allowed}; got ${describeValue(raw)}`, origin);
}

/** Env lists are comma-separated; a single flag value is a one-item list. */
function asList(raw: unknown, origin: Origin): unknown {
  if (typeof raw !== 'string') return raw;
  if (origin.kind === 'env') return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return origin.kind === 'flag' ? [raw] : raw;
}

export function checkListItem(kind: ListSetting['kind'], item: unknown): string | undefined {
  if (typeof item !== 'string') return `expected a string, got ${describeValue(item)}${quoteHint(item)}`;
  if (kind === 'namespace-list' && (!DNS_LABEL.test(item) || item.length > 63)) {
    return `expected a namespace name (lowercase letters, digits and "-", at most 63 characters), got ${describeValue(item)}; patterns belong in namespace-selectors.exclude`;
  }
  if (kind === 'regex-list') return checkRegex(item);
  return undefined;
}

export function checkRegex(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = /^Invalid regular expression: \/.*\/[a-z]*: (.*)$/s.exec(message)?.[1] ?? message;
    return `invalid regular expression ${describeValue(pattern)} (${reason})`;
  }
}

function coerceList(setting: ListSetting, raw: unknown, origin: Origin): Coerced {
  const items = asList(raw, origin);
  if (!Array.isArray(items)) return fail(setting.path, `expected a list of strings, got ${describeValue(items)}`, origin);
  const problems = items.flatMap((item: unknown, index) => {
    const message = checkListItem(setting.kind, item);
    return message === undefined ? [] : [{ path: `${setting.path}[${index}]`, message: `${message}${originSuffix(origin)}` }];
  });
  return problems.length > 0 ? { ok: false, problems } : ok(items);
}

export function coerceValue(setting: Setting, raw: unknown, origin: Origin): Coerced {
  switch (setting.kind) {
    case 'string':
    case 'url':
      return coerceString(setting, raw, origin);
    case 'boolean':
      return coerceBoolean(setting, raw, origin);
    case 'int':
      return coerceInt(setting, raw, origin);
    case 'enum':
      return coerceEnum(setting, raw, origin);
    case 'string-list':
    case 'namespace-list':
    case 'regex-list':
      return coerceList(setting, raw, origin);
    case 'account-routes':
      return coerceRoutes({ path: setting.path, raw, origin }, checkRegex);
  }
}
