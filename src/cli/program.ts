/**
 * The command-line shell: argv → commands. It parses, loads config, picks the command and writes
 * to the injected streams; the work itself lives in the modules it calls.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, UsageError } from '../errors.ts';
import { registerConfigCommand } from './config-command.ts';
import { runInventoryOnce } from './inventory-command.ts';
import type { CliIo } from './io.ts';
import { openSession } from './session.ts';
import { addSettingOptions, flagsByPath } from './setting-options.ts';
import { registerVersionCommand } from './version-command.ts';

export const EXIT_CODES_HELP = `
Exit codes:
  0    success (and a drained SIGTERM/SIGINT in periodic mode)
  1    internal error: a bug in kai, please report it
  2    usage or configuration error (bad flag, config key, kubeconfig, --input file)
  3    Kubernetes API unreachable, unauthorized, forbidden or timed out
  4    Anchore registration or report failed
  130  interrupted by SIGINT (adhoc mode)
  143  terminated by SIGTERM (adhoc mode)
`;

/** Options every command shares, with the values the user gave. */
export interface GlobalOptions {
  readonly configFile: string | undefined;
  readonly verbosity: number;
  readonly flags: Readonly<Record<string, unknown>>;
}

const countVerbosity = (_value: string, previous: number): number => previous + 1;

function readGlobals(command: Command, pathByAttribute: ReadonlyMap<string, string>): GlobalOptions {
  const opts: Record<string, unknown> = command.optsWithGlobals();
  const configFile = typeof opts['config'] === 'string' ? opts['config'] : undefined;
  const verbosity = typeof opts['verbose'] === 'number' ? opts['verbose'] : 0;
  return { configFile, verbosity, flags: flagsByPath(opts, pathByAttribute) };
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('kai')
    .description('Kubernetes image inventory: which container images run in your cluster, printed or reported to Anchore Enterprise.')
    .option('-c, --config <file>', 'config file (YAML or JSON); default: search .kai.yaml, ~/.kai.yaml, $XDG_CONFIG_HOME/kai/config.yaml')
    .option('-v, --verbose', 'more logs: -v info, -vv debug (cannot be combined with log.level)', countVerbosity, 0)
    .addHelpText('after', EXIT_CODES_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Errors are rethrown as UsageError and printed once by main.ts, in kai's own format.
      outputError: () => undefined,
    });
  const pathByAttribute = addSettingOptions(program);
  const globals = (command: Command): GlobalOptions => readGlobals(command, pathByAttribute);

  program.action(async (_opts: unknown, command: Command) => {
    const session = await openSession({ io, ...globals(command) });
    setExitCode(await runInventoryOnce(session, io, () => new Date()));
  });
  registerVersionCommand(program, io);
  registerConfigCommand(program, { io, globals, setExitCode });
  return program;
}

function toUsageError(error: CommanderError): UsageError {
  const message = error.message.replace(/^error: /, '');
  return new UsageError(message, { hint: "Run 'kai --help' for usage" });
}

function interruptedExitCode(signal: AbortSignal): number {
  return signal.reason === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted;
}

/** Runs kai with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      if (error.exitCode === 0) return EXIT_CODES.ok;
      throw toUsageError(error);
    }
    if (io.signal.aborted) {
      io.stderr.write(`kai: stopped by ${String(io.signal.reason)} before the inventory was complete; nothing was printed\n`);
      return interruptedExitCode(io.signal);
    }
    throw error;
  }
}
