/** `kai config` (the effective config, redacted) and `kai config --validate FILE`. */
import { stringify } from 'yaml';
import { ConfigError, type ConfigProblem } from '../errors.ts';
import { loadConfig } from './load.ts';
import { redactedView } from './redact.ts';
import type { Config } from './schema.ts';

/** YAML with kebab-case keys in schema order; secrets that are set read "[REDACTED]". */
export function renderEffectiveConfig(config: Config): string {
  return stringify(redactedView(config), { lineWidth: 0 });
}

export interface ValidateDeps {
  readonly cwd: string;
  readonly homeDir: string;
  /**
   * The environment the file will run with. Pass process.env so that, say, a password kept in
   * KAI_ANCHORE_PASSWORD satisfies "anchore.url needs a password"; {} checks the file alone.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Every problem of one config file (with the given env), or [] when it is valid. */
export async function validateConfigFile(path: string, deps: ValidateDeps): Promise<readonly ConfigProblem[]> {
  try {
    await loadConfig({ configFile: path, cwd: deps.cwd, homeDir: deps.homeDir, env: deps.env, flags: {} });
    return [];
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
