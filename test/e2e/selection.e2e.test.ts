/**
 * Namespace selectors, ignore-not-running, the missing-tag policies and the registry override,
 * set through flags, a config file and environment variables, against the real API server.
 */
import { describe, expect, it } from 'vitest';
import { expectedImages, NAMESPACES_WITH_PODS, type ExpectOptions } from './expected.ts';
import { kaiArgs, namespacesWithImages, parseJsonReport, rowsOf, type InventoryJson } from './helpers.ts';
import { describeRun, runKai, writeConfig } from './run-kai.ts';
import { digestOf } from './seed-data.ts';

async function jsonRows(args: string[], env: Record<string, string> = {}): Promise<ReturnType<typeof rowsOf>> {
  const run = await runKai(kaiArgs('admin', '-o', 'json', ...args), { env });
  expect(run.code, describeRun(run)).toBe(0);
  return rowsOf(parseJsonReport(run));
}

describe('namespace selectors', () => {
  it.each<{ name: string; args: string[]; want: ExpectOptions }>([
    { name: '-n twice includes exactly those namespaces', args: ['-n', 'team-a', '-n', 'payments'], want: { include: ['team-a', 'payments'] } },
    { name: '--exclude-namespace regex ^kube-* drops kube-system', args: ['--exclude-namespace', '^kube-*'], want: { exclude: ['^kube-*'] } },
    { name: '--exclude-namespace with a DNS label is an exact name', args: ['--exclude-namespace', 'team-a'], want: { exclude: ['team-a'] } },
    { name: 'a DNS label that only prefixes names excludes nothing', args: ['--exclude-namespace', 'team'], want: { exclude: ['team'] } },
    { name: 'an unanchored regex matches inside names', args: ['--exclude-namespace', 'ea.-'], want: { exclude: ['ea.-'] } },
    { name: 'exclude wins over include', args: ['-n', 'team-a', '-n', 'team-b', '--exclude-namespace', 'team-b'], want: { include: ['team-a', 'team-b'], exclude: ['team-b'] } },
  ])('$name', async ({ args, want }) => {
    const rows = await jsonRows(args);
    expect(rows).toEqual(expectedImages(want));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('the exclusions really remove namespaces that have images', async () => {
    const run = await runKai(kaiArgs('admin', '--exclude-namespace', '^kube-*', '--exclude-namespace', 'big'));
    expect(run.code, describeRun(run)).toBe(0);
    expect(namespacesWithImages(parseJsonReport(run))).toEqual(NAMESPACES_WITH_PODS.filter((n) => n !== 'kube-system' && n !== 'big'));
  });

  it('namespace-selectors.ignore-empty drops the namespace without pods from the inventory', async () => {
    const config = writeConfig('namespace-selectors:\n  ignore-empty: true\n');
    const [withEmpty, without] = await Promise.all([
      runKai(kaiArgs('admin', '-o', 'inventory')),
      runKai(kaiArgs('admin', '-o', 'inventory', '-c', config)),
    ]);
    expect(without.code, describeRun(without)).toBe(0);
    const names = (r: typeof without): string[] => (JSON.parse(r.stdout) as InventoryJson).namespaces.map((n) => n.name);
    expect(names(withEmpty)).toContain('empty');
    expect(names(without)).not.toContain('empty');
    expect(names(without)).toEqual(expect.arrayContaining([...NAMESPACES_WITH_PODS]));
  });
});

describe('pods that are not running', () => {
  it('are skipped by default and counted with ignore-not-running: false', async () => {
    const config = writeConfig('ignore-not-running: false\n');
    const rows = await jsonRows(['-c', config]);
    expect(rows).toEqual(expectedImages({ ignoreNotRunning: false }));
    for (const tag of ['redis:7.2', 'alpine:3.19', 'python:3.12-slim', 'ghcr.io/acme/worker:2.0']) {
      expect(rows.map((r) => r.tag)).toContain(tag);
      expect(expectedImages().map((r) => r.tag)).not.toContain(tag);
    }
  });

  it('KAI_IGNORE_NOT_RUNNING=false from the environment does the same', async () => {
    expect(await jsonRows([], { KAI_IGNORE_NOT_RUNNING: 'false' })).toEqual(expectedImages({ ignoreNotRunning: false }));
  });
});

describe('missing-tag policies and registry override', () => {
  it.each<{ policy: 'digest' | 'insert' | 'drop'; yaml: string; want: ExpectOptions; has: string; hasNot: string }>([
    { policy: 'digest', yaml: 'missing-tag-policy: { policy: digest }\n', want: { policy: 'digest' }, has: `localhost:5000/app:${digestOf('local-app').slice(7)}`, hasNot: 'localhost:5000/app:UNKNOWN' },
    { policy: 'insert', yaml: 'missing-tag-policy: { policy: insert, tag: NOTAG }\n', want: { policy: 'insert', insertTag: 'NOTAG' }, has: 'localhost:5000/app:NOTAG', hasNot: `localhost:5000/app:${digestOf('local-app').slice(7)}` },
    { policy: 'drop', yaml: 'missing-tag-policy: { policy: drop }\n', want: { policy: 'drop' }, has: 'app:5000', hasNot: 'quay.io/acme/api' },
  ])('policy $policy', async ({ yaml, want, has, hasNot }) => {
    const rows = await jsonRows(['-c', writeConfig(yaml)]);
    expect(rows).toEqual(expectedImages(want));
    expect(rows.map((r) => r.tag)).toContain(has);
    expect(rows.some((r) => r.tag.startsWith(hasNot))).toBe(false);
  });

  it('missing-registry-override prefixes only references without a registry', async () => {
    const rows = await jsonRows([], { KAI_MISSING_REGISTRY_OVERRIDE: 'mirror.example.com' });
    expect(rows).toEqual(expectedImages({ registryOverride: 'mirror.example.com' }));
    const tags = rows.map((r) => r.tag);
    expect(tags).toContain('mirror.example.com/nginx:1.25.3');
    expect(tags).toContain('mirror.example.com/prom/prometheus:v2.48.0');
    expect(tags).toContain('registry.example.com:5000/team/envoy:v1.28.0');
    expect(tags).toContain(`localhost:5000/app:${digestOf('local-app').slice(7)}`);
  });
});

describe('configuration precedence against the real server', () => {
  it('a flag beats the config file, which beats the default', async () => {
    const config = writeConfig('output: table\nnamespace-selectors:\n  include: [team-b]\n');
    const fromFile = await runKai(kaiArgs('admin', '-c', config));
    expect(fromFile.code, describeRun(fromFile)).toBe(0);
    expect(fromFile.stdout).toMatch(/^IMAGE TAG/);
    const flagWins = await runKai(kaiArgs('admin', '-c', config, '-o', 'json'));
    expect(rowsOf(parseJsonReport(flagWins))).toEqual(expectedImages({ include: ['team-b'] }));
  });
});
