// Shared by the config tests: an isolated world (temp cwd, home and XDG dirs) and loadConfig
// wrappers that return either the config or the problems as text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../src/errors.ts';
import { loadConfig, type LoadedConfig } from '../../src/config/load.ts';

export interface World {
  readonly root: string;
  readonly cwd: string;
  readonly home: string;
  /** XDG_CONFIG_HOME and XDG_CONFIG_DIRS inside the world, so the real /etc/xdg is never read. */
  readonly env: Record<string, string>;
  write(relativePath: string, text: string): string;
  cleanup(): void;
}

export function makeWorld(): World {
  const root = mkdtempSync(join(tmpdir(), 'kai-config-'));
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
  return {
    root,
    cwd,
    home,
    env: { XDG_CONFIG_HOME: join(root, 'xdg-home'), XDG_CONFIG_DIRS: join(root, 'xdg-dirs') },
    write(relativePath, text) {
      const path = join(root, relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface LoadArgs {
  readonly file?: string;
  readonly env?: Record<string, string>;
  readonly flags?: Record<string, unknown>;
  readonly configFile?: string;
}

/** Loads with an optional `-c` file whose text is `file`, in a fresh world. */
export async function load(world: World, args: LoadArgs = {}): Promise<LoadedConfig> {
  const configFile = args.file === undefined ? args.configFile : world.write('work/kai.yaml', args.file);
  return loadConfig({
    ...(configFile === undefined ? {} : { configFile }),
    cwd: world.cwd,
    homeDir: world.home,
    env: { ...world.env, ...args.env },
    flags: args.flags ?? {},
  });
}

/** The problems a load reports, as "path: message" lines; fails the test if it loads. */
export async function problemsOf(world: World, args: LoadArgs): Promise<string[]> {
  try {
    await load(world, args);
  } catch (error: unknown) {
    if (error instanceof ConfigError) {
      return error.problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`));
    }
    throw error;
  }
  throw new Error('expected a ConfigError, but the config loaded');
}
