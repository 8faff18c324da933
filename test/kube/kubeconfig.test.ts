import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError, UsageError } from '../../src/errors.ts';
import { createKubeClient, type KubeClient, type KubeClientDeps } from '../../src/kube/client.ts';
import type { KubeConnectionOptions } from '../../src/kube/options.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { captureLog } from './support.ts';

let fake: FakeKubeApi;
let tlsFake: FakeKubeApi;
let dir: string;
let client: KubeClient | undefined;
const signal = new AbortController().signal;

beforeAll(async () => {
  fake = await startFakeKubeApi();
  tlsFake = await startFakeKubeApi({ tls: true, token: 'in-cluster-token' });
  dir = mkdtempSync(join(tmpdir(), 'kai-kubeconfig-'));
});

afterAll(async () => {
  await fake.close();
  await tlsFake.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await client?.close();
  client = undefined;
});

const NO_CONNECTION: KubeConnectionOptions = {
  path: '',
  context: '',
  cluster: '',
  clusterCert: '',
  server: '',
  user: { type: '', clientCert: '', privateKey: '', token: '' },
};

interface KubeconfigSpec {
  readonly contexts?: Array<{ name: string; cluster: string; user: string }>;
  readonly currentContext?: string;
  readonly server?: string;
  readonly user?: Record<string, unknown>;
}

function writeKubeconfig(name: string, spec: KubeconfigSpec = {}): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: `${name}-cluster`, cluster: { server: spec.server ?? fake.url } }],
      users: [{ name: `${name}-user`, user: spec.user ?? { token: fake.token } }],
      contexts: (spec.contexts ?? [{ name: `${name}-ctx`, cluster: `${name}-cluster`, user: `${name}-user` }]).map((c) => ({
        name: c.name,
        context: { cluster: c.cluster, user: c.user },
      })),
      'current-context': spec.currentContext ?? `${name}-ctx`,
    }),
  );
  return file;
}

async function connect(conn: Partial<KubeConnectionOptions>, deps: Partial<KubeClientDeps> = {}): Promise<KubeClient> {
  client = await createKubeClient({ ...NO_CONNECTION, ...conn }, { log: captureLog().log, env: {}, homeDir: join(dir, 'no-home'), ...deps });
  return client;
}

