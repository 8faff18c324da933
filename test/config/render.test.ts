// `kai config`: the effective config as YAML, secrets redacted; `kai config --validate FILE`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig } from '../../src/config/build.ts';
import { REDACTED } from '../../src/config/redact.ts';
import { renderEffectiveConfig, validateConfigFile } from '../../src/config/render.ts';
import { load, makeWorld, type LoadArgs, type World } from './helpers.ts';

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => {
  world.cleanup();
});

const KEY_B64 = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nS3CR3TKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n').toString('base64');
const CERT_B64 = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
const SECRETS = { password: 'pa55-w0rd-xyz', token: 'eyJtoken.abc.def', routePassword: 'route-pw-123', key: KEY_B64 };

describe('renderEffectiveConfig', () => {
  it('with no file, env or flags matches the golden file', async () => {
    const { config } = await load(world);
    await expect(renderEffectiveConfig(config)).toMatchFileSnapshot('../fixtures/golden/config-default.yaml');
    expect(renderEffectiveConfig(config)).toBe(renderEffectiveConfig(defaultConfig()));
  });

  const routes = { team: { user: 'team-user', password: SECRETS.routePassword, namespaces: ['^team-'] } };
  it.each<{ source: string; args: LoadArgs }>([
    {
      source: 'file',
      args: {
        file: [
          'anchore: {url: "https://a.example", user: admin, password: "pa55-w0rd-xyz"}',
          'kubeconfig: {user: {type: token, token: "eyJtoken.abc.def", private-key: "' + KEY_B64 + '"}}',
          'account-routes: {team: {user: team-user, password: route-pw-123, namespaces: ["^team-"]}}',
        ].join('\n'),
      },
    },
    {
      source: 'env',
      args: {
        env: {
          KAI_ANCHORE_URL: 'https://a.example',
          KAI_ANCHORE_USER: 'admin',
          KAI_ANCHORE_PASSWORD: SECRETS.password,
          KAI_KUBECONFIG_USER_TYPE: 'token',
          KAI_KUBECONFIG_USER_TOKEN: SECRETS.token,
          KAI_KUBECONFIG_USER_PRIVATE_KEY: SECRETS.key,
          KAI_ACCOUNT_ROUTES: JSON.stringify(routes),
        },
      },
    },
    {
      source: 'flags',
      args: {
        flags: {
          'anchore.url': 'https://a.example',
          'anchore.user': 'admin',
          'anchore.password': SECRETS.password,
          'kubeconfig.user.type': 'token',
          'kubeconfig.user.token': SECRETS.token,
          'kubeconfig.user.private-key': SECRETS.key,
          'account-routes': routes,
        },
      },
    },
  ])('secrets set via $source never appear', async ({ args }) => {
    const { config } = await load(world, args);
    expect(config.anchore.password).toBe(SECRETS.password);
    const text = renderEffectiveConfig(config);
    for (const secret of [...Object.values(SECRETS), 'S3CR3TKEYMATERIAL']) expect(text).not.toContain(secret);
    const view = parse(text) as {
      anchore: { password: string; user: string };
      kubeconfig: { user: { token: string; 'private-key': string; 'client-cert': string } };
      'account-routes': Record<string, { password: string; user: string; namespaces: string[] }>;
    };
    expect(view.anchore).toMatchObject({ password: REDACTED, user: 'admin' });
    expect(view.kubeconfig.user).toMatchObject({ token: REDACTED, 'private-key': REDACTED, 'client-cert': '' });
    expect(view['account-routes']).toEqual({ team: { user: 'team-user', password: REDACTED, namespaces: ['^team-'] } });
  });

  it('unset secrets stay "" and non-secret values are shown', async () => {
    const { config } = await load(world, { env: { KAI_KUBECONFIG_USER_CLIENT_CERT: CERT_B64, KAI_ANCHORE_USER: 'bob' } });
    const view = parse(renderEffectiveConfig(config)) as { anchore: { password: string; user: string }; kubeconfig: { user: Record<string, string> } };
    expect([view.anchore.password, view.anchore.user, view.kubeconfig.user['token'], view.kubeconfig.user['client-cert']]).toEqual(['', 'bob', '', CERT_B64]);
  });

  it('a password given with the wrong type is not echoed in problems either', async () => {
    const error: unknown = await load(world, { file: 'anchore:\n  password: [pa55-w0rd-xyz]\n' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('anchore.password: expected a string, got a list');
  });

  it('the rendered YAML loads back to the same config (secrets aside)', async () => {
    const { config } = await load(world, { file: 'output: table\nnamespace-selectors:\n  exclude: ["^kube-"]\nhealth:\n  port: 0\n' });
    const path = world.write('roundtrip.yaml', renderEffectiveConfig(config));
    expect((await load(world, { configFile: path })).config).toEqual(config);
  });
});

describe('validateConfigFile', () => {
  it('returns [] for a valid file', async () => {
    const path = world.write('ok.yaml', 'mode: periodic\n');
    expect(await validateConfigFile(path, { cwd: world.cwd, homeDir: world.home, env: {} })).toEqual([]);
  });

  it('returns every problem of the file', async () => {
    const path = world.write('bad.yaml', 'mode: daemon\nkubernets: {}\n');
    expect(await validateConfigFile(path, { cwd: world.cwd, homeDir: world.home, env: {} })).toEqual([
      { path: '', message: 'unknown key "kubernets"; did you mean "kubernetes"?' },
      { path: 'mode', message: 'expected one of adhoc, periodic; got "daemon"' },
    ]);
  });

  it('a password kept in the env satisfies anchore.url; without it the file is incomplete', async () => {
    const path = world.write('chart.yaml', 'anchore:\n  url: https://anchore:8228\n  user: admin\n');
    const deps = { cwd: world.cwd, homeDir: world.home };
    expect(await validateConfigFile(path, { ...deps, env: { KAI_ANCHORE_PASSWORD: 'x' } })).toEqual([]);
    expect(await validateConfigFile(path, { ...deps, env: {} })).toEqual([
      { path: 'anchore.password', message: 'required when anchore.url is set; set KAI_ANCHORE_PASSWORD (or anchore.password in the config file)' },
    ]);
  });

  it('a missing file is a problem, not an exception', async () => {
    expect(await validateConfigFile('/nonexistent/kai.yaml', { cwd: world.cwd, homeDir: world.home, env: {} })).toEqual([
      { path: '', message: 'cannot read config file "/nonexistent/kai.yaml": no such file or directory; check the -c/--config path' },
    ]);
  });
});
