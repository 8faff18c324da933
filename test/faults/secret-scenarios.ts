/**
 * The runs of test/faults/secrets.test.ts: each sets secrets in a different way, logs at debug in
 * a different form, and ends in a different way. Data only (no vitest), so docs/reliability.md
 * can list them.
 */

export const SECRETS = {
  anchorePassword: 'anchore-Pw-7f9a1c3e',
  routePassword: 'route-Pw-c0ffee42',
  kubeToken: 'kube-token-0ddba11-5e3c9b',
} as const;

export interface SecretContext {
  readonly anchoreUrl: string;
  readonly kubeUrl: string;
  /** base64 PEM private key. */
  readonly key: string;
  readonly logFile: string;
}

export interface SecretScenario {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: number;
  /**
   * ok: kubeconfig file with the fake's token; rejected: kubeconfig with SECRETS.kubeToken, which
   * the fake refuses (401); failing: one namespace answers 500 for good; explicit-token: no
   * kubeconfig, kubeconfig.server + KAI_KUBECONFIG_USER_TOKEN.
   */
  readonly kube: 'ok' | 'rejected' | 'failing' | 'explicit-token';
  /** ok: Anchore knows the passwords; rejected: it knows others (401); failing: every POST is a 500. */
  readonly anchore?: 'ok' | 'rejected' | 'failing';
  readonly env?: (ctx: SecretContext) => Record<string, string>;
  /** Files in the run's home (= cwd); `kai.yaml` is passed with -c by the scenario's args. */
  readonly files?: (ctx: SecretContext) => Record<string, string>;
  readonly logsTo: 'stderr' | 'file';
  /** Periodic mode: SIGTERM after this many inventories reached Anchore. */
  readonly periodic?: { readonly inventories: number };
  readonly stdoutMatches?: RegExp;
  /** This text appears exactly once in stderr + log file. */
  readonly warnsOnce?: string;
}

const ROUTES_JSON = JSON.stringify({ team: { user: 'team', password: SECRETS.routePassword, namespaces: ['^ns-01$'] } });
const ROUTES_YAML = `account-routes:\n  team:\n    user: team\n    password: "${SECRETS.routePassword}"\n    namespaces: ["^ns-01$"]\n`;

const anchoreEnv = (ctx: SecretContext): Record<string, string> => ({
  KAI_ANCHORE_URL: ctx.anchoreUrl,
  KAI_ANCHORE_USER: 'admin',
  KAI_ANCHORE_PASSWORD: SECRETS.anchorePassword,
  KAI_KUBECONFIG_USER_PRIVATE_KEY: ctx.key,
});

const anchoreFile = (ctx: SecretContext, extra = ''): Record<string, string> => ({
  'kai.yaml': `anchore:\n  url: ${ctx.anchoreUrl}\n  user: admin\n  password: "${SECRETS.anchorePassword}"\nkubeconfig:\n  user:\n    private-key: ${ctx.key}\n${ROUTES_YAML}${extra}`,
});

export const SECRET_SCENARIOS: readonly SecretScenario[] = [
  {
    name: 'adhoc report to Anchore, -vv, secrets from env, human logs',
    args: ['-vv'],
    exit: 0,
    kube: 'ok',
    anchore: 'ok',
    env: (ctx) => ({ ...anchoreEnv(ctx), KAI_ACCOUNT_ROUTES: ROUTES_JSON }),
    logsTo: 'stderr',
  },
  {
    name: 'adhoc report to Anchore, -vv, secrets from the config file, structured logs',
    args: ['-c', 'kai.yaml', '-vv'],
    exit: 0,
    kube: 'ok',
    anchore: 'ok',
    files: (ctx) => anchoreFile(ctx, 'log:\n  structured: true\n'),
    logsTo: 'stderr',
  },
  {
    name: 'adhoc report to Anchore, trace level, structured logs to log.file',
    args: ['-c', 'kai.yaml'],
    exit: 0,
    kube: 'ok',
    anchore: 'ok',
    files: (ctx) => anchoreFile(ctx, `log:\n  structured: true\n  level: trace\n  file: ${ctx.logFile}\n`),
    logsTo: 'file',
  },
  {
    name: 'printed report, -vv, token from KAI_KUBECONFIG_USER_TOKEN, human logs to log.file',
    args: ['-vv', '-o', 'json'],
    exit: 0,
    kube: 'explicit-token',
    env: (ctx) => ({ KAI_LOG_FILE: ctx.logFile, KAI_KUBECONFIG_USER_PRIVATE_KEY: ctx.key }),
    logsTo: 'file',
    stdoutMatches: /"inventory_type": "kubernetes"/,
  },
  {
    name: 'token rejected by the API server (401), -vv',
    args: ['-vv'],
    exit: 3,
    kube: 'rejected',
    env: anchoreEnv,
    logsTo: 'stderr',
  },
  {
    name: 'API server failing (500, retries logged), -vv, structured',
    args: ['-vv'],
    exit: 3,
    kube: 'failing',
    env: (ctx) => ({ ...anchoreEnv(ctx), KAI_LOG_STRUCTURED: 'true' }),
    logsTo: 'stderr',
  },
  {
    name: 'password rejected by Anchore (401), -vv',
    args: ['-vv'],
    exit: 4,
    kube: 'ok',
    anchore: 'rejected',
    env: (ctx) => ({ ...anchoreEnv(ctx), KAI_ACCOUNT_ROUTES: ROUTES_JSON }),
    logsTo: 'stderr',
  },
  {
    name: 'Anchore failing (500, POST retries logged), -vv',
    args: ['-vv'],
    exit: 4,
    kube: 'ok',
    anchore: 'failing',
    env: anchoreEnv,
    logsTo: 'stderr',
  },
  {
    name: 'periodic agent, 1 s cycles, -vv, structured logs to log.file, insecure warns once',
    args: ['-m', 'periodic', '-p', '1', '-c', 'kai.yaml', '-vv'],
    exit: 0,
    kube: 'ok',
    anchore: 'ok',
    files: (ctx) => anchoreFile(ctx, `log:\n  structured: true\n  file: ${ctx.logFile}\nanchore-registration:\n  registration-id: secrets-test\n`),
    env: () => ({ KAI_ANCHORE_HTTP_INSECURE: 'true' }),
    logsTo: 'file',
    periodic: { inventories: 4 },
    warnsOnce: 'the Anchore TLS certificate is NOT verified',
  },
];

