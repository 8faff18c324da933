import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { valueAt } from '../../src/config/build.ts';
import { makeWorld, load, type World } from './helpers.ts';

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => {
  world.cleanup();
});

describe('precedence: flags > env > file > defaults', () => {
  const file = 'kubernetes:\n  worker-pool-size: 20\noutput: table\nnamespace-selectors:\n  include: [a]\n';
  it.each([
    { name: 'defaults', args: {}, want: { pool: 100, output: 'json', include: [] } },
    { name: 'file over defaults', args: { file }, want: { pool: 20, output: 'table', include: ['a'] } },
    {
      name: 'env over file',
      args: { file, env: { KAI_KUBERNETES_WORKER_POOL_SIZE: '30', KAI_OUTPUT: 'yaml', KAI_NAMESPACE_SELECTORS_INCLUDE: 'b, c' } },
      want: { pool: 30, output: 'yaml', include: ['b', 'c'] },
    },
    {
      name: 'flags over env',
      args: {
        file,
        env: { KAI_KUBERNETES_WORKER_POOL_SIZE: '30', KAI_OUTPUT: 'yaml' },
        flags: { 'kubernetes.worker-pool-size': '40', output: 'csv', 'namespace-selectors.include': ['d', 'e'] },
      },
      want: { pool: 40, output: 'csv', include: ['d', 'e'] },
    },
    {
      name: 'undefined flags and empty env values are not set',
      args: { file, env: { KAI_OUTPUT: '' }, flags: { output: undefined } },
      want: { pool: 20, output: 'table', include: ['a'] },
    },
  ])('$name', async ({ args, want }) => {
    const { config } = await load(world, args);
    expect({ pool: config.kubernetes.workerPoolSize, output: config.output, include: config.namespaceSelectors.include }).toEqual(want);
  });

  it.each([
    { path: 'quiet', env: 'KAI_QUIET', raw: 'TRUE', want: true },
    { path: 'quiet', env: 'KAI_QUIET', raw: '1', want: true },
    { path: 'ignore-not-running', env: 'KAI_IGNORE_NOT_RUNNING', raw: '0', want: false },
    { path: 'ignore-not-running', env: 'KAI_IGNORE_NOT_RUNNING', raw: 'false', want: false },
    { path: 'health.port', env: 'KAI_HEALTH_PORT', raw: ' 0 ', want: 0 },
    { path: 'namespace-selectors.exclude', env: 'KAI_NAMESPACE_SELECTORS_EXCLUDE', raw: '^kube-,,dev ', want: ['^kube-', 'dev'] },
  ])('env $env=$raw coerces to $want', async ({ path, env, raw, want }) => {
    const { config } = await load(world, { env: { [env]: raw } });
    expect(valueAt(config, path)).toEqual(want);
  });

  it('flags as commander gives them: booleans, strings, arrays, numbers', async () => {
    const { config } = await load(world, {
      flags: { quiet: true, 'polling-interval-seconds': '45', 'namespace-selectors.exclude': ['^kube-'], 'kubernetes.request-batch-size': 7 },
    });
    expect([config.quiet, config.pollingIntervalSeconds, config.namespaceSelectors.exclude, config.kubernetes.requestBatchSize]).toEqual([
      true,
      45,
      ['^kube-'],
      7,
    ]);
  });

  it('account-routes from KAI_ACCOUNT_ROUTES as JSON text', async () => {
    const routes = { 'team-a': { user: 'a', password: 'pw', namespaces: ['^team-a-'] } };
    const { config } = await load(world, { env: { KAI_ACCOUNT_ROUTES: JSON.stringify(routes) } });
    expect(config.accountRoutes).toEqual(routes);
  });

  it('a key with no value (YAML null) keeps its default', async () => {
    const { config } = await load(world, { file: 'anchore:\n  url:\n  account:\nkubernetes:\n' });
    expect([config.anchore.url, config.anchore.account, config.kubernetes.workerPoolSize]).toEqual(['', 'admin', 100]);
  });

  it('an empty file and a JSON file both load', async () => {
    expect((await load(world, { file: '' })).config.output).toBe('json');
    const path = world.write('work/kai.json', '{"output": "table", "kubernetes": {"worker-pool-size": 3}}');
    const { config } = await load(world, { configFile: path });
    expect([config.output, config.kubernetes.workerPoolSize]).toEqual(['table', 3]);
  });

  it('numeric and boolean strings in the file are accepted, as the Go agent (viper) does', async () => {
    const { config } = await load(world, { file: 'kubernetes:\n  worker-pool-size: "12"\nquiet: "true"\n' });
    expect([config.kubernetes.workerPoolSize, config.quiet]).toEqual([12, true]);
  });

  it('a relative -c path is resolved against cwd and reported as the source', async () => {
    world.write('work/conf/k.yaml', 'output: table\n');
    const loaded = await load(world, { configFile: 'conf/k.yaml' });
    expect([loaded.config.output, loaded.source]).toEqual(['table', `${world.cwd}/conf/k.yaml`]);
  });
});

describe('verbosity (-v count, passed as flags.verbosity)', () => {
  it.each([
    { verbosity: 0, want: 'info' },
    { verbosity: 1, want: 'info' },
    { verbosity: 2, want: 'debug' },
    { verbosity: 3, want: 'trace' },
    { verbosity: 5, want: 'trace' },
  ])('-v x$verbosity gives log level $want', async ({ verbosity, want }) => {
    const { config } = await load(world, { flags: { verbosity } });
    expect(config.log.level).toBe(want);
  });

  it('log.level from the file without -v is used as is', async () => {
    const { config } = await load(world, { file: 'log:\n  level: debug\n' });
    expect(config.log.level).toBe('debug');
  });
});

describe('the result', () => {
  it('is deeply frozen', async () => {
    const { config } = await load(world, { env: { KAI_ACCOUNT_ROUTES: '{a: {user: u, password: p, namespaces: [x]}}' } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kubernetes)).toBe(true);
    expect(Object.isFrozen(config.namespaceSelectors.include)).toBe(true);
    expect(Object.isFrozen(config.accountRoutes['a']?.namespaces)).toBe(true);
  });

  it('warns about unknown KAI_ variables with a suggestion, and ignores other variables', async () => {
    const { warnings } = await load(world, { env: { KAI_KUBERNETES_WORKER_POOL: '3', KAI_ZZZZZZZZZZZZZZZZZZZZ: '1', PATH: '/bin' } });
    expect(warnings).toEqual([
      'ignoring unknown environment variable KAI_KUBERNETES_WORKER_POOL; did you mean KAI_KUBERNETES_WORKER_POOL_SIZE?',
      'ignoring unknown environment variable KAI_ZZZZZZZZZZZZZZZZZZZZ',
    ]);
  });

  it('rejects flag keys the schema does not know: a CLI bug, exit 1', async () => {
    await expect(load(world, { flags: { 'kubernetes.pool': '1' } })).rejects.toMatchObject({
      exitCode: 1,
      message: 'loadConfig got unknown flag keys: kubernetes.pool',
    });
  });
});
