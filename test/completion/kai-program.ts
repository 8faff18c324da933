/**
 * A commander program shaped like kai's: the root options and every schema flag from
 * addSettingOptions (the real ones), plus version, config and completion subcommands. The
 * goldens pin what the completion scripts look like for kai's actual flags.
 */
import { Argument, Command, Option } from 'commander';
import { addSettingOptions } from '../../src/cli/setting-options.ts';
import { COMPLETION_SHELLS } from '../../src/cli/completion.ts';

export function buildKaiLikeProgram(): Command {
  const program = new Command('kai')
    .description('Kubernetes image inventory')
    .option('-c, --config <file>', 'config file (YAML or JSON)')
    .option('-v, --verbose', 'more logs: -v info, -vv debug', (_v: string, n: number) => n + 1, 0);
  addSettingOptions(program);
  program
    .command('version')
    .description('print the version')
    .addOption(new Option('-o, --output <format>', 'text or JSON').choices(['text', 'json']));
  program.command('config').description('print the effective config, secrets redacted').option('--validate <file>', 'check a config file and exit');
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(COMPLETION_SHELLS));
  program.command('__complete', { hidden: true }).argument('<what>');
  return program;
}
