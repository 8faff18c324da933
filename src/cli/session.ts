/**
 * What every command that runs against a cluster needs: the validated config and a logger built
 * from it. Logs go to `log.file` or stderr, never stdout.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { PinoPretty } from 'pino-pretty';
import { loadConfig, VERBOSITY_FLAG } from '../config/load.ts';
import { redactedView } from '../config/redact.ts';
import type { Config } from '../config/schema.ts';
import { createLogger, type Logger, type LogLevel } from '../log/logger.ts';
import type { CliIo } from './io.ts';

export interface Session {
  readonly config: Config;
  readonly log: Logger;
  /** Where the config came from, for the debug log and `kai config`. */
  readonly source: string | undefined;
}

export interface SessionInput {
  readonly io: CliIo;
  readonly configFile: string | undefined;
  readonly flags: Readonly<Record<string, unknown>>;
  /** -v count: 1 = info, 2+ = debug. */
  readonly verbosity: number;
}

/** The -v count travels as the loader's pseudo flag, so it is validated against log.level. */
export function withVerbosity(flags: Readonly<Record<string, unknown>>, verbosity: number): Record<string, unknown> {
  return verbosity > 0 ? { ...flags, [VERBOSITY_FLAG]: verbosity } : { ...flags };
}

function effectiveLevel(config: Config): LogLevel | 'silent' {
  return config.quiet ? 'silent' : config.log.level;
}

/**
 * log.file was checked writable at start-up; should it fail later (a disk gone), say so once on
 * stderr rather than crash the agent or lose logs silently.
 */
function openLogFile(path: string, io: CliIo): Writable {
  const stream = createWriteStream(path, { flags: 'a' });
  stream.once('error', (error) => {
    io.stderr.write(`kai: warning: cannot write log.file ${JSON.stringify(path)} (${error.message}); logs are lost from here on\n`);
  });
  return stream;
}

function logDestination(config: Config, io: CliIo): Writable {
  const target = config.log.file === '' ? io.stderr : openLogFile(config.log.file, io);
  if (config.log.structured) return target;
  // Human-readable lines, synchronous so nothing is lost when main.ts exits.
  return PinoPretty({ destination: target, colorize: false, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}

export function buildLogger(config: Config, io: CliIo): Logger {
  const level = effectiveLevel(config);
  return createLogger({ level, structured: config.log.structured, destination: logDestination(config, io) });
}

export async function openSession(input: SessionInput): Promise<Session> {
  const { io } = input;
  const loaded = await loadConfig({
    ...(input.configFile === undefined ? {} : { configFile: input.configFile }),
    cwd: io.cwd,
    homeDir: io.homeDir,
    env: io.env,
    flags: withVerbosity(input.flags, input.verbosity),
  });
  const log = buildLogger(loaded.config, io);
  for (const warning of loaded.warnings) log.warn(warning);
  // The effective configuration, secrets redacted, so a -vv log answers "what did it run with?".
  log.debug({ source: loaded.source ?? 'defaults, env and flags only', config: redactedView(loaded.config) }, 'configuration loaded');
  return { config: loaded.config, log, source: loaded.source };
}
