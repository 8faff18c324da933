/**
 * Account routing (SPEC section 5): which Anchore account receives which namespaces. Pure: the
 * agent hands in the collected report and the namespaces' labels and gets one report per account.
 */
import { ConfigError } from '../errors.ts';
import type { Labels } from './model.ts';
import type { InventoryNamespace, InventoryReport } from './report-types.ts';

/** One `account-routes` entry: the credentials to post with and the namespaces it claims. */
export interface AccountRoute {
  readonly user: string;
  readonly password: string;
  /** Unanchored regular expressions on the namespace name. */
  readonly namespaces: readonly string[];
}

export interface AccountRoutingOptions {
  /** `account-routes`: account name -> route. */
  readonly routes: Readonly<Record<string, AccountRoute>>;
  /** `account-route-by-namespace-label.key`; '' disables label routing. */
  readonly labelKey: string;
  /** `account-route-by-namespace-label.default-account`; '' = `anchore.account`. */
  readonly defaultAccount: string;
  /** Skip (rather than send to the default account) namespaces without the label. */
  readonly ignoreMissingLabel: boolean;
}

/** The routing options plus `anchore.account`, the last resort for unrouted namespaces. */
export type RoutingInput = AccountRoutingOptions & { readonly defaultAccountFallback: string };

/** The report one account receives, with the route's credentials when the account has a route. */
export interface AccountReport {
  readonly report: InventoryReport;
  readonly user?: string;
  readonly password?: string;
}

/** Namespace name -> its full (unfiltered) labels, used for label routing. */
export type NamespaceLabels = Readonly<Record<string, Labels>>;

/** True when any routing is configured; otherwise everything goes to `anchore.account`. */
export function isRoutingConfigured(options: AccountRoutingOptions): boolean {
  return Object.keys(options.routes).length > 0 || options.labelKey !== '';
}

/** The account namespaces go to when no route or label claims them. */
export function defaultAccountOf(options: RoutingInput): string {
  return options.defaultAccount !== '' ? options.defaultAccount : options.defaultAccountFallback;
}

interface CompiledRoute {
  readonly account: string;
  readonly patterns: readonly RegExp[];
}

function compileRoutes(routes: Readonly<Record<string, AccountRoute>>): CompiledRoute[] {
  return Object.entries(routes).map(([account, route]) => ({
    account,
    patterns: route.namespaces.map((pattern, index) => {
      try {
        return new RegExp(pattern);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ConfigError([
          {
            path: `account-routes.${account}.namespaces[${index}]`,
            message: `expected a regular expression, got ${JSON.stringify(pattern)} (${reason})`,
          },
        ]);
      }
    }),
  }));
}

function labelAccount(namespace: InventoryNamespace, key: string, labels: NamespaceLabels): string | undefined {
  const value = (labels[namespace.name] ?? namespace.labels ?? {})[key];
  return value === undefined || value === '' ? undefined : value;
}

/** Accounts for one namespace: every matching route, else its label, else the default (or none). */
function accountsFor(
  namespace: InventoryNamespace,
  context: { routes: readonly CompiledRoute[]; options: RoutingInput; labels: NamespaceLabels },
): string[] {
  const { routes, options, labels } = context;
  const matched = routes.filter((r) => r.patterns.some((p) => p.test(namespace.name))).map((r) => r.account);
  if (matched.length > 0) return matched;
  if (options.labelKey !== '') {
    const fromLabel = labelAccount(namespace, options.labelKey, labels);
    if (fromLabel !== undefined) return [fromLabel];
    if (options.ignoreMissingLabel) return [];
  }
  return [defaultAccountOf(options)];
}

/**
 * The part of `report` that covers exactly `namespaceUids`: their pods, those pods' containers and
 * the nodes those pods run on. Order of every list is kept.
 */
export function sliceReport(report: InventoryReport, namespaceUids: ReadonlySet<string>): InventoryReport {
  const pods = report.pods.filter((p) => namespaceUids.has(p.namespace_uid));
  const podUids = new Set(pods.map((p) => p.uid));
  const nodeUids = new Set(pods.flatMap((p) => (p.node_uid === undefined ? [] : [p.node_uid])));
  return {
    ...report,
    namespaces: report.namespaces.filter((n) => namespaceUids.has(n.uid)),
    nodes: report.nodes.filter((n) => nodeUids.has(n.uid)),
    pods,
    containers: report.containers.filter((c) => podUids.has(c.pod_uid)),
  };
}

/**
 * One report per account (SPEC section 5). A namespace matching several routes goes to each of
 * them. Accounts are returned sorted by name so the posting order is deterministic.
 */
export function routeByAccount(
  report: InventoryReport,
  options: RoutingInput,
  namespaceLabels: NamespaceLabels = {},
): Map<string, AccountReport> {
  if (!isRoutingConfigured(options)) {
    return new Map([[options.defaultAccountFallback, { report }]]);
  }
  const routes = compileRoutes(options.routes);
  const namespacesByAccount = new Map<string, Set<string>>();
  for (const namespace of report.namespaces) {
    for (const account of accountsFor(namespace, { routes, options, labels: namespaceLabels })) {
      const set = namespacesByAccount.get(account) ?? new Set<string>();
      set.add(namespace.uid);
      namespacesByAccount.set(account, set);
    }
  }
  const result = new Map<string, AccountReport>();
  for (const account of [...namespacesByAccount.keys()].sort()) {
    const route = options.routes[account];
    const sliced = sliceReport(report, namespacesByAccount.get(account) ?? new Set());
    result.set(account, route === undefined ? { report: sliced } : { report: sliced, user: route.user, password: route.password });
  }
  return result;
}
