/**
 * Reading the chart without helm (there is no helm binary on these machines): values.yaml and
 * values.schema.json as data, Helm's values merge, and the secret-stripping the ConfigMap
 * template performs, restated in TypeScript and checked against the template's text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';

export const CHART_DIR = resolve(import.meta.dirname, '../../charts/kai');

export type Values = Record<string, unknown>;

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readChartText(relativePath: string): string {
  return readFileSync(join(CHART_DIR, relativePath), 'utf8');
}

export function readValues(): Values {
  const values: unknown = parse(readChartText('values.yaml'));
  if (!isMapping(values)) throw new Error('values.yaml is not a mapping');
  return values;
}

export function readSchema(): Record<string, unknown> {
  return JSON.parse(readChartText('values.schema.json')) as Record<string, unknown>;
}

export function listTemplates(): { name: string; text: string }[] {
  return readdirSync(join(CHART_DIR, 'templates'))
    .sort()
    .map((name) => ({ name, text: readChartText(`templates/${name}`) }));
}

/**
 * Helm's merge of user values onto the chart's defaults: mappings merge key by key, anything else
 * (lists included) replaces, and null deletes the key.
 */
export function mergeValues(base: Values, patch: Values): Values {
  const out: Values = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    if (value === null) Reflect.deleteProperty(out, key);
    else if (isMapping(value) && isMapping(current)) out[key] = mergeValues(current, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

export interface SchemaCheck {
  readonly isValid: boolean;
  readonly errors: readonly ErrorObject[];
}

export function createValuesValidator(): (values: Values) => SchemaCheck {
  // strict: the schema must be clean draft-07 with no keyword Ajv would have to guess about.
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validate = ajv.compile(readSchema());
  return (values) => {
    const isValid = validate(values);
    return { isValid, errors: validate.errors ?? [] };
  };
}

/**
 * The settings the chart keeps out of the ConfigMap, with the environment variable the Secret
 * carries each in. kai.publicConfig and kai.secretEnv in _helpers.tpl implement this table; the
 * chart tests check the template text against it, and it against kai's schema.
 */
export const SECRET_SETTINGS = [
  { path: 'anchore.password', env: 'KAI_ANCHORE_PASSWORD' },
  { path: 'kubeconfig.user.token', env: 'KAI_KUBECONFIG_USER_TOKEN' },
  { path: 'kubeconfig.user.private-key', env: 'KAI_KUBECONFIG_USER_PRIVATE_KEY' },
  { path: 'account-routes', env: 'KAI_ACCOUNT_ROUTES' },
] as const;

function getPath(root: Values, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) {
    if (!isMapping(node)) return undefined;
    node = node[part];
  }
  return node;
}

function deletePath(root: Values, path: string): void {
  const parts = path.split('.');
  const leaf = parts.pop() ?? path;
  const parent = getPath(root, parts.join('.'));
  const owner = parts.length === 0 ? root : parent;
  if (isMapping(owner)) Reflect.deleteProperty(owner, leaf);
}

/** What kai.publicConfig renders: the config subtree without its secrets. */
export function publicConfig(config: Values): Values {
  const out = structuredClone(config);
  for (const { path } of SECRET_SETTINGS) deletePath(out, path);
  return out;
}

/** What kai.secretEnv renders: the secret settings that have a value, by env name. */
export function secretEnv(config: Values): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { path, env: name } of SECRET_SETTINGS) {
    const value = getPath(config, path);
    if (path === 'account-routes') {
      if (isMapping(value) && Object.keys(value).length > 0) env[name] = JSON.stringify(value);
    } else if (typeof value === 'string' && value !== '') {
      env[name] = value;
    }
  }
  return env;
}

/** Dotted paths of every leaf under `root`; account-routes is one leaf (its keys are account names). */
export function leafPaths(root: Values, prefix = ''): string[] {
  return Object.entries(root).flatMap(([key, value]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isMapping(value) && path !== 'account-routes' ? leafPaths(value, path) : [path];
  });
}

export function valueAt(root: Values, path: string): unknown {
  return getPath(root, path);
}

/**
 * A template with its Go-template actions removed, parsed as YAML: control lines (`{{- if }}`,
 * `{{- toYaml ... | nindent }}`) are dropped and inline actions become the string "TPL". Enough to
 * check the fixed structure a template writes (env, probes, mounts, rules), not what values add.
 */
export function templateSkeleton(text: string): unknown {
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*\{\{-?.*-?\}\}\s*$/.test(line))
    .map((line) => line.replace(/\{\{-?.*?-?\}\}/g, 'TPL'));
  return parse(lines.join('\n'));
}