export interface SecretErrorCase {
  readonly name: string;
  /** The secret value the message must not echo (nor its base64 form). */
  readonly secret: string;
  readonly config?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** What the message must say instead. */
  readonly want: RegExp;
}

/** Bad values of secret keys: the message names the key and the problem, never the value. */
export const SECRET_ERROR_CASES: readonly SecretErrorCase[] = [
  { name: 'anchore.password as a number', secret: '987654321', config: 'anchore:\n  password: 987654321\n', want: /anchore\.password: expected a string, got a number/ },
  { name: 'kubeconfig.user.token as a list', secret: 'tok-in-a-list-777', config: 'kubeconfig:\n  user:\n    token: [tok-in-a-list-777]\n', want: /kubeconfig\.user\.token: expected a string, got a list/ },
  { name: 'private key that is not a key', secret: 'hunter2-not-a-key-555', env: { KAI_KUBECONFIG_USER_PRIVATE_KEY: Buffer.from('hunter2-not-a-key-555').toString('base64') }, want: /kubeconfig\.user\.private-key: expected base64-encoded PEM private key/ },
  { name: 'route password as a mapping', secret: 'route-secret-888', config: 'account-routes:\n  team:\n    user: u\n    password: {x: route-secret-888}\n    namespaces: [a]\n', want: /account-routes\.team\.password: expected a string, got a mapping/ },
  { name: 'KAI_ACCOUNT_ROUTES that does not parse', secret: 'rt-secret-999', env: { KAI_ACCOUNT_ROUTES: '{team: {password: rt-secret-999, namespaces: [' }, want: /account-routes: expected YAML or JSON text \(from KAI_ACCOUNT_ROUTES\), which could not be parsed/ },
  { name: 'misspelled password key', secret: 's3cr3t-typo-111', config: 'anchore:\n  pasword: s3cr3t-typo-111\n', want: /anchore: unknown key "pasword"; did you mean "password"\?/ },
  { name: 'YAML syntax error on the password line', secret: 'unterminated-secret-222', config: 'anchore:\n  password: "unterminated-secret-222\nmode: adhoc\n', want: /invalid YAML in ".*kai\.yaml": Missing closing "quote/ },
  { name: 'password inside anchore.url (finding F5)', secret: 'url-secret-42', env: { KAI_ANCHORE_URL: 'https://admin:url-secret-42@anchore.example.com', KAI_ANCHORE_USER: 'u', KAI_ANCHORE_PASSWORD: 'p' }, want: /anchore\.url: credentials in the URL are not allowed \(got "https:\/\/\*\*\*@anchore\.example\.com"\); use anchore\.user and KAI_ANCHORE_PASSWORD/ },
  { name: 'password inside kubeconfig.server', secret: 'srv-secret-43', config: 'kubeconfig:\n  server: https://u:srv-secret-43@k8s.example.com:6443\n', want: /kubeconfig\.server: credentials in the URL are not allowed/ },
  { name: 'KAI_ANCHORE_PASSWORD with a bad anchore.url', secret: 'env-secret-555', env: { KAI_ANCHORE_PASSWORD: 'env-secret-555', KAI_ANCHORE_USER: 'u', KAI_ANCHORE_URL: 'notaurl' }, want: /anchore\.url: expected an http:\/\/ or https:\/\/ URL/ },
];
