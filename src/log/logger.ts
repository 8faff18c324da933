/**
 * One pino root, built by main.ts and handed down as children (STYLE.md habit 7). Logs go to fd 2
 * or to `log.file`, never to stdout, so `kai -o json | jq` always works.
 */
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Paths pino blanks out wherever they appear in a log record. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'privateKey',
  '*.privateKey',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'anchore.password',
  'kubeconfig.user.token',
  'kubeconfig.user.privateKey',
];

export interface LoggerOptions {
  readonly level: LogLevel | 'silent';
  readonly structured: boolean;
  readonly destination: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: null,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** A logger that drops everything: for tests and for code paths that must stay silent. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
