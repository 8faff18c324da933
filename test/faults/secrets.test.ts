// Secrets never leave kai: runs at the most verbose level (human, structured, and to log.file),
// succeeding and failing, adhoc and periodic, with an Anchore password, account-route password,
// Kubernetes token and client key set from files and env; none of them, nor the Authorization
// header values built from them, may appear in stdout, stderr or the log file. `kai config` and
// error messages redact them too.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnchore, type FakeAnchore } from '../fakes/anchore.ts';
import type { FakeKubeApi } from '../fakes/kube-api.ts';
import { expectExit, makeTempDir, runKai, startKai, type KaiResult } from '../helpers/run-kai.ts';
import { SECRET_ERROR_CASES, SECRET_SCENARIOS, SECRETS, type SecretScenario } from './secret-scenarios.ts';
import { startSmallCluster, writeKubeconfig } from './support.ts';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** A real PEM private key, so that validation accepts it and kai carries it around. */
function privateKeyBase64(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return b64(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

/** Every form in which a secret could leak: the value, and the header values built from it. */
function secretForms(key: string): Record<string, string> {
  const pemBody = Buffer.from(key, 'base64').toString().split('\n')[1] ?? '';
  return {
    'anchore password': SECRETS.anchorePassword,
    'basic auth of the Anchore password': b64(`admin:${SECRETS.anchorePassword}`),
    'route password': SECRETS.routePassword,
    'basic auth of the route password': b64(`team:${SECRETS.routePassword}`),
    'kubernetes token': SECRETS.kubeToken,
    'client key (base64)': key,
    'client key (PEM line)': pemBody.slice(0, 40),
  };
}

function leaksIn(text: string, forms: Record<string, string>): string[] {
  return Object.entries(forms).flatMap(([name, value]) => (value !== '' && text.includes(value) ? [name] : []));
}

interface Prepared {
  readonly kube: FakeKubeApi;
  readonly anchore: FakeAnchore;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly home: string;
  readonly logFile: string;
}

async function startAnchoreFor(scenario: SecretScenario): Promise<FakeAnchore> {
  const users = scenario.anchore === 'rejected' ? { admin: 'other', team: 'other' } : { admin: SECRETS.anchorePassword, team: SECRETS.routePassword };
  const anchore = await startFakeAnchore({ users, accounts: ['admin', 'team'] });
  if (scenario.anchore === 'failing') anchore.inject({ method: 'POST', path: '/v2/kubernetes-inventory', status: 500, times: 1000 });
  return anchore;
}

/** Fresh fakes per scenario (scenarios run concurrently), set up for the scenario's ending. */
async function prepare(scenario: SecretScenario, key: string): Promise<Prepared> {
  const kube = await startSmallCluster({ namespaces: 3, podsPerNamespace: 3, nodes: 1, seed: 5 });
  if (scenario.kube === 'failing') kube.inject({ path: '/api/v1/namespaces/ns-01/pods', status: 500 });
  const anchore = await startAnchoreFor(scenario);
  const home = makeTempDir('kai-faults-secrets-');
  const kubeconfig = writeKubeconfig(home, { server: kube.url, token: scenario.kube === 'rejected' ? SECRETS.kubeToken : kube.token });
  const ctx = { anchoreUrl: anchore.url, kubeUrl: kube.url, key, logFile: join(home, 'kai.log') };
  for (const [name, text] of Object.entries(scenario.files?.(ctx) ?? {})) writeFileSync(join(home, name), text);
  const env: Record<string, string> = { KAI_HEALTH_PORT: '0', ...scenario.env?.(ctx) };
  if (scenario.kube === 'explicit-token') Object.assign(env, { KAI_KUBECONFIG_SERVER: kube.url, KAI_KUBECONFIG_USER_TOKEN: kube.token });
  const args = [...(scenario.kube === 'explicit-token' ? [] : ['-k', kubeconfig]), ...scenario.args];
  return { kube, anchore, args, env, home, logFile: ctx.logFile };
}

async function runScenario(scenario: SecretScenario, prepared: Prepared): Promise<KaiResult> {
  const { args, env, home, anchore } = prepared;
  if (scenario.periodic === undefined) return runKai(args, { env, home, cwd: home });
  const running = startKai(args, { env, home, cwd: home });
  const { inventories } = scenario.periodic;
  await expect.poll(() => anchore.inventories.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(inventories);
  running.child.kill('SIGTERM');
  return running.result;
}

describe.concurrent('secrets never appear in output, logs or errors', () => {
  let key: string;
  let forms: Record<string, string>;
  const fakes: { close(): Promise<void> }[] = [];

  beforeAll(() => {
    key = privateKeyBase64();
    forms = secretForms(key);
  });
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });

  it.each(SECRET_SCENARIOS)('$name', async (scenario) => {
    const prepared = await prepare(scenario, key);
    fakes.push(prepared.kube, prepared.anchore);
    const result = await runScenario(scenario, prepared);
    expectExit(result, scenario.exit);
    const log = existsSync(prepared.logFile) ? readFileSync(prepared.logFile, 'utf8') : '';
    if (scenario.logsTo === 'file') expect(log).toMatch(/DEBUG|"level":(10|20)/);
    else expect(result.stderr).toMatch(/DEBUG|"level":20/);
    if (scenario.anchore === 'ok') expect(prepared.anchore.inventories.length).toBeGreaterThan(0);
    if (scenario.stdoutMatches !== undefined) expect(result.stdout).toMatch(scenario.stdoutMatches);
    expect({ stdout: leaksIn(result.stdout, forms), stderr: leaksIn(result.stderr, forms), log: leaksIn(log, forms) }).toEqual({ stdout: [], stderr: [], log: [] });
    if (scenario.warnsOnce !== undefined) expect(`${result.stderr}${log}`.split(scenario.warnsOnce).length - 1).toBe(1);
  });
});

describe('kai config and error messages redact secrets', () => {
  it('kai config prints [REDACTED] for every secret set in env and file', async () => {
    const home = makeTempDir('kai-faults-secrets-');
    const key = privateKeyBase64();
    writeFileSync(join(home, 'kai.yaml'), `anchore:\n  url: https://anchore.example.com\n  user: admin\n  password: "${SECRETS.anchorePassword}"\naccount-routes:\n  team:\n    user: team\n    password: "${SECRETS.routePassword}"\n    namespaces: [a]\n`);
    const env = { KAI_KUBECONFIG_USER_TOKEN: SECRETS.kubeToken, KAI_KUBECONFIG_USER_PRIVATE_KEY: key };
    const result = await runKai(['config', '-c', 'kai.yaml'], { env, home, cwd: home });
    expectExit(result, 0);
    expect(leaksIn(`${result.stdout}${result.stderr}`, secretForms(key))).toEqual([]);
    expect(result.stdout.match(/\[REDACTED\]/g)).toHaveLength(4);
    for (const line of [/ private-key: "\[REDACTED\]"/, / token: "\[REDACTED\]"/]) expect(result.stdout).toMatch(line);
    expect(result.stdout.match(/ password: "\[REDACTED\]"/g)).toHaveLength(2);
  });

  it.concurrent.each(SECRET_ERROR_CASES)('$name: exit 2, the value is not echoed', async ({ secret, config, env = {}, want }) => {
    const home = makeTempDir('kai-faults-secrets-');
    if (config !== undefined) writeFileSync(join(home, 'kai.yaml'), config);
    const result = await runKai(config === undefined ? [] : ['-c', 'kai.yaml'], { env, home, cwd: home });
    expectExit(result, 2);
    expect(result.stderr).toMatch(want);
    expect(result.stderr).not.toContain(secret);
    expect(result.stderr).not.toContain(b64(secret));
  });
});
