/**
 * The kai config the chart deploys is one values subtree, `config`, rendered with toYaml minus its
 * secrets (kai.publicConfig). These tests take that subtree from values.yaml, apply the same
 * removals, write the YAML the ConfigMap would hold to a file and load it with kai's own loader,
 * with the Secret's keys as the environment, exactly as the pod gets them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig, type LoadedConfig } from '../../src/config/load.ts';
import { SETTINGS } from '../../src/config/schema.ts';
import { ConfigError } from '../../src/errors.ts';
import {
  SECRET_SETTINGS,
  isMapping,
  leafPaths,
  mergeValues,
  publicConfig,
  readValues,
  secretEnv,
  valueAt,
  type Values,
} from './chart-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'kai-chart-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configOf(values: Values): Values {
  const config = values['config'];
  if (!isMapping(config)) throw new Error('values.yaml has no config mapping');
  return config;
}

/** Load the ConfigMap's config.yaml as the pod does: `--config <file>`, Secret keys in the env. */
async function loadAsPod(values: Values, name: string): Promise<{ loaded: LoadedConfig; configMapYaml: string }> {
  const config = configOf(values);
  const configMapYaml = stringify(publicConfig(config));
  const configFile = join(dir, `${name}.yaml`);
  writeFileSync(configFile, configMapYaml);
  const env = { ...secretEnv(config), POD_NAMESPACE: 'kai', POD_NAME: 'kai-0' };
  const loaded = await loadConfig({ configFile, cwd: dir, homeDir: dir, env, flags: {} });
  return { loaded, configMapYaml };
}

const defaults = readValues();
const production = mergeValues(defaults, {
  config: {
    kubeconfig: { cluster: 'prod-eu-1' },
    anchore: { url: 'https://anchore.example.com/api', user: 'kai-agent', password: 'pa55-Word', account: 'ops' },
    'account-routes': {
      team1: { user: 'team1-agent', password: 'route-Pa55', namespaces: ['^team1-', 'shared'] },
    },
    'account-route-by-namespace-label': { key: 'anchore.io/account', 'ignore-missing-label': true },
    'namespace-selectors': { exclude: ['^kube-', 'cattle-system'] },
  },
});

describe("the chart's kai config", () => {
  it("loads with kai's loader as shipped (no Anchore: kai logs inventories only)", async () => {
    const { loaded } = await loadAsPod(defaults, 'defaults');
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.mode).toBe('periodic');
    expect(loaded.config.health).toEqual({ port: 8080, bindAddress: '0.0.0.0' });
    expect(loaded.config.kubeconfig.path).toBe('use-in-cluster');
    expect(loaded.config.anchore.url).toBe('');
  });

  it('loads a reporting setup with the password and routes from the Secret, none of them in the ConfigMap', async () => {
    const { loaded, configMapYaml } = await loadAsPod(production, 'production');
    expect(loaded.config.anchore).toMatchObject({ url: 'https://anchore.example.com/api', user: 'kai-agent', password: 'pa55-Word', account: 'ops' });
    expect(loaded.config.accountRoutes).toEqual({
      team1: { user: 'team1-agent', password: 'route-Pa55', namespaces: ['^team1-', 'shared'] },
    });
    expect(loaded.config.accountRouteByNamespaceLabel).toEqual({ key: 'anchore.io/account', defaultAccount: '', ignoreMissingLabel: true });
    expect(loaded.config.namespaceSelectors.exclude).toEqual(['^kube-', 'cattle-system']);
    expect(configMapYaml).not.toContain('pa55-Word');
    expect(configMapYaml).not.toContain('route-Pa55');
    expect(configMapYaml).not.toContain('account-routes');
  });

  it('is refused by kai when the Secret is missing (the schema requires a password source for this reason)', async () => {
    const config = configOf(production);
    const configFile = join(dir, 'no-secret.yaml');
    writeFileSync(configFile, stringify(publicConfig(config)));
    const error = await loadConfig({ configFile, cwd: dir, homeDir: dir, env: {}, flags: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.path)).toContain('anchore.password');
  });

  it('uses only keys kai knows, spelled as kai spells them', () => {
    const known = new Set(SETTINGS.map((s) => s.path));
    const unknown = leafPaths(configOf(defaults)).filter((path) => !known.has(path));
    expect(unknown).toEqual([]);
  });

  it("leaves out only the kai keys that make no sense in a cluster, so a new kai key needs a decision here", () => {
    const inChart = new Set(leafPaths(configOf(defaults)));
    const leftOut = SETTINGS.map((s) => s.path).filter((path) => !inChart.has(path));
    expect(leftOut).toEqual([
      'output', // periodic mode reports to Anchore; stdout carries no report
      'input', // a saved pod list instead of the API: an offline tool
      'quiet',
      'kubeconfig.context', // in-cluster: no kubeconfig, no contexts
      'kubeconfig.cluster-cert', // explicit connections to another cluster: possible, but opt-in
      'kubeconfig.server',
      'kubeconfig.user.type',
      'kubeconfig.user.client-cert',
      'kubeconfig.user.private-key',
      'kubeconfig.user.token',
    ]);
  });

  it("keeps kai's defaults except where a cluster needs otherwise", () => {
    const config = configOf(defaults);
    const differing = SETTINGS.filter((s) => {
      const value = valueAt(config, s.path);
      return value !== undefined && JSON.stringify(value) !== JSON.stringify(s.default);
    }).map((s) => `${s.path}=${JSON.stringify(valueAt(config, s.path))}`);
    expect(differing).toEqual([
      'log.structured=true', // JSON lines for log collectors
      'check-for-app-update=false', // an agent is updated by its chart, not by nagging
      'kubeconfig.path="use-in-cluster"', // the service account, never a stray file
      'mode="periodic"',
      'health.bind-address="0.0.0.0"', // kubelet probes and Prometheus reach the pod IP
    ]);
  });

  it("keeps exactly kai's secret settings out of the ConfigMap", () => {
    const secretInSchema = SETTINGS.filter((s) => s.secret || s.kind === 'account-routes').map((s) => ({ path: s.path, env: s.env }));
    expect([...SECRET_SETTINGS].sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      secretInSchema.sort((a, b) => a.path.localeCompare(b.path)),
    );
  });
});
