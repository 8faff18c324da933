// Every key of the schema, loaded from each source: env names, flags and coercion cover them all.
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueAt } from '../../src/config/build.ts';
import { envNameOf, type Setting } from '../../src/config/kinds.ts';
import type { LoadedConfig } from '../../src/config/load.ts';
import { SETTINGS } from '../../src/config/schema.ts';
import { load, makeWorld, type World } from './helpers.ts';

const CERT_B64 = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
const KEY_B64 = Buffer.from('-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n').toString('base64');

describe('env names', () => {
  it.each([
    ['kubernetes.worker-pool-size', 'KAI_KUBERNETES_WORKER_POOL_SIZE'],
    ['anchore.password', 'KAI_ANCHORE_PASSWORD'],
    ['output', 'KAI_OUTPUT'],
    ['kubeconfig.user.private-key', 'KAI_KUBECONFIG_USER_PRIVATE_KEY'],
    ['metadata-collection.pods.include-labels', 'KAI_METADATA_COLLECTION_PODS_INCLUDE_LABELS'],
    ['account-route-by-namespace-label.default-account', 'KAI_ACCOUNT_ROUTE_BY_NAMESPACE_LABEL_DEFAULT_ACCOUNT'],
    ['anchore.http.ca-cert', 'KAI_ANCHORE_HTTP_CA_CERT'],
  ])('%s -> %s', (path, env) => {
    expect(SETTINGS.find((s) => s.path === path)?.env).toBe(env);
  });

  it.each(SETTINGS.map((s) => [s.path, s]))('%s: KAI_ + path upper-cased, . and - as _', (_path, setting) => {
    expect(setting.env).toBe(envNameOf(setting.path));
    expect(setting.env).toMatch(/^KAI_[A-Z0-9_]+$/);
  });

  it('paths, env names and flag names are unique', () => {
    const flags = SETTINGS.flatMap((s) => (s.flag === undefined ? [] : s.flag.split(/[ ,]+/).filter((f) => f.startsWith('-'))));
    for (const names of [SETTINGS.map((s) => s.path), SETTINGS.map((s) => s.env), flags]) expect(new Set(names).size).toBe(names.length);
  });
});

describe('flags and secrets', () => {
  it('flag spellings (commander syntax)', () => {
    expect(Object.fromEntries(SETTINGS.filter((s) => s.flag !== undefined).map((s) => [s.path, s.flag]))).toEqual({
      output: '-o, --output <format>',
      input: '--input <file>',
      quiet: '-q, --quiet',
      'kubeconfig.path': '-k, --kubeconfig <path>',
      'kubeconfig.context': '--context <name>',
      'kubernetes.request-timeout-seconds': '--request-timeout-seconds <seconds>',
      'kubernetes.request-batch-size': '--request-batch-size <n>',
      'kubernetes.worker-pool-size': '--worker-pool-size <n>',
      'namespace-selectors.include': '-n, --namespace <name>',
      'namespace-selectors.exclude': '--exclude-namespace <pattern>',
      'namespace-selectors.label-selector': '--namespace-selector <selector>',
      'include-ephemeral': '--include-ephemeral',
      'pod-label-selector': '-l, --selector <selector>',
      mode: '-m, --mode <mode>',
      'polling-interval-seconds': '-p, --polling-interval-seconds <seconds>',
      'verbose-inventory-reports': '-i, --verbose-inventory-reports',
      'anchore.url': '--anchore-url <url>',
    });
  });

  it('secrets', () => {
    expect(SETTINGS.filter((s) => s.secret).map((s) => s.path)).toEqual(['kubeconfig.user.private-key', 'kubeconfig.user.token', 'anchore.password']);
  });

  it('a one-line doc for every key', () => {
    expect(SETTINGS.filter((s) => s.doc.trim() === '' || s.doc.includes('\n')).map((s) => s.path)).toEqual([]);
  });
});

/** A valid value for each key that differs from its default. */
function sampleOf(setting: Setting, files: { readonly kubeconfig: string; readonly ca: string }): unknown {
  const special: Record<string, unknown> = {
    'kubeconfig.path': files.kubeconfig,
    input: files.kubeconfig,
    'anchore.http.ca-cert': files.ca,
    'kubeconfig.cluster-cert': CERT_B64,
    'kubeconfig.user.client-cert': CERT_B64,
    'kubeconfig.user.private-key': KEY_B64,
  };
  return setting.path in special ? special[setting.path] : sampleOfKind(setting);
}

function sampleOfKind(setting: Setting): unknown {
  if (setting.kind === 'int') return setting.max ?? setting.min + 7;
  if (setting.kind === 'enum') return setting.values.find((v) => v !== setting.default);
  if (setting.kind === 'boolean') return !setting.default;
  const fixed: Record<string, unknown> = {
    string: `value-of-${setting.path}`,
    url: 'https://host.example:8443/base',
    'namespace-list': ['ns-a', 'ns-b'],
    'regex-list': ['^a', 'b$'],
    'string-list': ['^a', 'b$'],
    'account-routes': { team: { user: 'u', password: 'p', namespaces: ['^t-'] } },
  };
  return fixed[setting.kind];
}

function asEnv(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function nest(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of entries) {
    const segments = path.split('.');
    const leaf = segments.pop()!;
    let node = root;
    for (const s of segments) node = (node[s] ??= {}) as Record<string, unknown>;
    node[leaf] = value;
  }
  return root;
}

describe('every key can be set from every source', () => {
  let world: World;
  let samples: [string, unknown][];
  const loaded: Record<'file' | 'env' | 'flags', LoadedConfig | undefined> = { file: undefined, env: undefined, flags: undefined };

  beforeAll(async () => {
    world = makeWorld();
    const files = {
      kubeconfig: world.write('kubeconfig.yaml', 'apiVersion: v1\n'),
      ca: world.write('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'),
    };
    samples = SETTINGS.map((s) => [s.path, sampleOf(s, files)]);
    loaded.file = await load(world, { file: stringify(nest(samples)) });
    loaded.env = await load(world, { env: Object.fromEntries(SETTINGS.map((s, i) => [s.env, asEnv(samples[i]![1])])) });
    loaded.flags = await load(world, { flags: Object.fromEntries(samples.map(([p, v]) => [p, typeof v === 'number' ? String(v) : v])) });
  });
  afterAll(() => {
    world.cleanup();
  });

  it.each(SETTINGS.map((s, i) => [s.path, i]))('%s', (path, index) => {
    const want = samples[index]![1];
    expect(want).not.toEqual(SETTINGS[index]!.default);
    expect([valueAt(loaded.file!.config, path), valueAt(loaded.env!.config, path), valueAt(loaded.flags!.config, path)]).toEqual([want, want, want]);
  });
});
