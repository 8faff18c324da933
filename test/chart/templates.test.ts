/**
 * Static checks of the templates, without helm: every value they read exists, the secret handling
 * matches the table the config tests use, and the fixed structure (RBAC rules, downward API env,
 * probes, mounts) is what SPEC section 7 asks for.
 */
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config/schema.ts';
import {
  SECRET_SETTINGS,
  isMapping,
  listTemplates,
  readChartText,
  readValues,
  templateSkeleton,
  valueAt,
  type Values,
} from './chart-files.ts';

const values = readValues();
const templates = listTemplates();
const helpers = readChartText('templates/_helpers.tpl');

function defineBody(name: string): string {
  const start = helpers.indexOf(`{{- define "${name}" -}}`);
  expect(start, `define "${name}" in _helpers.tpl`).toBeGreaterThanOrEqual(0);
  const end = helpers.indexOf('{{- end }}\n\n', start);
  return helpers.slice(start, end === -1 ? undefined : end);
}

function asMapping(value: unknown, what: string): Values {
  if (!isMapping(value)) throw new Error(`${what} is not a mapping`);
  return value;
}

interface Container {
  env: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  args: string[];
  ports: { name: string }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}

function deploymentContainer(): Container {
  const text = templates.find((t) => t.name === 'deployment.yaml')?.text ?? '';
  const skeleton = asMapping(templateSkeleton(text), 'deployment');
  const spec = asMapping(valueAt(skeleton, 'spec.template.spec'), 'pod spec');
  const containers = spec['containers'] as Container[];
  expect(containers).toHaveLength(1);
  return containers[0]!;
}

