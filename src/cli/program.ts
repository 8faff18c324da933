/**
 * The command-line shell: argv → commands. It parses, loads config, picks the command and writes
 * to the injected streams; the work itself lives in the modules it calls.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT_CODES, UsageError } from '../errors.ts';
import type { ClusterSelection } from './clusters.ts';
import { registerCompletionCommands } from './completion-command.ts';
import { registerConfigCommand } from './config-command.ts';
import { registerDiffCommand } from './diff-command.ts';
import { registerImagesCommand } from './images-command.ts';
import { printPeriodically, runInventoryOnce } from './inventory-command.ts';
import { reportToAnchoreOnce, runAgent } from './anchore-command.ts';
import type { CliIo } from './io.ts';
import { openSession, type Session } from './session.ts';
import { addSettingOptions, flagsByPath } from './setting-options.ts';
import { registerVersionCommand } from './version-command.ts';

export const EXIT_CODES_HELP = `
Exit codes:
  0    success (and a drained SIGTERM/SIGINT in periodic mode)
  1    internal error: a bug in kai, please report it (kai diff: the inventories differ)
  2    usage or configuration error (bad flag, config key, kubeconfig, --input file)
  3    Kubernetes API unreachable, unauthorized, forbidden or timed out (any cluster, with several)
  4    Anchore registration or report failed
  130  interrupted by SIGINT (adhoc mode)
  143  terminated by SIGTERM (adhoc mode)
`;

/** Options every command shares, with the values the user gave. */
export interface GlobalOptions {
  readonly configFile: string | undefined;
  readonly verbosity: number;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly selection: ClusterSelection;
}

/** What a subcommand gets from the shell. */
export interface CommandDeps {
  readonly io: CliIo;
  readonly globals: (command: Command) => GlobalOptions;
  readonly setExitCode: (code: number) => void;
}

const CONTEXT_FLAG_PATH = 'kubeconfig.context';
const countVerbosity = (_value: string, previous: number): number => previous + 1;

function readGlobals(command: Command, pathByAttribute: ReadonlyMap<string, string>): GlobalOptions {
  const opts: Record<string, unknown> = command.optsWithGlobals();
  const configFile = typeof opts['config'] === 'string' ? opts['config'] : undefined;
  const verbosity = typeof opts['verbose'] === 'number' ? opts['verbose'] : 0;
  const { [CONTEXT_FLAG_PATH]: contextFlag, ...flags } = flagsByPath(opts, pathByAttribute);
  // --context is repeatable: one value is kubeconfig.context, several select several clusters.
  const contexts = Array.isArray(contextFlag) ? (contextFlag as string[]) : [];
  if (contexts.length === 1) flags[CONTEXT_FLAG_PATH] = contexts[0];
  const allContexts = opts['allContexts'] === true;
  return { configFile, verbosity, flags, selection: { contexts: contexts.length > 1 ? contexts : [], allContexts } };
}

function makeContextRepeatable(program: Command): void {
  const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
  program.options.find((o) => o.long === '--context')?.argParser(collect);
  program.addOption(
    new Option('--all-contexts', 'inventory every context of the kubeconfig, concurrently; output gains a cluster column').conflicts('context'),
  );
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
  makeContextRepeatable(program);
  const deps: CommandDeps = { io, globals: (command) => readGlobals(command, pathByAttribute), setExitCode };

  program.action(async (_opts: unknown, command: Command) => {
    const globals = deps.globals(command);
    const session = await openSession({ io, ...globals });
    await runMode(session, io, globals.selection);
  });
  registerImagesCommand(program, deps);
  registerDiffCommand(program, deps);
  registerConfigCommand(program, deps);
  registerVersionCommand(program, io);
  registerCompletionCommands(program, deps);
  return program;
}

/** The default command: print or report, once or periodically, as the config says. */
async function runMode(session: Session, io: CliIo, selection: ClusterSelection): Promise<void> {
  const { config } = session;
  const isReporting = config.anchore.url !== '';
  if (config.mode === 'adhoc') {
    if (isReporting) await reportToAnchoreOnce(session, io, selection);
    else await runInventoryOnce(session, io, selection);
    return;
  }
  if (isReporting) await runAgent(session, io, selection);
  else await printPeriodically(session, io, selection);
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
