/**
 * A config view safe to print or log: kebab-case keys in schema order, every secret that is set
 * replaced by "[REDACTED]" (unset ones stay "" so readers can tell the two apart). Account-route
 * passwords are secrets too.
 */
import { valueAt } from './build.ts';
import type { AccountRoutes } from './kinds.ts';
import { SETTINGS, type Config } from './schema.ts';

export const REDACTED = '[REDACTED]';

type View = Record<string, unknown>;

function redactRoutes(routes: AccountRoutes): View {
  return Object.fromEntries(
    Object.entries(routes).map(([account, route]) => [
      account,
      { user: route.user, password: route.password === '' ? '' : REDACTED, namespaces: [...route.namespaces] },
    ]),
  );
}

function place(view: View, path: string, value: unknown): void {
  const segments = path.split('.');
  const leaf = segments.pop() ?? '';
  let node = view;
  for (const segment of segments) {
    const next = node[segment];
    node = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as View) : (node[segment] = {});
  }
  node[leaf] = value;
}

/** The nested kebab-case view of a Config with secrets redacted; a fresh, mutable object. */
export function redactedView(config: Config): View {
  const view: View = {};
  for (const setting of SETTINGS) {
    const value = valueAt(config, setting.path);
    if (setting.kind === 'account-routes') place(view, setting.path, redactRoutes(config.accountRoutes));
    else if (setting.secret && value !== '') place(view, setting.path, REDACTED);
    else place(view, setting.path, Array.isArray(value) ? [...(value as readonly unknown[])] : value);
  }
  return view;
}