describe('chart templates', () => {
  it('read only values that exist in values.yaml', () => {
    const missing = templates.flatMap(({ name, text }) =>
      [...text.matchAll(/\$?\.Values\.([A-Za-z0-9_.]+)/g)]
        .map((m) => m[1] ?? '')
        .filter((path) => valueAt(values, path) === undefined)
        .map((path) => `${name}: .Values.${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('read config keys (dig "a" "b" default .Values.config) that are kai keys present in values.yaml', () => {
    const known = new Set(SETTINGS.map((s) => s.path));
    const digs = templates.flatMap(({ name, text }) =>
      [...text.matchAll(/dig((?: "[^"]+")+) \S+ \$?\.Values\.config/g)].map((m) => ({
        name,
        path: [...(m[1] ?? '').matchAll(/"([^"]+)"/g)].map((q) => q[1]).join('.'),
      })),
    );
    expect(digs.length).toBeGreaterThan(5);
    const bad = digs.filter(({ path }) => !known.has(path) || valueAt(values, `config.${path}`) === undefined);
    expect(bad).toEqual([]);
  });

  it('render config.yaml from the config subtree through kai.publicConfig, nothing else', () => {
    const configmap = readChartText('templates/configmap.yaml');
    const data = configmap.slice(configmap.indexOf('\ndata:'));
    const actions = [...data.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/g)].map((m) => m[1]);
    expect(actions).toEqual(['include "kai.publicConfig" . | nindent 4']);
    expect(defineBody('kai.publicConfig')).toMatch(/\$config := deepCopy \(default dict \.Values\.config\)[\s\S]*toYaml \$config/);
  });

  it('strip exactly the secret settings from the ConfigMap', () => {
    const body = defineBody('kai.publicConfig');
    const removed = [
      ...[...body.matchAll(/unset \$config "([^"]+)"/g)].map((m) => m[1]),
      ...[...body.matchAll(/with \$config\.anchore \}\}\s*\{\{- \$_ := unset \. "([^"]+)"/g)].map((m) => `anchore.${m[1] ?? ''}`),
      ...[...body.matchAll(/with \.user \}\}((?:\s*\{\{- \$_ := unset \. "[^"]+" \}\})+)/g)].flatMap((m) =>
        [...(m[1] ?? '').matchAll(/"([^"]+)"/g)].map((q) => `kubeconfig.user.${q[1] ?? ''}`),
      ),
    ];
    expect(removed.sort()).toEqual(SECRET_SETTINGS.map((s) => s.path).sort());
  });

  it("put each secret setting in the Secret under kai's environment name for it", () => {
    const body = defineBody('kai.secretEnv');
    const pairs = [...body.matchAll(/(?:dig((?: "[^"]+")+) ""|\(get \$config "([^"]+)"\)) \$?\w*\s*\}\}\s*\{\{- \$_ := set \$env "([A-Z_]+)"/g)].map((m) => ({
      path: m[2] ?? [...(m[1] ?? '').matchAll(/"([^"]+)"/g)].map((q) => q[1]).join('.'),
      env: m[3],
    }));
    expect(pairs).toEqual(SECRET_SETTINGS.map((s) => ({ path: s.path, env: s.env })));
    // Routes travel as one JSON document, the form kai parses from KAI_ACCOUNT_ROUTES.
    expect(body).toContain('set $env "KAI_ACCOUNT_ROUTES" (toJson .)');
    expect(readChartText('templates/secret.yaml')).toContain('{{- include "kai.secretEnv" . | nindent 2 }}');
  });

  it('grant read-only access to pods, namespaces and nodes, and get on replicasets and deployments, nothing more', () => {
    const role = asMapping(templateSkeleton(readChartText('templates/clusterrole.yaml')), 'clusterrole');
    expect(role['kind']).toBe('ClusterRole');
    expect(role['rules']).toEqual([
      { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['replicasets', 'deployments'], verbs: ['get'] },
    ]);
    const binding = asMapping(templateSkeleton(readChartText('templates/clusterrolebinding.yaml')), 'binding');
    expect(binding['roleRef']).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'TPL-read-only' });
  });

  it('give the pod its namespace and name from the downward API', () => {
    const env = deploymentContainer().env;
    expect(env.map((e) => [e.name, e.valueFrom?.fieldRef?.fieldPath])).toEqual([
      ['POD_NAMESPACE', 'metadata.namespace'],
      ['POD_NAME', 'metadata.name'],
    ]);
  });

  it('probe /healthz and /readyz on the health port and read the mounted config with --config', () => {
    const container = deploymentContainer();
    expect(container.ports.map((p) => p.name)).toEqual(['health']);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(container.args).toEqual(['--config', 'TPL/config.yaml']);
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: 'TPL', readOnly: true });
    expect(defineBody('kai.configDir')).toContain('/etc/xdg/kai');
  });

  it('roll the pod when the config or the chart-made secret changes, and reference the right secret', () => {
    const text = readChartText('templates/deployment.yaml');
    expect(text).toContain('checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}');
    expect(text).toMatch(/if include "kai.createSecret" \. \}\}\s*checksum\/secret: \{\{ include \(print \$\.Template\.BasePath "\/secret\.yaml"\) \. \| sha256sum \}\}/);
    expect(text).toContain('name: {{ default (include "kai.fullname" .) .Values.existingSecret }}');
    expect(defineBody('kai.createSecret')).toContain('and (not .Values.existingSecret) (not .Values.injectSecretsViaEnv)');
    expect(readChartText('templates/secret.yaml')).toMatch(/^\{\{- if include "kai.createSecret" \. \}\}/);
  });
});

describe('chart defaults', () => {
  it('run kai unprivileged: numeric non-root user, read-only root, no escalation, no capabilities, RuntimeDefault seccomp', () => {
    expect(values['podSecurityContext']).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values['securityContext']).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('set resource requests and a memory limit', () => {
    expect(values['resources']).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } });
  });

  it('give SIGTERM more time than kai needs to finish an in-flight report', () => {
    expect(values['terminationGracePeriodSeconds']).toBeGreaterThan(valueAt(values, 'config.shutdown-grace-seconds') as number);
  });
});
