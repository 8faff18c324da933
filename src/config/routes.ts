/**
 * `account-routes`: account name -> { user, password, namespaces: [regex, ...] }. From the file it is
 * a mapping; from KAI_ACCOUNT_ROUTES it is YAML or JSON text. Passwords are never echoed.
 */
import { parse } from 'yaml';
import type { ConfigProblem } from '../errors.ts';
import { closest, describeValue, originSuffix, typeOf, type Origin } from './describe.ts';
import type { AccountRoute } from './kinds.ts';

type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: ConfigProblem[] };

const REQUIRED = 'required: every account route needs a user, a password and namespaces';
const ROUTE_KEYS = ['user', 'password', 'namespaces'] as const;

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseEnvText(path: string, raw: unknown, origin: Origin): Coerced {
  if (origin.kind !== 'env' || typeof raw !== 'string') return { ok: true, value: raw };
  try {
    return { ok: true, value: parse(raw) as unknown };
  } catch {
    // The text may hold passwords: say what is wrong without echoing it.
    return { ok: false, problems: [{ path, message: `expected YAML or JSON text${originSuffix(origin)}, which could not be parsed` }] };
  }
}

function checkPatterns(path: string, raw: unknown, check: (p: string) => string | undefined): ConfigProblem[] {
  if (raw === undefined || raw === null) return [{ path, message: REQUIRED }];
  if (!Array.isArray(raw) || raw.length === 0) {
    return [{ path, message: `expected a non-empty list of namespace regular expressions, got ${describeValue(raw)}` }];
  }
  return raw.flatMap((item: unknown, index) => {
    const message = typeof item === 'string' ? check(item) : `expected a string, got ${describeValue(item)}`;
    return message === undefined ? [] : [{ path: `${path}[${index}]`, message }];
  });
}

function checkCredential(path: string, raw: unknown, isSecret: boolean): ConfigProblem[] {
  if (typeof raw === 'string' && raw !== '') return [];
  if (raw === undefined || raw === null || raw === '') return [{ path, message: REQUIRED }];
  return [{ path, message: `expected a string, got ${describeValue(raw, isSecret)}` }];
}

function checkRoute(path: string, raw: unknown, checkRegex: (p: string) => string | undefined): ConfigProblem[] {
  if (!isMapping(raw)) return [{ path, message: `expected a mapping with user, password and namespaces, got ${typeOf(raw)}` }];
  const unknown = Object.keys(raw)
    .filter((key) => !(ROUTE_KEYS as readonly string[]).includes(key))
    .map((key) => {
      const suggestion = closest(key, ROUTE_KEYS);
      const hint = suggestion === undefined ? '; allowed: user, password, namespaces' : `; did you mean "${suggestion}"?`;
      return { path, message: `unknown key ${JSON.stringify(key)}${hint}` };
    });
  return [
    ...unknown,
    ...checkCredential(`${path}.user`, raw['user'], false),
    ...checkCredential(`${path}.password`, raw['password'], true),
    ...checkPatterns(`${path}.namespaces`, raw['namespaces'], checkRegex),
  ];
}

const strings = (raw: unknown): string[] => (Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
const text = (raw: unknown): string => (typeof raw === 'string' ? raw : '');

/** Only called on a route checkRoute accepted. */
function toRoute(route: Record<string, unknown>): AccountRoute {
  return { user: text(route['user']), password: text(route['password']), namespaces: strings(route['namespaces']) };
}

export interface RoutesInput {
  readonly path: string;
  readonly raw: unknown;
  readonly origin: Origin;
}

export function coerceRoutes(input: RoutesInput, checkRegex: (p: string) => string | undefined): Coerced {
  const { path, raw, origin } = input;
  const parsed = parseEnvText(path, raw, origin);
  if (!parsed.ok) return parsed;
  const value = parsed.value ?? {};
  if (!isMapping(value)) {
    return { ok: false, problems: [{ path, message: `expected a mapping of account names to routes, got ${typeOf(value)}${originSuffix(origin)}` }] };
  }
  const problems = Object.entries(value).flatMap(([account, route]) => checkRoute(`${path}.${account}`, route, checkRegex));
  if (problems.length > 0) return { ok: false, problems };
  const routes: Record<string, AccountRoute> = {};
  for (const [account, route] of Object.entries(value)) {
    if (isMapping(route)) routes[account] = toRoute(route);
  }
  return { ok: true, value: routes };
}
