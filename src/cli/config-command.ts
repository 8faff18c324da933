/**
 * `kai config`: the effective configuration (defaults + file + env + flags) as YAML, secrets
 * redacted. `kai config --validate FILE` checks a file without running anything.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import { renderEffectiveConfig, validateConfigFile } from '../config/render.ts';
import { ConfigError } from '../errors.ts';
import { writeText } from './io.ts';
import type { CommandDeps } from './program.ts';
import { withVerbosity } from './session.ts';

export function registerConfigCommand(program: Command, deps: CommandDeps): void {
  const { io } = deps;
  program
    .command('config')
    .description('print the effective configuration as YAML (secrets redacted), or --validate a file')
    .option('--validate <file>', 'check a config file and exit: 0 when valid, 2 with every problem listed')
    .action(async (opts: { validate?: string }, command: Command) => {
      const globals = deps.globals(command);
      if (opts.validate !== undefined) {
        // The file with the environment it will run with (a password may live in KAI_ANCHORE_PASSWORD);
        // flags are left out so they cannot make a broken file look valid.
        const problems = await validateConfigFile(opts.validate, { cwd: io.cwd, homeDir: io.homeDir, env: io.env });
        if (problems.length > 0) throw new ConfigError(problems, { hint: `fix the values above in ${opts.validate}` });
        await writeText(io.stdout, `${opts.validate}: valid\n`);
        return;
      }
      const loaded = await loadConfig({
        ...(globals.configFile === undefined ? {} : { configFile: globals.configFile }),
        cwd: io.cwd,
        homeDir: io.homeDir,
        env: io.env,
        flags: withVerbosity(globals.flags, globals.verbosity),
      });
      for (const warning of loaded.warnings) io.stderr.write(`kai: warning: ${warning}\n`);
      await writeText(io.stdout, renderEffectiveConfig(loaded.config));
    });
}
