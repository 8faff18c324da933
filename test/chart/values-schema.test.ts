import { describe, expect, it } from 'vitest';
import { configJsonSchema, type JsonSchema } from './config-json-schema.ts';
import { createValuesValidator, isMapping, mergeValues, readSchema, readValues, type Values } from './chart-files.ts';

const validate = createValuesValidator();
const defaults = readValues();

/** A user's values file, merged onto the chart defaults as helm does. */
const withValues = (patch: Values): Values => mergeValues(defaults, patch);

const REPORTING: Values = {
  config: {
    anchore: { url: 'https://anchore.example.com', user: 'kai-agent', password: 's3cret' },
    kubeconfig: { cluster: 'prod-eu-1' },
  },
};
const reporting = (patch: Values = {}): Values => mergeValues(withValues(REPORTING), patch);

function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (!isMapping(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'description')
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  );
}

describe('values.schema.json', () => {
  it('accepts the chart defaults', () => {
    const check = validate(defaults);
    expect(check.errors).toEqual([]);
    expect(check.isValid).toBe(true);
  });

  it("describes config exactly as kai's own schema does: same keys, types, enums and bounds", () => {
    const properties = readSchema()['properties'] as Record<string, JsonSchema>;
    // On failure: `node test/chart/config-json-schema.ts` prints the config schema to paste in.
    expect(withoutDescriptions(properties['config'])).toEqual(withoutDescriptions(configJsonSchema()));
  });

  it.each([
    { name: 'reporting with a password in values', values: reporting() },
    {
      name: 'reporting with an existing secret',
      values: mergeValues(reporting({ existingSecret: 'kai-anchore' }), { config: { anchore: { password: '' } } }),
    },
    {
      name: 'reporting with the password injected by other means',
      values: mergeValues(reporting({ injectSecretsViaEnv: true }), { config: { anchore: { password: '' } } }),
    },
    {
      name: 'account routes',
      values: reporting({
        config: { 'account-routes': { team1: { user: 'u1', password: 'p1', namespaces: ['^team1-'] } } },
      }),
    },
    {
      name: 'routing by namespace label',
      values: reporting({
        config: { 'account-route-by-namespace-label': { key: 'anchore.io/account', 'default-account': 'ops' } },
      }),
    },
    { name: 'a pinned digest', values: withValues({ image: { digest: `sha256:${'a'.repeat(64)}` } }) },
    { name: 'the metrics Service', values: withValues({ metrics: { service: { enabled: true } } }) },
    { name: 'a subchart global block', values: withValues({ global: { imageRegistry: 'r.example.com' } }) },
  ])('accepts $name', ({ values }) => {
    expect(validate(values).errors).toEqual([]);
  });

  it.each([
    // Wrong types.
    { name: 'replicaCount as a string', patch: { replicaCount: '1' }, at: '/replicaCount', keyword: 'type' },
    { name: 'worker pool size as text', patch: { config: { kubernetes: { 'worker-pool-size': 'ten' } } }, at: '/config/kubernetes/worker-pool-size', keyword: 'type' },
    { name: 'a boolean as a string', patch: { config: { 'ignore-not-running': 'yes' } }, at: '/config/ignore-not-running', keyword: 'type' },
    { name: 'include as a string', patch: { config: { 'namespace-selectors': { include: 'default' } } }, at: '/config/namespace-selectors/include', keyword: 'type' },
    { name: 'a numeric annotation value', patch: { podAnnotations: { 'example.com/n': 1 } }, at: '/podAnnotations/example.com~1n', keyword: 'type' },
    // Values kai would reject at start-up.
    { name: 'an unknown log level', patch: { config: { log: { level: 'loud' } } }, at: '/config/log/level', keyword: 'enum' },
    { name: 'an unknown missing-tag policy', patch: { config: { 'missing-tag-policy': { policy: 'dummy' } } }, at: '/config/missing-tag-policy/policy', keyword: 'enum' },
    { name: 'a health report interval below 30', patch: { config: { 'health-report-interval-seconds': 20 } }, at: '/config/health-report-interval-seconds', keyword: 'minimum' },
    { name: 'an Anchore URL without scheme', patch: { config: { anchore: { url: 'anchore:8228' } } }, at: '/config/anchore/url', keyword: 'pattern' },
    // Keys the Go agent's chart spells differently (and silently drops): rejected, not ignored.
    { name: "the Go chart's camelCase config", patch: { config: { pollingIntervalSeconds: 60 } }, at: '/config', keyword: 'additionalProperties' },
    { name: "the Go chart's metadata key names", patch: { config: { 'metadata-collection': { nodes: { labels: [] } } } }, at: '/config/metadata-collection/nodes', keyword: 'additionalProperties' },
    { name: "the Go chart's ignore-namespace-missing-label", patch: { config: { 'account-route-by-namespace-label': { 'ignore-namespace-missing-label': true } } }, at: '/config/account-route-by-namespace-label', keyword: 'additionalProperties' },
    { name: "the Go chart's useExistingSecret", patch: { useExistingSecret: true }, at: '', keyword: 'additionalProperties' },
    { name: 'the deprecated namespaces key', patch: { config: { namespaces: ['all'] } }, at: '/config', keyword: 'additionalProperties' },
    // Chart rules.
    { name: 'adhoc mode in a Deployment', patch: { config: { mode: 'adhoc' } }, at: '/config/mode', keyword: 'const' },
    { name: 'the health server off (the probes need it)', patch: { config: { health: { port: 0 } } }, at: '/config/health/port', keyword: 'minimum' },
    { name: 'a liveness successThreshold above 1', patch: { probes: { liveness: { successThreshold: 2 } } }, at: '/probes/liveness/successThreshold', keyword: 'maximum' },
    { name: 'an image tag as digest', patch: { image: { digest: 'latest' } }, at: '/image/digest', keyword: 'pattern' },
    { name: 'an unknown pull policy', patch: { image: { pullPolicy: 'Sometimes' } }, at: '/image/pullPolicy', keyword: 'enum' },
    { name: 'an empty image repository', patch: { image: { repository: '' } }, at: '/image/repository', keyword: 'minLength' },
  ])('rejects $name', ({ patch, at, keyword }) => {
    const check = validate(withValues(patch));
    expect(check.isValid).toBe(false);
    expect(check.errors.map((e) => `${e.instancePath} ${e.keyword}`)).toContain(`${at} ${keyword}`);
  });

  it.each([
    { name: 'url without user', values: reporting({ config: { anchore: { user: '' } } }), at: '/config/anchore/user' },
    { name: 'url without cluster name', values: reporting({ config: { kubeconfig: { cluster: '' } } }), at: '/config/kubeconfig/cluster' },
    { name: 'url without any password source', values: reporting({ config: { anchore: { password: '' } } }), at: '/config/anchore/password' },
    { name: 'a user but no url', values: withValues({ config: { anchore: { user: 'kai-agent' } } }), at: '/config/anchore/url' },
    { name: 'a password but no url', values: withValues({ config: { anchore: { password: 'x' } } }), at: '/config/anchore/url' },
    { name: 'existingSecret and a password in values', values: reporting({ existingSecret: 'kai-anchore' }), at: '/config/anchore/password' },
    {
      name: 'existingSecret and account routes in values',
      values: mergeValues(reporting({ existingSecret: 'kai-anchore' }), {
        config: { anchore: { password: '' }, 'account-routes': { a: { user: 'u', password: 'p', namespaces: ['x'] } } },
      }),
      at: '/config/account-routes',
    },
    {
      name: 'an account route without namespaces',
      values: reporting({ config: { 'account-routes': { a: { user: 'u', password: 'p', namespaces: [] } } } }),
      at: '/config/account-routes/a/namespaces',
    },
    {
      name: 'an account route with a misspelled key',
      values: reporting({ config: { 'account-routes': { a: { user: 'u', password: 'p', namespace: ['x'] } } } }),
      at: '/config/account-routes/a',
    },
  ])('rejects $name', ({ values, at }) => {
    const check = validate(values);
    expect(check.isValid).toBe(false);
    expect(check.errors.map((e) => e.instancePath)).toContain(at);
  });
});