async function failure(conn: Partial<KubeConnectionOptions>, deps: Partial<KubeClientDeps> = {}): Promise<AppError> {
  try {
    await connect(conn, deps);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('kubeconfig files', () => {
  it('uses the current context of the file given as path, and its cluster name', async () => {
    const c = await connect({ path: writeKubeconfig('plain') });
    expect(c.clusterName).toBe('plain-cluster');
    expect(c.server).toBe(fake.url);
    await expect(c.getVersion(signal)).resolves.toMatchObject({ gitVersion: 'v1.29.1' });
  });

  it('kubeconfig.cluster overrides the report cluster name', async () => {
    const c = await connect({ path: writeKubeconfig('named'), cluster: 'prod-eu' });
    expect(c.clusterName).toBe('prod-eu');
  });

  it('selects another context by name', async () => {
    const file = writeKubeconfig('multi', {
      contexts: [
        { name: 'broken', cluster: 'nowhere', user: 'multi-user' },
        { name: 'good', cluster: 'multi-cluster', user: 'multi-user' },
      ],
      currentContext: 'broken',
    });
    const c = await connect({ path: file, context: 'good' });
    await expect(c.getVersion(signal)).resolves.toBeDefined();
  });

  it('finds $KUBECONFIG (a path list, merged) before ~/.kube/config', async () => {
    const first = writeKubeconfig('env-a', { server: 'http://127.0.0.1:1' });
    const second = writeKubeconfig('env-b');
    const c = await connect({ context: 'env-b-ctx' }, { env: { KUBECONFIG: `${first}:${second}` } });
    expect(c.clusterName).toBe('env-b-cluster');
    expect(c.source).toBe(`${first}:${second}`);
    await expect(c.getVersion(signal)).resolves.toBeDefined();
  });

  it('finds ~/.kube/config in the home directory', async () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    copyFileSync(writeKubeconfig('home-config'), join(home, '.kube', 'config'));
    const c = await connect({}, { homeDir: home });
    expect(c.source).toBe(join(home, '.kube', 'config'));
    expect(c.clusterName).toBe('home-config-cluster');
  });

  it('runs exec credential plugins (client-node handles them)', async () => {
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: fake.token } });
    const file = writeKubeconfig('exec', {
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`], interactiveMode: 'Never' } },
    });
    const c = await connect({ path: file });
    await expect(c.getVersion(signal)).resolves.toBeDefined();
    expect(fake.requests.at(-1)?.path).toBe('/version');
  });

  it.each([
    { name: 'a missing file', setup: () => ({ path: join(dir, 'absent.yaml') }), message: /^kubeconfig ".*absent\.yaml" not found$/, hint: /-k\/--kubeconfig/ },
    {
      name: 'a file that is not YAML',
      setup: () => {
        const file = join(dir, 'broken.yaml');
        writeFileSync(file, 'clusters: [\n  - {');
        return { path: file };
      },
      message: /^kubeconfig ".*broken\.yaml" is not a valid kubeconfig: /,
      hint: /kubectl config view/,
    },
    { name: 'an unknown context', setup: () => ({ path: writeKubeconfig('ctx'), context: 'nope' }), message: /^kubeconfig ".*ctx" has no context "nope"$/, hint: /available: ctx-ctx/ },
    { name: 'no current-context', setup: () => ({ path: writeKubeconfig('nocurrent', { currentContext: '' }) }), message: /has no current-context$/, hint: /--context NAME \(available: nocurrent-ctx\)/ },
    {
      name: 'a context whose cluster is not defined',
      setup: () => ({ path: writeKubeconfig('dangling', { contexts: [{ name: 'd', cluster: 'ghost', user: 'dangling-user' }], currentContext: 'd' }) }),
      message: /context "d" refers to cluster "ghost", which is not defined/,
      hint: /clusters section/,
    },
    {
      name: 'a context whose user is not defined',
      setup: () => ({ path: writeKubeconfig('nouser', { contexts: [{ name: 'u', cluster: 'nouser-cluster', user: 'ghost' }], currentContext: 'u' }) }),
      message: /context "u" refers to user "ghost", which is not defined/,
      hint: /users section/,
    },
    { name: 'a server that is not a URL', setup: () => ({ path: writeKubeconfig('badurl', { server: 'not a url' }) }), message: /server "not a url" is not a URL/, hint: /https:\/\/host:port/ },
    {
      name: 'a failing exec credential plugin',
      setup: () => ({
        path: writeKubeconfig('badexec', {
          user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', 'console.error("token expired: run aws sso login"); process.exit(1)'], interactiveMode: 'Never' } },
        }),
      }),
      message: /^kubeconfig ".*badexec": cannot load the credentials or TLS files of context "badexec-ctx": token expired: run aws sso login$/,
      hint: /exec plugin by hand/,
    },
    {
      name: 'a missing client certificate file',
      setup: () => ({ path: writeKubeconfig('nocert', { user: { 'client-certificate': join(dir, 'absent.crt'), 'client-key': join(dir, 'absent.key') } }) }),
      message: /cannot load the credentials or TLS files of context "nocert-ctx": ENOENT/,
      hint: /certificate\/key\/CA files/,
    },
    { name: 'nothing at all outside a cluster', setup: () => ({}), message: /^not running in a cluster/, hint: /-k\/--kubeconfig/ },
    { name: 'use-in-cluster outside a cluster', setup: () => ({ path: 'use-in-cluster' }), message: /^not running in a cluster/, hint: /service account token/ },
    {
      name: 'an explicit token connection without a token',
      setup: () => ({ server: fake.url, user: { type: 'token' as const, clientCert: '', privateKey: '', token: '' } }),
      message: /kubeconfig.user.token is empty/,
      hint: /KAI_KUBECONFIG_USER_TOKEN/,
    },
    {
      name: 'an explicit private_key connection without a key',
      setup: () => ({ server: fake.url, user: { type: 'private_key' as const, clientCert: 'Y2VydA==', privateKey: '', token: '' } }),
      message: /client-cert or private-key is empty/,
      hint: /base64 PEM/,
    },
  ])('$name is a usage error (exit 2) that names it', async ({ setup, message, hint }) => {
    const error = await failure(setup());
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toMatch(hint);
  });
});

describe('explicit connection and in-cluster', () => {
  it('connects with kubeconfig.server + token, and names the cluster after kubeconfig.cluster', async () => {
    const c = await connect({ server: fake.url, cluster: 'explicit', user: { type: 'token', clientCert: '', privateKey: '', token: fake.token } });
    expect(c.clusterName).toBe('explicit');
    await expect(c.getVersion(signal)).resolves.toBeDefined();
  });

  it('kubeconfig.path wins over an explicit server', async () => {
    const c = await connect({ path: writeKubeconfig('wins'), server: 'http://127.0.0.1:1' });
    expect(c.clusterName).toBe('wins-cluster');
  });

  it('uses the service account token and CA in a pod (over TLS)', async () => {
    const saDir = join(dir, 'serviceaccount');
    mkdirSync(saDir, { recursive: true });
    writeFileSync(join(saDir, 'token'), 'in-cluster-token');
    writeFileSync(join(saDir, 'ca.crt'), Buffer.from(tlsFake.caData, 'base64'));
    const port = new URL(tlsFake.url).port;
    const c = await connect({ path: 'use-in-cluster' }, { env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port }, serviceAccountDir: saDir });
    expect(c.server).toBe(tlsFake.url);
    expect(c.source).toBe('in-cluster');
    await expect(c.getVersion(signal)).resolves.toMatchObject({ gitVersion: 'v1.29.1' });
  });
});
