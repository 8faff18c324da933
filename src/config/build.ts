/** Between the flat, dotted view of values (what loading works on) and the nested `Config`. */
import { camelOf } from './kinds.ts';
import { SETTINGS, type Config } from './schema.ts';

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Freezes an object and everything it holds, so no module can change the config it was given. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Nests the validated values (every setting present, each of its kind) into a frozen Config. */
export function buildConfig(values: ReadonlyMap<string, unknown>): Config {
  const root: Tree = {};
  for (const setting of SETTINGS) {
    const segments = setting.path.split('.').map(camelOf);
    const leaf = segments.pop() ?? '';
    let node = root;
    for (const segment of segments) {
      const next = node[segment];
      node = isTree(next) ? next : (node[segment] = {});
    }
    node[leaf] = values.has(setting.path) ? values.get(setting.path) : setting.default;
  }
  // The one place a value becomes Config: every leaf above came from its setting's coercion.
  return deepFreeze(root as Config);
}

/** The value of a setting in a Config, by its dotted kebab path. */
export function valueAt(config: Config, path: string): unknown {
  let node: unknown = config;
  for (const segment of path.split('.').map(camelOf)) node = isTree(node) ? node[segment] : undefined;
  return node;
}

/** Every setting's default, as a frozen Config (what `kai config` shows with no file, env or flags). */
export function defaultConfig(): Config {
  return buildConfig(new Map());
}
