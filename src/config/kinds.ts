/**
 * The building blocks of the config schema: one constructor per kind of value. Each returns a
 * setting whose `default` carries the value's type, so `Config` is derived from the declarations
 * in schema.ts and cannot drift from them (STYLE.md habit 3).
 */

/** One account of `account-routes`: its credentials and the namespaces (regexes) it receives. */
export interface AccountRoute {
  readonly user: string;
  readonly password: string;
  readonly namespaces: readonly string[];
}
export type AccountRoutes = Readonly<Record<string, AccountRoute>>;

export type SettingKind =
  | 'string'
  | 'url'
  | 'boolean'
  | 'int'
  | 'enum'
  | 'string-list'
  | 'namespace-list'
  | 'regex-list'
  | 'account-routes';

interface SettingBase<P extends string, V> {
  /** Dotted kebab-case path, as written in the YAML file: `kubernetes.worker-pool-size`. */
  readonly path: P;
  readonly default: V;
  /** `KAI_` + the path upper-cased, `.` and `-` as `_`. */
  readonly env: string;
  /** Commander spelling (`-o, --output <format>`); undefined when the key has no flag. */
  readonly flag: string | undefined;
  /** Redacted by `kai config` and never echoed in problems. */
  readonly secret: boolean;
  /** One line for the README table and config.example.yaml. */
  readonly doc: string;
}

export interface StringSetting<P extends string = string> extends SettingBase<P, string> {
  readonly kind: 'string' | 'url';
}
export interface BooleanSetting<P extends string = string> extends SettingBase<P, boolean> {
  readonly kind: 'boolean';
}
export interface IntSetting<P extends string = string> extends SettingBase<P, number> {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number | undefined;
}
export interface EnumSetting<P extends string = string, V extends string = string> extends SettingBase<P, V> {
  readonly kind: 'enum';
  readonly values: readonly V[];
}
export interface ListSetting<P extends string = string> extends SettingBase<P, readonly string[]> {
  /** string-list: any strings; namespace-list: exact namespace names; regex-list: regular expressions. */
  readonly kind: 'string-list' | 'namespace-list' | 'regex-list';
}
export interface RoutesSetting<P extends string = string> extends SettingBase<P, AccountRoutes> {
  readonly kind: 'account-routes';
}

export type Setting = StringSetting | BooleanSetting | IntSetting | EnumSetting | ListSetting | RoutesSetting;

interface Spec<V> {
  readonly default: V;
  readonly doc: string;
  readonly flag?: string;
  readonly secret?: boolean;
}

/** `kubernetes.worker-pool-size` → `KAI_KUBERNETES_WORKER_POOL_SIZE`. */
export function envNameOf(path: string): string {
  return `KAI_${path.toUpperCase().replace(/[.-]/g, '_')}`;
}

function base<P extends string, V>(path: P, spec: Spec<V>): SettingBase<P, V> {
  return {
    path,
    default: spec.default,
    env: envNameOf(path),
    flag: spec.flag,
    secret: spec.secret ?? false,
    doc: spec.doc,
  };
}

export function str<const P extends string>(path: P, spec: Spec<string>): StringSetting<P> {
  return { ...base(path, spec), kind: 'string' };
}

/** A string that is either '' (unset) or an http(s) URL with a host. */
export function url<const P extends string>(path: P, spec: Spec<string>): StringSetting<P> {
  return { ...base(path, spec), kind: 'url' };
}

export function bool<const P extends string>(path: P, spec: Spec<boolean>): BooleanSetting<P> {
  return { ...base(path, spec), kind: 'boolean' };
}

export function int<const P extends string>(
  path: P,
  spec: Spec<number> & { readonly min: number; readonly max?: number },
): IntSetting<P> {
  return { ...base(path, spec), kind: 'int', min: spec.min, max: spec.max };
}

export function oneOf<const P extends string, const T extends readonly string[]>(
  path: P,
  values: T,
  spec: Spec<T[number]>,
): EnumSetting<P, T[number]> {
  return { ...base<P, T[number]>(path, spec), kind: 'enum', values };
}

export function list<const P extends string>(
  path: P,
  kind: ListSetting['kind'],
  spec: Omit<Spec<readonly string[]>, 'default'>,
): ListSetting<P> {
  return { ...base<P, readonly string[]>(path, { ...spec, default: [] }), kind };
}

export function routes<const P extends string>(path: P, spec: Omit<Spec<AccountRoutes>, 'default'>): RoutesSetting<P> {
  return { ...base<P, AccountRoutes>(path, { ...spec, default: {} }), kind: 'account-routes' };
}

/** Repeatable flags (`-n a -n b`) are the list kinds; commander should collect them into arrays. */
export function isRepeatable(setting: Setting): boolean {
  return setting.kind === 'string-list' || setting.kind === 'namespace-list' || setting.kind === 'regex-list';
}

/** `worker-pool-size` → `workerPoolSize`: how a YAML key becomes a `Config` property. */
export function camelOf(segment: string): string {
  return segment.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

// Type-level twins of camelOf and of nesting dotted paths, used to derive `Config` in schema.ts.
type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type Nest<P extends string, V> = P extends `${infer H}.${infer T}`
  ? { readonly [K in Camel<H>]: Nest<T, V> }
  : { readonly [K in Camel<P>]: V };
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Simplify<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]: Simplify<T[K]> }
    : T;
type Entry<S> = S extends { readonly path: infer P extends string; readonly default: infer V } ? Nest<P, V> : never;

/** The nested, camelCase, readonly object type that a list of settings describes. */
export type ConfigOf<S> = Simplify<UnionToIntersection<Entry<S>>>;
