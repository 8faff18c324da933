/**
 * Walks a parsed config file against the schema: known keys become raw values by dotted path,
 * deprecated keys are set aside, and unknown keys become problems with a "did you mean" hint.
 */
import type { ConfigProblem } from '../errors.ts';
import { closest, typeOf } from './describe.ts';
import type { Setting } from './kinds.ts';
import { isMapping } from './routes.ts';
import { DEPRECATED_KEYS, SETTINGS } from './schema.ts';

interface Node {
  readonly children: Map<string, Node>;
  setting: Setting | undefined;
}

export interface FileValues {
  readonly values: ReadonlyMap<string, unknown>;
  readonly deprecated: ReadonlyMap<keyof typeof DEPRECATED_KEYS, unknown>;
  readonly problems: readonly ConfigProblem[];
}

const newNode = (): Node => ({ children: new Map(), setting: undefined });

function buildTree(settings: readonly Setting[]): Node {
  const root = newNode();
  for (const setting of settings) {
    let node = root;
    for (const segment of setting.path.split('.')) {
      const next = node.children.get(segment) ?? newNode();
      node.children.set(segment, next);
      node = next;
    }
    node.setting = setting;
  }
  return root;
}

const isDeprecated = (key: string): key is keyof typeof DEPRECATED_KEYS => Object.hasOwn(DEPRECATED_KEYS, key);

/** `workerPoolSize` / `worker_pool_size` → `worker-pool-size`. */
const kebab = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();

function suggest(key: string, siblings: readonly string[]): string | undefined {
  const normalized = kebab(key);
  if (siblings.includes(normalized)) return normalized;
  const near = closest(key, siblings) ?? (normalized.length >= 4 ? siblings.find((s) => s.startsWith(normalized)) : undefined);
  if (near !== undefined) return near;
  // A known key at the wrong level: `worker-pool-size` at the top means `kubernetes.worker-pool-size`.
  return SETTINGS.map((s) => s.path).find((p) => p.endsWith(`.${normalized}`));
}

function unknownKey(key: string, parentPath: string, siblings: readonly string[]): ConfigProblem {
  const suggestion = suggest(key, siblings);
  const hint = suggestion === undefined ? '; remove it (kai config lists the valid keys)' : `; did you mean ${JSON.stringify(suggestion)}?`;
  return { path: parentPath, message: `unknown key ${JSON.stringify(key)}${hint}` };
}

interface Walk {
  readonly values: Map<string, unknown>;
  readonly deprecated: Map<keyof typeof DEPRECATED_KEYS, unknown>;
  readonly problems: ConfigProblem[];
}

function visitKey(walk: Walk, node: Node, entry: { key: string; value: unknown; parentPath: string }): void {
  const { key, value, parentPath } = entry;
  const child = node.children.get(key);
  const path = parentPath === '' ? key : `${parentPath}.${key}`;
  if (child === undefined) {
    if (parentPath === '' && isDeprecated(key)) walk.deprecated.set(key, value);
    else walk.problems.push(unknownKey(key, parentPath, [...node.children.keys()]));
    return;
  }
  // `key:` with no value (null) means "not set": Helm templates often render empty values.
  if (value === null || value === undefined) return;
  if (child.setting !== undefined) walk.values.set(path, value);
  else if (isMapping(value)) walkMapping(walk, child, { mapping: value, path });
  else walk.problems.push({ path, message: `expected a mapping of keys, got ${typeOf(value)}` });
}

function walkMapping(walk: Walk, node: Node, at: { mapping: Record<string, unknown>; path: string }): void {
  for (const [key, value] of Object.entries(at.mapping)) visitKey(walk, node, { key, value, parentPath: at.path });
}

export function collectFileValues(data: unknown): FileValues {
  const walk: Walk = { values: new Map(), deprecated: new Map(), problems: [] };
  if (data === null || data === undefined) return walk;
  if (!isMapping(data)) {
    walk.problems.push({ path: '', message: `the config file must hold a mapping of keys at the top level, got ${typeOf(data)}` });
    return walk;
  }
  walkMapping(walk, buildTree(SETTINGS), { mapping: data, path: '' });
  return walk;
}
