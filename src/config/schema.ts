/**
 * The single source of every configuration key (SPEC section 2 plus kai additions): its path,
 * kind, default, env name, flag and doc. Defaults, env mapping, commander options, `kai config`,
 * config.example.yaml and the README table are all derived from SETTINGS (STYLE.md habit 3).
 * Keep the keys of one parent together: the example-file generator relies on it.
 */
import { MISSING_TAG_POLICIES } from '../inventory/options.ts';
import { KUBE_USER_TYPES } from '../kube/options.ts';
import { LOG_LEVELS } from '../log/logger.ts';
import { bool, int, list, oneOf, routes, str, url, type ConfigOf, type Setting } from './kinds.ts';

export const OUTPUT_FORMATS = ['json', 'table', 'inventory', 'yaml', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const MODES = ['adhoc', 'periodic'] as const;
export type Mode = (typeof MODES)[number];

const metadata = (kind: 'nodes' | 'namespaces' | 'pods') =>
  [
    list(`metadata-collection.${kind}.include-annotations`, 'regex-list', {
      doc: `annotation keys (unanchored regexes) reported for ${kind}; empty = all`,
    }),
    list(`metadata-collection.${kind}.include-labels`, 'regex-list', {
      doc: `label keys (unanchored regexes) reported for ${kind}; empty = all`,
    }),
    bool(`metadata-collection.${kind}.disable`, { default: false, doc: `report no labels or annotations for ${kind}` }),
  ] as const;

// Declared with their literal paths so that `Config` can be derived; consumers see `Setting[]`.
const DECLARED = [
  oneOf('output', OUTPUT_FORMATS, { default: 'json', flag: '-o, --output <format>', doc: 'report format on stdout' }),
  str('input', {
    default: '',
    flag: '--input <file>',
    doc: 'read a saved pod list (kubectl get pods -A -o json|yaml) from this file, or "-" for stdin, instead of the API',
  }),
  bool('quiet', { default: false, flag: '-q, --quiet', doc: 'no logs at all' }),
  bool('log.structured', { default: false, doc: 'JSON log lines instead of human-readable ones' }),
  oneOf('log.level', LOG_LEVELS, { default: 'info', doc: 'log level; cannot be combined with -v/-vv' }),
  str('log.file', { default: '', doc: 'write logs to this file instead of stderr' }),
  bool('check-for-app-update', { default: true, doc: 'look for a newer kai release (never delays or fails a run; off in periodic mode)' }),

  str('kubeconfig.path', {
    default: '',
    flag: '-k, --kubeconfig <path>',
    doc: 'kubeconfig file; "" = $KUBECONFIG, ~/.kube/config, then in-cluster; "use-in-cluster" forces in-cluster',
  }),
  str('kubeconfig.context', { default: '', flag: '--context <name>', doc: 'kubeconfig context; "" = current-context' }),
  str('kubeconfig.cluster', { default: '', doc: 'cluster name for reports (cluster_name); names the explicit cluster' }),
  str('kubeconfig.cluster-cert', { default: '', doc: 'base64 PEM CA bundle of the explicit connection' }),
  url('kubeconfig.server', { default: '', doc: 'API server URL (https://host:6443) of an explicit connection instead of a kubeconfig' }),
  oneOf('kubeconfig.user.type', KUBE_USER_TYPES, { default: '', doc: 'credentials of the explicit connection' }),
  str('kubeconfig.user.client-cert', { default: '', doc: 'base64 PEM client certificate (type private_key)' }),
  str('kubeconfig.user.private-key', { default: '', secret: true, doc: 'base64 PEM client key (type private_key)' }),
  str('kubeconfig.user.token', { default: '', secret: true, doc: 'bearer token (type token)' }),

  int('kubernetes.request-timeout-seconds', {
    default: 60,
    min: 1,
    flag: '--request-timeout-seconds <seconds>',
    doc: 'client-side timeout of every Kubernetes API request',
  }),
  int('kubernetes.request-batch-size', {
    default: 100,
    min: 1,
    flag: '--request-batch-size <n>',
    doc: '`limit` of every list call (pagination with `continue`)',
  }),
  int('kubernetes.worker-pool-size', {
    default: 100,
    min: 1,
    flag: '--worker-pool-size <n>',
    doc: 'namespaces fetched concurrently',
  }),

  list('namespace-selectors.include', 'namespace-list', {
    flag: '-n, --namespace <name>',
    doc: 'namespaces to inventory (exact names, repeatable flag); empty = all',
  }),
  list('namespace-selectors.exclude', 'regex-list', {
    flag: '--exclude-namespace <pattern>',
    doc: 'namespaces to skip: a DNS label is an exact name, anything else an unanchored regex; wins over include',
  }),
  bool('namespace-selectors.ignore-empty', { default: false, doc: 'leave out namespaces with no pods' }),
  str('namespace-selectors.label-selector', {
    default: '',
    flag: '--namespace-selector <selector>',
    doc: 'Kubernetes label selector the namespaces must match',
  }),
  str('pod-label-selector', { default: '', flag: '-l, --selector <selector>', doc: 'Kubernetes label selector the pods must match' }),
  bool('include-ephemeral', { default: false, flag: '--include-ephemeral', doc: 'also report ephemeral (debug) containers' }),

  oneOf('mode', MODES, { default: 'adhoc', flag: '-m, --mode <mode>', doc: 'adhoc: one inventory; periodic: the agent loop' }),
  int('polling-interval-seconds', {
    default: 300,
    min: 1,
    flag: '-p, --polling-interval-seconds <seconds>',
    doc: 'seconds between inventories in periodic mode',
  }),
  int('health-report-interval-seconds', { default: 60, min: 30, max: 600, doc: 'seconds between health reports to Anchore' }),
  int('shutdown-grace-seconds', { default: 10, min: 0, doc: 'on SIGTERM/SIGINT, how long an in-flight report may finish' }),
  int('health.port', { default: 8080, min: 0, max: 65535, doc: '/healthz, /readyz and /metrics port in periodic mode; 0 = off' }),
  str('health.bind-address', { default: '127.0.0.1', doc: 'address the health server listens on (the Helm chart sets 0.0.0.0)' }),

  oneOf('missing-tag-policy.policy', MISSING_TAG_POLICIES, {
    default: 'digest',
    doc: 'image with no tag: tag it from its digest, with missing-tag-policy.tag (insert), or leave it out (drop)',
  }),
  str('missing-tag-policy.tag', { default: 'UNKNOWN', doc: 'the tag the insert policy uses' }),
  str('missing-registry-override', { default: '', doc: 'registry prefixed to image references that name none' }),
  bool('ignore-not-running', { default: true, doc: 'skip containers of pods whose phase is not Running' }),
  bool('verbose-inventory-reports', { default: false, flag: '-i, --verbose-inventory-reports', doc: 'log every report sent' }),

  url('anchore.url', { default: '', flag: '--anchore-url <url>', doc: 'Anchore Enterprise API URL; "" = print reports only' }),
  str('anchore.user', { default: '', doc: 'Anchore user (required with anchore.url)' }),
  str('anchore.password', { default: '', secret: true, doc: 'Anchore password (required with anchore.url); prefer KAI_ANCHORE_PASSWORD' }),
  str('anchore.account', { default: 'admin', doc: 'default Anchore account that receives reports' }),
  bool('anchore.http.insecure', { default: false, doc: 'skip TLS verification of Anchore (warns once)' }),
  int('anchore.http.timeout-seconds', { default: 10, min: 1, doc: 'timeout of every Anchore request' }),
  str('anchore.http.ca-cert', { default: '', doc: 'PEM file of extra CAs trusted for Anchore' }),
  str('anchore-registration.registration-id', { default: '', doc: 'agent registration id; "" = the Deployment UID, else random' }),
  str('anchore-registration.integration-name', { default: '', doc: 'name shown in Anchore for this agent' }),
  str('anchore-registration.integration-description', { default: '', doc: 'description shown in Anchore' }),
  routes('account-routes', { doc: 'account -> {user, password, namespaces: [regex]}; env: YAML/JSON text' }),
  str('account-route-by-namespace-label.key', { default: '', doc: 'namespace label naming the account of unrouted namespaces' }),
  str('account-route-by-namespace-label.default-account', { default: '', doc: 'account of unlabelled namespaces; "" = anchore.account' }),
  bool('account-route-by-namespace-label.ignore-missing-label', { default: false, doc: 'skip unlabelled namespaces' }),
  int('inventory-report-limits.namespaces', { default: 0, min: 0, doc: 'namespaces per report batch; 0 = no limit' }),
  int('inventory-report-limits.payload-threshold-bytes', { default: 0, min: 0, doc: 'approximate bytes per report batch; 0 = no limit' }),
  ...metadata('nodes'),
  ...metadata('namespaces'),
  ...metadata('pods'),
];

/** Every key, in the order of `kai config`, config.example.yaml and the README table. */
export const SETTINGS: readonly Setting[] = DECLARED;

/** The effective configuration: nested camelCase, readonly, deeply frozen by loadConfig. */
export type Config = ConfigOf<(typeof DECLARED)[number]>;

/** Keys of the Go agent that still work, with a warning naming their replacement (file only). */
export const DEPRECATED_KEYS = {
  'kubernetes-request-timeout-seconds': 'kubernetes.request-timeout-seconds',
  namespaces: 'namespace-selectors.include',
} as const;
