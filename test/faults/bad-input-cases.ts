/**
 * Bad configs, flags, env values, kubeconfigs and files, run through the built CLI by
 * test/faults/bad-input.test.ts. Each must exit 2 with one message naming the key or file and
 * saying what to do. test/integration/cli-bad-input.test.ts holds 24 more; none is repeated here.
 * Data only (no vitest), so docs/reliability.md can count them.
 */

export interface BadInputCase {
  readonly name: string;
  readonly group: 'config file' | 'flag' | 'environment' | 'kubeconfig' | 'file or command';
  readonly args?: readonly string[];
  /** Written to kai.yaml and passed with -c. */
  readonly config?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Extra files in the working directory; a value of null makes a directory. */
  readonly files?: Readonly<Record<string, string | null>>;
  readonly stdin?: string;
  /** Must match stderr: names the key, flag or file. */
  readonly want: RegExp;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

interface KubeconfigParts {
  readonly cluster?: string;
  readonly user?: string;
  readonly context?: string;
  readonly current?: string;
}

/** A kubeconfig with one cluster `c`, user `u` and context `ctx`, each part replaceable. */
function kubeconfig(parts: KubeconfigParts = {}): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [${parts.cluster ?? '{ name: c, cluster: { server: "https://127.0.0.1:1" } }'}]`,
    `users: [${parts.user ?? '{ name: u, user: { token: abc } }'}]`,
    `contexts: [${parts.context ?? '{ name: ctx, context: { cluster: c, user: u } }'}]`,
    `current-context: ${parts.current ?? 'ctx'}`,
    '',
  ].join('\n');
}

const CREDS = 'anchore:\n  url: https://anchore.example.com\n  user: admin\n  password: x\n';
const ALIAS_BOMB = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n');
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const ROUTE = (body: string): string => `account-routes:\n  team:\n${body}`;

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // config file: types and ranges
  { group: 'config file', name: 'fractional integer', config: 'kubernetes:\n  request-batch-size: 1.5\n', want: /kubernetes\.request-batch-size: expected an integer >= 1, got 1\.5/ },
  { group: 'config file', name: 'integer given as a list', config: 'polling-interval-seconds: [1]\n', want: /polling-interval-seconds: expected an integer >= 1, got a list/ },
  { group: 'config file', name: 'integer too large for a number', config: 'kubernetes:\n  worker-pool-size: 1e400\n', want: /kubernetes\.worker-pool-size: expected an integer >= 1, got Infinity/ },
  { group: 'config file', name: 'health interval above 600', config: 'health-report-interval-seconds: 601\n', want: /health-report-interval-seconds: expected an integer from 30 to 600, got 601/ },
  { group: 'config file', name: 'health port out of range', config: 'health:\n  port: 70000\n', want: /health\.port: expected an integer from 0 to 65535, got 70000/ },
  { group: 'config file', name: 'negative shutdown grace', config: 'shutdown-grace-seconds: -1\n', want: /shutdown-grace-seconds: expected an integer >= 0, got -1/ },
  { group: 'config file', name: 'zero Anchore timeout', config: 'anchore:\n  http:\n    timeout-seconds: 0\n', want: /anchore\.http\.timeout-seconds: expected an integer >= 1, got 0/ },
  { group: 'config file', name: 'boolean as yes', config: 'quiet: yes\n', want: /quiet: expected true or false, got "yes"/ },
  { group: 'config file', name: 'enum as a number', config: 'output: 1\n', want: /output: expected one of json, table.*got 1/ },
  { group: 'config file', name: 'unknown kubeconfig user type', config: 'kubeconfig:\n  user:\n    type: password\n', want: /kubeconfig\.user\.type: expected one of "", private_key, token; got "password"/ },
  { group: 'config file', name: 'string given as a mapping', config: 'log:\n  file: {a: 1}\n', want: /log\.file: expected a string, got a mapping/ },
  { group: 'config file', name: 'section given as a scalar', config: 'kubernetes: 5\n', want: /kubernetes: expected a mapping of keys, got a number/ },
  { group: 'config file', name: 'registry override with a scheme', config: 'missing-registry-override: https://reg.example\n', want: /missing-registry-override: expected a registry host/ },
  // config file: keys
  { group: 'config file', name: 'unknown nested key', config: 'kubernetes:\n  worker-pool: 3\n', want: /kubernetes: unknown key "worker-pool"; did you mean "worker-pool-size"\?/ },
  { group: 'config file', name: 'key at the wrong level', config: 'worker-pool-size: 3\n', want: /unknown key "worker-pool-size"; did you mean "kubernetes\.worker-pool-size"\?/ },
  { group: 'config file', name: 'camelCase key', config: 'anchore:\n  http:\n    timeoutSeconds: 3\n', want: /anchore\.http: unknown key "timeoutSeconds"; did you mean "timeout-seconds"\?/ },
  // config file: regexes, lists, URLs
  { group: 'config file', name: 'Go-only regex syntax', config: 'metadata-collection:\n  nodes:\n    include-annotations: ["(?i)kube"]\n', want: /metadata-collection\.nodes\.include-annotations\[0\]: invalid regular expression "\(\?i\)kube"/ },
  { group: 'config file', name: 'include given as a string', config: 'namespace-selectors:\n  include: default\n', want: /namespace-selectors\.include: expected a list of strings, got "default"/ },
  { group: 'config file', name: 'Anchore URL with another scheme', config: CREDS.replace('https://', 'ftp://'), want: /anchore\.url: expected an http:\/\/ or https:\/\/ URL with a host, got "ftp:/ },
  { group: 'config file', name: 'account route without password and namespaces', config: ROUTE('    user: u\n'), want: /account-routes\.team\.password: required.*\n.*account-routes\.team\.namespaces: required/ },
  { group: 'config file', name: 'account route with an invalid regex', config: ROUTE('    user: u\n    password: p\n    namespaces: ["["]\n'), want: /account-routes\.team\.namespaces\[0\]: invalid regular expression "\["/ },
  { group: 'config file', name: 'account routes as a list', config: 'account-routes: [a]\n', want: /account-routes: expected a mapping of account names to routes, got a list/ },
  // config file: the explicit connection and named files
  { group: 'config file', name: 'token user type without a token', config: 'kubeconfig:\n  server: https://k8s:6443\n  user:\n    type: token\n', want: /kubeconfig\.user\.token: required when kubeconfig\.user\.type is token/ },
  { group: 'config file', name: 'cluster-cert that is not PEM', config: `kubeconfig:\n  cluster-cert: ${b64('hello\n')}\n`, want: /kubeconfig\.cluster-cert: expected base64-encoded PEM CA certificate bundle.*base64 -w0 FILE/ },
  { group: 'config file', name: 'client cert and key that are not PEM', config: `kubeconfig:\n  server: https://k8s:6443\n  user:\n    type: private_key\n    client-cert: ${b64('a')}\n    private-key: ${b64('b')}\n`, want: /kubeconfig\.user\.client-cert: expected base64-encoded PEM client certificate[^\n]*\n.*kubeconfig\.user\.private-key: expected base64-encoded PEM private key/ },
  { group: 'config file', name: 'Anchore CA file that is not PEM', config: `${CREDS}  http:\n    ca-cert: notpem.pem\n`, files: { 'notpem.pem': 'hello\n' }, want: /anchore\.http\.ca-cert: "notpem\.pem" is not a PEM certificate bundle/ },
  // A directory cannot be read as a file even by root, unlike a chmod 000 file.
  { group: 'config file', name: 'Anchore CA file that cannot be read', config: `${CREDS}  http:\n    ca-cert: certs\n`, files: { certs: null }, want: /anchore\.http\.ca-cert: cannot read "certs": it is a directory; fix the path or the file's permissions/ },
  { group: 'config file', name: 'Anchore CA file missing', config: `${CREDS}  http:\n    ca-cert: nope.pem\n`, want: /anchore\.http\.ca-cert: cannot read "nope\.pem": no such file or directory/ },
  // config file: the file itself
  { group: 'config file', name: 'YAML alias bomb', config: ALIAS_BOMB, want: /invalid YAML in ".*kai\.yaml": Excessive alias count/ },
  { group: 'config file', name: 'duplicate keys', config: 'output: json\noutput: table\n', want: /invalid YAML in ".*kai\.yaml": Map keys must be unique at line 2/ },
  { group: 'config file', name: 'tab indentation', config: 'kubernetes:\n\tworker-pool-size: 3\n', want: /invalid YAML in ".*kai\.yaml": Tabs are not allowed as indentation/ },
  { group: 'config file', name: 'top level is a list', config: '- output: json\n', want: /the config file must hold a mapping of keys at the top level, got a list/ },
  { group: 'config file', name: '-c names a directory', args: ['-c', 'conf.d'], files: { 'conf.d': null }, want: /cannot read config file ".*conf\.d": it is a directory; check the -c\/--config path/ },
  { group: 'config file', name: '-c names JavaScript: parsed as data, never run', args: ['-c', 'kai.config.js'], files: { 'kai.config.js': 'module.exports = { output: "table" };\n' }, want: /invalid YAML in ".*kai\.config\.js"/ },
  { group: 'config file', name: 'log.file in a directory that does not exist', config: 'log:\n  file: gone/kai.log\n', args: ['--input', 'pods.json'], files: { 'pods.json': '{"kind":"List","items":[]}' }, want: /log\.file: cannot write "gone\/kai\.log": no such file or directory; fix the path or create the directory/ },
  { group: 'config file', name: 'log.file unwritable with structured logs', config: 'log:\n  structured: true\n  file: gone/kai.log\n', args: ['--input', 'pods.json'], files: { 'pods.json': '{"kind":"List","items":[]}' }, want: /log\.file: cannot write "gone\/kai\.log"/ },
  { group: 'config file', name: 'log.file that is a directory', config: 'log:\n  file: logs\n', args: ['--input', 'pods.json'], files: { 'pods.json': '{"kind":"List","items":[]}', logs: null }, want: /log\.file: cannot write "logs": it is a directory/ },
  { group: 'config file', name: 'a .json config that is not JSON', args: ['-c', 'kai.json', '--input', 'pods.json'], files: { 'kai.json': '{"output": }', 'pods.json': '{"kind":"List","items":[]}' }, want: /invalid JSON in ".*kai\.json": Unexpected token/ },
  { group: 'config file', name: 'deprecated timeout not an integer', config: 'kubernetes-request-timeout-seconds: soon\n', want: /kubernetes-request-timeout-seconds: expected an integer, got "soon"/ },
  { group: 'config file', name: 'deprecated namespaces not a list', config: 'namespaces: all\n', want: /namespaces: expected a list of namespace names, got "all"/ },
  // flags
  { group: 'flag', name: '--request-timeout-seconds 0', args: ['--request-timeout-seconds', '0'], want: /kubernetes\.request-timeout-seconds: expected an integer >= 1, got "0" \(from --request-timeout-seconds\)/ },
  { group: 'flag', name: '--worker-pool-size -1', args: ['--worker-pool-size', '-1'], want: /kubernetes\.worker-pool-size: expected an integer >= 1, got "-1" \(from --worker-pool-size\)/ },
  { group: 'flag', name: '--request-batch-size abc', args: ['--request-batch-size', 'abc'], want: /kubernetes\.request-batch-size: expected an integer >= 1, got "abc" \(from --request-batch-size\)/ },
  { group: 'flag', name: '-p 0', args: ['-p', '0'], want: /polling-interval-seconds: expected an integer >= 1, got "0" \(from --polling-interval-seconds\)/ },
  { group: 'flag', name: '-o without a value', args: ['-o'], want: /option '-o, --output <format>' argument missing/ },
  { group: 'flag', name: 'unexpected argument', args: ['frobnicate'], want: /too many arguments.*frobnicate/ },
  { group: 'flag', name: '--context with --all-contexts', args: ['--context', 'a', '--all-contexts'], want: /'--all-contexts' cannot be used with option '--context <name>'/ },
  { group: 'flag', name: '-n with an invalid namespace name', args: ['-n', 'Bad_Name'], want: /namespace-selectors\.include\[0\]: expected a namespace name.*got "Bad_Name".*\(from --namespace\)/ },
  { group: 'flag', name: '--exclude-namespace with an invalid regex', args: ['--exclude-namespace', '('], want: /namespace-selectors\.exclude\[0\]: invalid regular expression "\(" \(Unterminated group\) \(from --exclude-namespace\)/ },
  { group: 'flag', name: '--anchore-url without scheme', args: ['--anchore-url', 'anchore:8228'], want: /anchore\.url: expected an http:\/\/ or https:\/\/ URL with a host, got "anchore:8228" \(from --anchore-url\)/ },
  { group: 'flag', name: 'version -o with an unknown format', args: ['version', '-o', 'xml'], want: /argument 'xml' is invalid/ },
  { group: 'flag', name: 'completion for an unknown shell', args: ['completion', 'powershell'], want: /'powershell' is invalid for argument 'shell'.*bash, zsh, fish/ },
  // environment
  { group: 'environment', name: 'KAI_QUIET not a boolean', env: { KAI_QUIET: 'maybe' }, want: /quiet: expected true or false, got "maybe" \(from KAI_QUIET\)/ },
  { group: 'environment', name: 'KAI_OUTPUT unknown', env: { KAI_OUTPUT: 'xml' }, want: /output: expected one of .*got "xml" \(from KAI_OUTPUT\)/ },
  { group: 'environment', name: 'KAI_NAMESPACE_SELECTORS_EXCLUDE invalid regex', env: { KAI_NAMESPACE_SELECTORS_EXCLUDE: '(' }, want: /namespace-selectors\.exclude\[0\]: invalid regular expression.*\(from KAI_NAMESPACE_SELECTORS_EXCLUDE\)/ },
  { group: 'environment', name: 'KAI_HEALTH_REPORT_INTERVAL_SECONDS out of range', env: { KAI_HEALTH_REPORT_INTERVAL_SECONDS: '10' }, want: /health-report-interval-seconds: expected an integer from 30 to 600, got "10" \(from KAI_HEALTH_REPORT_INTERVAL_SECONDS\)/ },
  { group: 'environment', name: 'KAI_KUBECONFIG_SERVER without scheme', env: { KAI_KUBECONFIG_SERVER: 'k8s.example.com:6443' }, want: /kubeconfig\.server: expected an http:\/\/ or https:\/\/ URL with a host, got "k8s\.example\.com:6443" \(from KAI_KUBECONFIG_SERVER\)/ },
  { group: 'environment', name: 'KAI_INVENTORY_REPORT_LIMITS_PAYLOAD_THRESHOLD_BYTES negative', env: { KAI_INVENTORY_REPORT_LIMITS_PAYLOAD_THRESHOLD_BYTES: '-5' }, want: /inventory-report-limits\.payload-threshold-bytes: expected an integer >= 0, got "-5"/ },
  { group: 'environment', name: 'KAI_ACCOUNT_ROUTES not parseable', env: { KAI_ACCOUNT_ROUTES: '{team: [' }, want: /account-routes: expected YAML or JSON text \(from KAI_ACCOUNT_ROUTES\)/ },
  { group: 'environment', name: 'KAI_LOG_LEVEL together with -v', args: ['-v'], env: { KAI_LOG_LEVEL: 'warn' }, want: /log\.level: cannot be combined with -v\/--verbose/ },
  { group: 'environment', name: 'KUBECONFIG names a missing file', env: { KUBECONFIG: 'gone/kubeconfig' }, want: /kubeconfig "gone\/kubeconfig" not found\. Pass an existing file/ },
  { group: 'environment', name: 'KUBECONFIG names a directory', env: { KUBECONFIG: 'kube.d' }, files: { 'kube.d': null }, want: /kubeconfig "kube\.d" is not a valid kubeconfig: EISDIR/ },
  // kubeconfigs
  { group: 'kubeconfig', name: 'current-context names a missing context', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ current: 'gone' }) }, want: /kubeconfig "kc\.yaml" has no context "gone"\. Pass --context NAME \(available: ctx\)/ },
  { group: 'kubeconfig', name: 'no current-context and no contexts', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n' }, want: /kubeconfig "kc\.yaml" has no current-context\. Pass --context NAME \(none defined\)/ },
  { group: 'kubeconfig', name: 'context refers to an undefined cluster', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ cluster: '' }) }, want: /kubeconfig "kc\.yaml": context "ctx" refers to cluster "c", which is not defined.*Fix the clusters section/ },
  { group: 'kubeconfig', name: 'context refers to an undefined user', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ user: '' }) }, want: /kubeconfig "kc\.yaml": context "ctx" refers to user "u", which is not defined.*Fix the users section/ },
  { group: 'kubeconfig', name: 'cluster without a server', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ cluster: '{ name: c, cluster: { insecure-skip-tls-verify: true } }' }) }, want: /kubeconfig "kc\.yaml" is not a valid kubeconfig: clusters\[0\]\.cluster\.server is missing/ },
  { group: 'kubeconfig', name: 'server URL without scheme', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ cluster: '{ name: c, cluster: { server: "127.0.0.1:6443" } }' }) }, want: /kubeconfig "kc\.yaml": server "127\.0\.0\.1:6443" is not a URL\. Use https:\/\/host:port/ },
  { group: 'kubeconfig', name: 'token-file missing', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ user: '{ name: u, user: { token-file: gone/token } }' }) }, want: /kubeconfig "kc\.yaml" is not a valid kubeconfig: ENOENT.*gone\/token/ },
  { group: 'kubeconfig', name: 'certificate-authority file missing', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ cluster: '{ name: c, cluster: { server: "https://127.0.0.1:1", certificate-authority: gone/ca.pem } }' }) }, want: /kubeconfig "kc\.yaml": cannot load the credentials or TLS files of context "ctx": ENOENT.*gone\/ca\.pem/ },
  { group: 'kubeconfig', name: 'exec credential plugin missing', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ user: '{ name: u, user: { exec: { command: gone/kai-plugin, apiVersion: client.authentication.k8s.io/v1 } } }' }) }, want: /kubeconfig "kc\.yaml": cannot load the credentials .*kai-plugin ENOENT.*run its exec plugin by hand/ },
  { group: 'kubeconfig', name: 'malformed YAML', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': 'clusters: [\n' }, want: /kubeconfig "kc\.yaml" is not a valid kubeconfig: .*Check the file with `kubectl config view/ },
  { group: 'kubeconfig', name: 'empty file', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': '' }, want: /kubeconfig "kc\.yaml" is not a valid kubeconfig: .*empty/ },
  { group: 'kubeconfig', name: 'certificate-authority file that is not PEM', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ cluster: '{ name: c, cluster: { server: "https://127.0.0.1:1", certificate-authority: notpem.pem } }' }), 'notpem.pem': 'hello\n' }, want: /context "ctx": certificate-authority "notpem\.pem" holds no PEM certificate\. Point it at the cluster's CA bundle/ },
  { group: 'kubeconfig', name: 'certificate-authority-data that is not PEM', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ cluster: `{ name: c, cluster: { server: "https://127.0.0.1:1", certificate-authority-data: ${b64('hello\n')} } }` }) }, want: /context "ctx": certificate-authority-data holds no PEM certificate/ },
  { group: 'kubeconfig', name: 'client-certificate-data and client-key-data that are not PEM', args: ['-k', 'kc.yaml'], files: { 'kc.yaml': kubeconfig({ user: `{ name: u, user: { client-certificate-data: ${b64('hello\n')}, client-key-data: ${b64('hello\n')} } }` }) }, want: /context "ctx": client-certificate-data \/ client-key-data is not a valid PEM certificate and key .*Check the user's certificate and key/ },
  { group: 'kubeconfig', name: '-k names a directory', args: ['-k', 'kube.d'], files: { 'kube.d': null }, want: /kubeconfig\.path: cannot read "kube\.d": it is a directory/ },
  {
    group: 'kubeconfig',
    name: 'two $KUBECONFIG files that define the same cluster',
    env: { KUBECONFIG: 'a.yaml:b.yaml' },
    files: { 'a.yaml': kubeconfig(), 'b.yaml': kubeconfig() },
    want: /kubeconfig "b\.yaml" cannot be merged: Duplicate cluster: c\. Give each cluster, user and context a unique name/,
  },
  // files and commands
  { group: 'file or command', name: '--input - with empty stdin', args: ['--input', '-'], stdin: '', want: /input is empty\. Give the output of `kubectl get pods -A -o json`/ },
  { group: 'file or command', name: '--input names a directory', args: ['--input', 'pods.d'], files: { 'pods.d': null }, want: /input: cannot read "pods\.d": it is a directory/ },
  { group: 'file or command', name: '--input YAML of a Service', args: ['--input', 'svc.yaml'], files: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\n' }, want: /input document 1: expected a Pod, PodList or List, found kind "Service"/ },
  { group: 'file or command', name: '--input nested 100,000 deep', args: ['--input', 'deep.json'], files: { 'deep.json': DEEP }, want: /input document 1: expected a Pod, PodList or List, found an array/ },
  { group: 'file or command', name: 'kai diff of a file nested 100,000 deep', args: ['diff', 'deep.json', 'deep.json'], files: { 'deep.json': DEEP }, want: /kai diff: "deep\.json" is neither JSON nor YAML \(Maximum call stack size exceeded/ },
  { group: 'config file', name: 'config nested 100,000 deep', config: `a: ${DEEP}\n`, want: /invalid YAML in ".*kai\.yaml": Maximum call stack size exceeded/ },
  { group: 'file or command', name: 'kai diff with a missing file', args: ['diff', 'old.json', 'new.json'], want: /kai diff: cannot read "old\.json" \(ENOENT\)\. Pass two files/ },
  { group: 'file or command', name: 'kai config --validate with a missing file', args: ['config', '--validate', 'nope.yaml'], want: /cannot read config file ".*nope\.yaml": no such file or directory; check the -c\/--config path/ },
];
