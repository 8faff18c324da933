/**
 * loadConfig: defaults < config file < KAI_* environment < flags, every value validated, every
 * problem reported at once in one ConfigError, the result deeply frozen.
 */
import { AppError, ConfigError, EXIT_CODES, type ConfigProblem } from '../errors.ts';
import { buildConfig } from './build.ts';
import { coerceValue } from './coerce.ts';
import { crossCheck } from './cross-checks.ts';
import { applyDeprecatedKeys } from './deprecated.ts';
import { closest, type Origin } from './describe.ts';
import { collectFileValues, type FileValues } from './file-values.ts';
import { readConfigFile } from './files.ts';
import type { Setting } from './kinds.ts';
import { SETTINGS, type Config } from './schema.ts';

export interface LoadConfigInput {
  /** `-c/--config`: must be readable. Without it the search paths are tried (see files.ts). */
  readonly configFile?: string;
  readonly cwd: string;
  readonly homeDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Keyed by dotted path (`kubernetes.worker-pool-size`), values as commander gives them; pass only
   * flags given on the command line (undefined values are ignored). The pseudo key `verbosity`
   * is the `-v` count: 1 = info, 2 = debug, 3+ = trace, and an error with an explicit log.level.
   */
  readonly flags: Readonly<Record<string, unknown>>;
}

export interface LoadedConfig {
  readonly config: Config;
  readonly warnings: readonly string[];
  /** The config file used, if any. */
  readonly source: string | undefined;
}

export const VERBOSITY_FLAG = 'verbosity';
const VERBOSITY_LEVELS = ['info', 'info', 'debug', 'trace'] as const;

interface Resolved {
  readonly values: Map<string, unknown>;
  readonly origins: Map<string, Origin>;
  readonly problems: ConfigProblem[];
}

function flagName(setting: Setting): string {
  const long = setting.flag?.match(/--[a-z0-9-]+/)?.[0];
  return long ?? `flag ${setting.path}`;
}

function pickRaw(setting: Setting, input: LoadConfigInput, file: FileValues): { raw: unknown; origin: Origin } | undefined {
  const flag = input.flags[setting.path];
  if (flag !== undefined) return { raw: flag, origin: { kind: 'flag', name: flagName(setting) } };
  const env = input.env[setting.env];
  if (env !== undefined && env !== '') return { raw: env, origin: { kind: 'env', name: setting.env } };
  if (file.values.has(setting.path)) return { raw: file.values.get(setting.path), origin: { kind: 'file' } };
  return undefined;
}

function resolveValues(input: LoadConfigInput, file: FileValues): Resolved {
  const resolved: Resolved = { values: new Map(), origins: new Map(), problems: [] };
  for (const setting of SETTINGS) {
    const picked = pickRaw(setting, input, file);
    resolved.origins.set(setting.path, picked?.origin ?? { kind: 'default' });
    const coerced = picked === undefined ? { ok: true as const, value: setting.default } : coerceValue(setting, picked.raw, picked.origin);
    if (coerced.ok) resolved.values.set(setting.path, coerced.value);
    else resolved.problems.push(...coerced.problems);
  }
  return resolved;
}

/** Unknown flag keys are a bug in the CLI, not a user error. */
function assertKnownFlags(flags: Readonly<Record<string, unknown>>): void {
  const known = new Set<string>([...SETTINGS.map((s) => s.path), VERBOSITY_FLAG]);
  const unknown = Object.keys(flags).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new AppError(`loadConfig got unknown flag keys: ${unknown.join(', ')}`, EXIT_CODES.internal);
  }
}

function applyVerbosity(resolved: Resolved, verbosity: unknown): void {
  if (typeof verbosity !== 'number' || verbosity <= 0) return;
  if (resolved.origins.get('log.level')?.kind !== 'default') {
    resolved.problems.push({ path: 'log.level', message: 'cannot be combined with -v/--verbose; use one or the other' });
    return;
  }
  resolved.values.set('log.level', VERBOSITY_LEVELS[Math.min(Math.floor(verbosity), 3)]);
}

function unknownEnvWarnings(env: Readonly<Record<string, string | undefined>>): string[] {
  const known = SETTINGS.map((s) => s.env);
  return Object.keys(env)
    .filter((name) => name.startsWith('KAI_') && !known.includes(name))
    .sort()
    .map((name) => {
      const near = closest(name, known);
      return `ignoring unknown environment variable ${name}${near === undefined ? '' : `; did you mean ${near}?`}`;
    });
}

/** Problems in schema order (unknown keys first), so messages are stable. */
function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const rank = (p: ConfigProblem): number => {
    const base = p.path.replace(/\[\d+\]$/, '');
    return SETTINGS.findIndex((s) => s.path === base || s.path.startsWith(`${base}.`) || base.startsWith(`${s.path}.`));
  };
  return problems.map((p, i) => ({ p, i, r: p.message.startsWith('unknown key') ? -1 : rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}

export async function loadConfig(input: LoadConfigInput): Promise<LoadedConfig> {
  assertKnownFlags(input.flags);
  const read = await readConfigFile(input.configFile, input);
  const file = collectFileValues(read.kind === 'ok' ? read.data : undefined);
  const resolved = resolveValues(input, file);
  const deprecated = applyDeprecatedKeys({ deprecated: file.deprecated, values: resolved.values, origins: resolved.origins });
  applyVerbosity(resolved, input.flags[VERBOSITY_FLAG]);
  const problems = [
    ...(read.kind === 'problem' ? [read.problem] : []),
    ...file.problems,
    ...resolved.problems,
    ...deprecated.problems,
  ];
  // Cross-key rules only make sense once every key is valid on its own.
  if (problems.length === 0) problems.push(...(await crossCheck({ values: resolved.values, cwd: input.cwd })));
  const source = read.kind === 'none' ? undefined : read.path;
  if (problems.length > 0) {
    const hint = source === undefined ? undefined : `fix the values above in ${source}; \`kai config --validate ${source}\` checks it without running`;
    throw new ConfigError(sortProblems(problems), hint === undefined ? {} : { hint });
  }
  return {
    config: buildConfig(resolved.values),
    warnings: [...deprecated.warnings, ...unknownEnvWarnings(input.env)],
    source,
  };
}
