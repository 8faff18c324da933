// Bad configs, env values and flags: each must give exactly these problems (path: message), all
// at once. `$CWD` in an expected line stands for the test's working directory.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, problemsOf, type LoadArgs, type World } from './helpers.ts';

let world: World;
beforeEach(() => {
  world = makeWorld();
  world.write('work/notpem.pem', 'hello\n');
  world.write('work/a-dir/.keep', '');
});
afterEach(() => {
  world.cleanup();
});

const CREDS = 'anchore:\n  user: admin\n  password: secret\n';
const b64 = (text: string): string => Buffer.from(text).toString('base64');

interface Case {
  readonly name: string;
  readonly args: LoadArgs;
  readonly want: readonly string[];
}

const cases: readonly Case[] = [
  // integers
  { name: 'int as a word', args: { file: 'kubernetes:\n  worker-pool-size: ten\n' }, want: ['kubernetes.worker-pool-size: expected an integer >= 1, got "ten"'] },
  { name: 'int zero below min', args: { file: 'kubernetes:\n  worker-pool-size: 0\n' }, want: ['kubernetes.worker-pool-size: expected an integer >= 1, got 0'] },
  { name: 'int as a fraction', args: { file: 'kubernetes:\n  request-batch-size: 1.5\n' }, want: ['kubernetes.request-batch-size: expected an integer >= 1, got 1.5'] },
  { name: 'int as a list', args: { file: 'polling-interval-seconds: [1]\n' }, want: ['polling-interval-seconds: expected an integer >= 1, got a list'] },
  { name: 'health interval below 30', args: { file: 'health-report-interval-seconds: 10\n' }, want: ['health-report-interval-seconds: expected an integer from 30 to 600, got 10'] },
  { name: 'health interval above 600', args: { file: 'health-report-interval-seconds: 601\n' }, want: ['health-report-interval-seconds: expected an integer from 30 to 600, got 601'] },
  { name: 'port out of range', args: { file: 'health:\n  port: 70000\n' }, want: ['health.port: expected an integer from 0 to 65535, got 70000'] },
  { name: 'negative report limit', args: { file: 'inventory-report-limits:\n  namespaces: -1\n' }, want: ['inventory-report-limits.namespaces: expected an integer >= 0, got -1'] },
  { name: 'int from env', args: { env: { KAI_POLLING_INTERVAL_SECONDS: '5m' } }, want: ['polling-interval-seconds: expected an integer >= 1, got "5m" (from KAI_POLLING_INTERVAL_SECONDS)'] },
  { name: 'int from a flag', args: { flags: { 'kubernetes.request-timeout-seconds': '-3' } }, want: ['kubernetes.request-timeout-seconds: expected an integer >= 1, got "-3" (from --request-timeout-seconds)'] },
  // booleans
  { name: 'boolean as yes', args: { file: 'quiet: yes\n' }, want: ['quiet: expected true or false, got "yes"'] },
  { name: 'boolean as 2', args: { file: 'namespace-selectors:\n  ignore-empty: 2\n' }, want: ['namespace-selectors.ignore-empty: expected true or false, got 2'] },
  { name: 'boolean from env', args: { env: { KAI_IGNORE_NOT_RUNNING: 'maybe' } }, want: ['ignore-not-running: expected true or false, got "maybe" (from KAI_IGNORE_NOT_RUNNING)'] },
  // enums
  { name: 'unknown output', args: { file: 'output: xml\n' }, want: ['output: expected one of json, table, inventory, yaml, csv, markdown; got "xml"'] },
  { name: 'unknown mode from -m', args: { flags: { mode: 'period' } }, want: ['mode: expected one of adhoc, periodic; got "period" (from --mode)'] },
  { name: 'unknown mode from env', args: { env: { KAI_MODE: 'daemon' } }, want: ['mode: expected one of adhoc, periodic; got "daemon" (from KAI_MODE)'] },
  { name: 'the Go agent\'s dummy policy', args: { file: 'missing-tag-policy:\n  policy: dummy\n' }, want: ['missing-tag-policy.policy: expected one of digest, insert, drop; got "dummy"'] },
  { name: 'unknown log level', args: { file: 'log:\n  level: verbose\n' }, want: ['log.level: expected one of error, warn, info, debug, trace; got "verbose"'] },
  { name: 'unknown user type', args: { file: 'kubeconfig:\n  user:\n    type: password\n' }, want: ['kubeconfig.user.type: expected one of "", private_key, token; got "password"'] },
  { name: 'enum as a number', args: { file: 'output: 1\n' }, want: ['output: expected one of json, table, inventory, yaml, csv, markdown; got 1'] },
  // strings and secrets
  { name: 'string as a number', args: { file: 'anchore:\n  account: 123\n' }, want: ['anchore.account: expected a string, got 123 (quote it in YAML)'] },
  { name: 'secret as a number is not echoed', args: { file: 'anchore:\n  url: https://a.example\n  user: u\n  password: 12345\n' }, want: ['anchore.password: expected a string, got a number (quote it in YAML)'] },
  { name: 'string as a mapping', args: { file: 'log:\n  file: {a: 1}\n' }, want: ['log.file: expected a string, got a mapping'] },
  { name: 'section as a scalar', args: { file: 'kubernetes: 5\n' }, want: ['kubernetes: expected a mapping of keys, got a number'] },
  { name: 'registry override with a scheme', args: { file: 'missing-registry-override: https://reg.example\n' }, want: ['missing-registry-override: expected a registry host such as "registry.example.com:5000" (no scheme, no spaces), got "https://reg.example"'] },
  // unknown keys
  { name: 'unknown top-level key', args: { file: 'kubernets:\n  worker-pool-size: 3\n' }, want: ['unknown key "kubernets"; did you mean "kubernetes"?'] },
  { name: 'unknown nested key', args: { file: 'kubernetes:\n  worker-pool: 3\n' }, want: ['kubernetes: unknown key "worker-pool"; did you mean "worker-pool-size"?'] },
  { name: 'known key at the wrong level', args: { file: 'worker-pool-size: 3\n' }, want: ['unknown key "worker-pool-size"; did you mean "kubernetes.worker-pool-size"?'] },
  { name: 'camelCase key', args: { file: 'anchore:\n  http:\n    timeoutSeconds: 3\n' }, want: ['anchore.http: unknown key "timeoutSeconds"; did you mean "timeout-seconds"?'] },
  { name: 'unknown key with no near match', args: { file: 'frobnicate: 1\n' }, want: ['unknown key "frobnicate"; remove it (kai config lists the valid keys)'] },
  // lists and regexes
  { name: 'invalid exclude regex', args: { file: 'namespace-selectors:\n  exclude: [ok, "(["]\n' }, want: ['namespace-selectors.exclude[1]: invalid regular expression "([" (Unterminated character class)'] },
  { name: 'invalid metadata regex', args: { file: 'metadata-collection:\n  pods:\n    include-labels: ["*"]\n' }, want: ['metadata-collection.pods.include-labels[0]: invalid regular expression "*" (Nothing to repeat)'] },
  { name: 'Go-only regex syntax', args: { file: 'metadata-collection:\n  nodes:\n    include-annotations: ["(?i)kube"]\n' }, want: ['metadata-collection.nodes.include-annotations[0]: invalid regular expression "(?i)kube" (Invalid group)'] },
  { name: 'invalid regex from a flag', args: { flags: { 'namespace-selectors.exclude': ['ok', '+'] } }, want: ['namespace-selectors.exclude[1]: invalid regular expression "+" (Nothing to repeat) (from --exclude-namespace)'] },
  { name: 'include entry not a namespace name', args: { file: 'namespace-selectors:\n  include: [default, Kube_System]\n' }, want: ['namespace-selectors.include[1]: expected a namespace name (lowercase letters, digits and "-", at most 63 characters), got "Kube_System"; patterns belong in namespace-selectors.exclude'] },
  { name: 'include as a string', args: { file: 'namespace-selectors:\n  include: default\n' }, want: ['namespace-selectors.include: expected a list of strings, got "default"'] },
  { name: 'include item as a number', args: { file: 'namespace-selectors:\n  include: [5]\n' }, want: ['namespace-selectors.include[0]: expected a string, got 5 (quote it in YAML)'] },
  // URLs and Anchore credentials
  { name: 'url without scheme', args: { file: `${CREDS}  url: anchore.example.com:8228\n` }, want: ['anchore.url: expected an http:// or https:// URL with a host, got "anchore.example.com:8228"'] },
  { name: 'url with another scheme', args: { file: `${CREDS}  url: ftp://anchore.example.com\n` }, want: ['anchore.url: expected an http:// or https:// URL with a host, got "ftp://anchore.example.com"'] },
  { name: 'server without host', args: { env: { KAI_KUBECONFIG_SERVER: 'https://' } }, want: ['kubeconfig.server: expected an http:// or https:// URL with a host, got "https://" (from KAI_KUBECONFIG_SERVER)'] },
  {
    name: 'anchore url without credentials',
    args: { flags: { 'anchore.url': 'https://anchore.example.com' } },
    want: [
      'anchore.user: required when anchore.url is set; set it in the config file or KAI_ANCHORE_USER',
      'anchore.password: required when anchore.url is set; set KAI_ANCHORE_PASSWORD (or anchore.password in the config file)',
    ],
  },
  { name: 'anchore url without password', args: { file: 'anchore:\n  url: https://a.example\n  user: u\n' }, want: ['anchore.password: required when anchore.url is set; set KAI_ANCHORE_PASSWORD (or anchore.password in the config file)'] },
  // account routes
  {
    name: 'account route missing fields',
    args: { file: 'account-routes:\n  team:\n    user: u\n' },
    want: [
      'account-routes.team.password: required: every account route needs a user, a password and namespaces',
      'account-routes.team.namespaces: required: every account route needs a user, a password and namespaces',
    ],
  },
  { name: 'account route bad regex', args: { file: 'account-routes:\n  team:\n    user: u\n    password: p\n    namespaces: ["["]\n' }, want: ['account-routes.team.namespaces[0]: invalid regular expression "[" (Unterminated character class)'] },
  { name: 'account route empty namespaces', args: { file: 'account-routes:\n  team:\n    user: u\n    password: p\n    namespaces: []\n' }, want: ['account-routes.team.namespaces: expected a non-empty list of namespace regular expressions, got a list'] },
  {
    name: 'account route misspelled key',
    args: { file: 'account-routes:\n  team:\n    user: u\n    pasword: p\n    namespaces: [x]\n' },
    want: [
      'account-routes.team: unknown key "pasword"; did you mean "password"?',
      'account-routes.team.password: required: every account route needs a user, a password and namespaces',
    ],
  },
  { name: 'account routes as a list', args: { file: 'account-routes: [a]\n' }, want: ['account-routes: expected a mapping of account names to routes, got a list'] },
  { name: 'account route as a string', args: { file: 'account-routes:\n  team: everything\n' }, want: ['account-routes.team: expected a mapping with user, password and namespaces, got a string'] },
  { name: 'account routes env not parseable', args: { env: { KAI_ACCOUNT_ROUTES: '{team: [' } }, want: ['account-routes: expected YAML or JSON text (from KAI_ACCOUNT_ROUTES), which could not be parsed'] },
  // log level and verbosity
  { name: 'log.level in the file with -v', args: { file: 'log:\n  level: debug\n', flags: { verbosity: 2 } }, want: ['log.level: cannot be combined with -v/--verbose; use one or the other'] },
  { name: 'KAI_LOG_LEVEL with -v', args: { env: { KAI_LOG_LEVEL: 'warn' }, flags: { verbosity: 1 } }, want: ['log.level: cannot be combined with -v/--verbose; use one or the other'] },
  // explicit Kubernetes connection
  { name: 'token type without token', args: { file: 'kubeconfig:\n  server: https://k8s:6443\n  user:\n    type: token\n' }, want: ['kubeconfig.user.token: required when kubeconfig.user.type is token'] },
  {
    name: 'private_key type without cert and key',
    args: { file: 'kubeconfig:\n  user:\n    type: private_key\n' },
    want: ['kubeconfig.user.client-cert: required when kubeconfig.user.type is private_key', 'kubeconfig.user.private-key: required when kubeconfig.user.type is private_key'],
  },
  { name: 'cluster cert not base64', args: { file: 'kubeconfig:\n  cluster-cert: "-----BEGIN CERTIFICATE-----"\n' }, want: ['kubeconfig.cluster-cert: expected base64-encoded PEM CA certificate bundle (as in a kubeconfig\'s *-data fields); encode it with "base64 -w0 FILE"'] },
  { name: 'private key not a key, not echoed', args: { env: { KAI_KUBECONFIG_USER_PRIVATE_KEY: b64('hunter2') } }, want: ['kubeconfig.user.private-key: expected base64-encoded PEM private key (as in a kubeconfig\'s *-data fields); encode it with "base64 -w0 FILE"'] },
  // files named by keys
  { name: 'ca-cert missing', args: { file: 'anchore:\n  http:\n    ca-cert: nope.pem\n' }, want: ['anchore.http.ca-cert: cannot read "nope.pem": no such file or directory; fix the path or the file\'s permissions'] },
  { name: 'ca-cert not PEM', args: { file: 'anchore:\n  http:\n    ca-cert: notpem.pem\n' }, want: ['anchore.http.ca-cert: "notpem.pem" is not a PEM certificate bundle (no "-----BEGIN CERTIFICATE-----" line)'] },
  { name: 'kubeconfig from -k missing', args: { flags: { 'kubeconfig.path': 'missing-kubeconfig' } }, want: ['kubeconfig.path: cannot read "missing-kubeconfig": no such file or directory; fix the path or the file\'s permissions'] },
  { name: 'input is a directory', args: { flags: { input: 'a-dir' } }, want: ['input: cannot read "a-dir": it is a directory; fix the path or the file\'s permissions'] },
  // the config file itself
  { name: 'malformed YAML', args: { file: 'output: json\nkubernetes: [1, 2\nmode: adhoc\n' }, want: ['invalid YAML in "$CWD/kai.yaml": Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1'] },
  { name: 'duplicate key', args: { file: 'output: json\noutput: table\n' }, want: ['invalid YAML in "$CWD/kai.yaml": Map keys must be unique at line 2, column 1'] },
  { name: 'tab indentation', args: { file: 'kubernetes:\n\tworker-pool-size: 3\n' }, want: ['invalid YAML in "$CWD/kai.yaml": Tabs are not allowed as indentation at line 2, column 1'] },
  { name: 'top level is a list', args: { file: '- output: json\n' }, want: ['the config file must hold a mapping of keys at the top level, got a list'] },
  { name: 'top level is a scalar', args: { file: 'json\n' }, want: ['the config file must hold a mapping of keys at the top level, got a string'] },
  { name: '-c file missing', args: { configFile: 'nope.yaml' }, want: ['cannot read config file "$CWD/nope.yaml": no such file or directory; check the -c/--config path'] },
  { name: '-c is a directory (unreadable)', args: { configFile: 'a-dir' }, want: ['cannot read config file "$CWD/a-dir": it is a directory; check the -c/--config path'] },
  // deprecated keys with bad values
  { name: 'deprecated timeout not an int', args: { file: 'kubernetes-request-timeout-seconds: soon\n' }, want: ['kubernetes-request-timeout-seconds: expected an integer, got "soon"'] },
  { name: 'deprecated namespaces not a list', args: { file: 'namespaces: all\n' }, want: ['namespaces: expected a list of namespace names, got "all"'] },
  // everything at once, in schema order, unknown keys first
  {
    name: 'several problems from file, env and flags together',
    args: {
      file: 'output: xml\nkubernetes:\n  worker-pool-size: ten\nkubernets: {}\n',
      env: { KAI_MODE: 'daemon' },
      flags: { 'polling-interval-seconds': '0' },
    },
    want: [
      'unknown key "kubernets"; did you mean "kubernetes"?',
      'output: expected one of json, table, inventory, yaml, csv, markdown; got "xml"',
      'kubernetes.worker-pool-size: expected an integer >= 1, got "ten"',
      'mode: expected one of adhoc, periodic; got "daemon" (from KAI_MODE)',
      'polling-interval-seconds: expected an integer >= 1, got "0" (from --polling-interval-seconds)',
    ],
  },
  {
    name: 'malformed YAML and a bad env value are both reported',
    args: { file: 'a: [\n', env: { KAI_OUTPUT: 'xml' } },
    want: ['invalid YAML in "$CWD/kai.yaml": Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1', 'output: expected one of json, table, inventory, yaml, csv, markdown; got "xml" (from KAI_OUTPUT)'],
  },
];

describe('bad inputs give exactly these problems', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name', async ({ args, want }) => {
    const problems = await problemsOf(world, args);
    expect(problems.map((p) => p.replaceAll(world.cwd, '$CWD'))).toEqual(want);
  });

  it('a malformed file found on the search path is an error too', async () => {
    world.write('work/.kai.yaml', 'output: [\n');
    expect(await problemsOf(world, {})).toEqual([
      `invalid YAML in "${world.cwd}/.kai.yaml": Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1`,
    ]);
  });

  it('the ConfigError hint names the config file', async () => {
    const path = world.write('work/bad.yaml', 'output: xml\n');
    const { load } = await import('./helpers.ts');
    await expect(load(world, { configFile: path })).rejects.toMatchObject({ exitCode: 2, hint: `fix the values above in ${path}; \`kai config --validate ${path}\` checks it without running` });
  });
});
