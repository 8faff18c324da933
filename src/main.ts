/**
 * Composition root and the only place kai exits (STYLE.md habit 5): wires the real process streams,
 * signals and factories into the CLI, then maps whatever it returns or throws to an exit code.
 */
import { homedir } from 'node:os';
import { runCli } from './cli/program.ts';
import { formatError } from './cli/format-error.ts';
import { EXIT_CODES } from './errors.ts';

const SIGNAL_EXIT_CODES = { SIGINT: EXIT_CODES.interrupted, SIGTERM: EXIT_CODES.terminated } as const;

function watchSignals(controller: AbortController): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.on(name, () => {
      // A second signal means "stop now": the user gave up on the graceful drain.
      if (controller.signal.aborted) process.exit(SIGNAL_EXIT_CODES[name]);
      controller.abort(name);
    });
  }
}

async function main(): Promise<number> {
  const controller = new AbortController();
  watchSignals(controller);
  const argv = process.argv.slice(2);
  try {
    return await runCli(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
      homeDir: homedir(),
      signal: controller.signal,
    });
  } catch (error: unknown) {
    const showStack = argv.some((a) => /^-v{2,}$/.test(a) || a === '--verbose=2');
    const { exitCode, text } = formatError(error, { showStack });
    process.stderr.write(text);
    return exitCode;
  }
}

const exitCode = await main();
// Let stdout drain (a large report piped to a slow reader) before exiting.
process.stdout.write('', () => process.exit(exitCode));
