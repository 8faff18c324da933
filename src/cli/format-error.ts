/**
 * Turns any thrown value into what the user reads on stderr: one line per problem naming the input
 * and what to do, and an exit code. Stack traces only at debug verbosity, and only for bugs.
 */
import { AppError, ConfigError, EXIT_CODES, type ExitCode } from '../errors.ts';

export interface FormattedError {
  readonly exitCode: ExitCode;
  readonly text: string;
}

/** `message. Hint.`: one sentence for what failed, one for what to do. */
export function withHint(message: string, hint: string | undefined): string {
  const base = message.replace(/\.+$/, '');
  if (hint === undefined || hint === '') return base;
  return `${base}. ${hint.charAt(0).toUpperCase()}${hint.slice(1)}`;
}

function formatConfigError(error: ConfigError): FormattedError {
  const lines = error.problems.map((p) => `kai: config error: ${p.path === '' ? '' : `${p.path}: `}${p.message}`);
  const hint = error.hint ?? 'Fix the values above; `kai config --validate FILE` checks a file without running.';
  return { exitCode: error.exitCode, text: `${lines.join('\n')}\nkai: ${hint}\n` };
}

function stackOf(value: unknown, showStack: boolean): string {
  return showStack && value instanceof Error ? `\n${value.stack ?? ''}` : '';
}

export function formatError(error: unknown, options: { readonly showStack: boolean }): FormattedError {
  if (error instanceof ConfigError) return formatConfigError(error);
  if (error instanceof AppError && error.exitCode !== EXIT_CODES.internal) {
    const stack = stackOf(error.cause, options.showStack);
    return { exitCode: error.exitCode, text: `kai: error: ${withHint(error.message, error.hint)}${stack}\n` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: EXIT_CODES.internal,
    text: `kai: internal error: ${message}. This is a bug in kai: please report it with the output of 'kai version' and of the same command run with -vv.${stackOf(error, options.showStack)}\n`,
  };
}
