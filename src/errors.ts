/**
 * Every failure kai reports carries the exit code it maps to and a hint that tells the user what
 * to do next. Only main.ts turns these into a process exit (STYLE.md habit 5).
 */

/** The one table of exit codes, documented in `kai --help` and the README. */
export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  usage: 2,
  kubernetes: 3,
  anchore: 4,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export interface AppErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
}

export class AppError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCode, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** A bad flag, argument, config value, kubeconfig or input file: exit 2. */
export class UsageError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, EXIT_CODES.usage, options);
  }
}

/** One problem found while validating configuration, with the key path it concerns. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** All configuration problems at once, so the user fixes them in one round. Exit 2. */
export class ConfigError extends UsageError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: AppErrorOptions = {}) {
    super(problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('; '), options);
    this.problems = problems;
  }
}

/** The Kubernetes API was unreachable, refused us, or timed out: exit 3. */
export class KubeError extends AppError {
  readonly status: number | undefined;

  constructor(message: string, options: AppErrorOptions & { readonly status?: number } = {}) {
    super(message, EXIT_CODES.kubernetes, options);
    this.status = options.status;
  }
}

/** Anchore registration or a report failed: exit 4. */
export class AnchoreError extends AppError {
  readonly status: number | undefined;

  constructor(message: string, options: AppErrorOptions & { readonly status?: number } = {}) {
    super(message, EXIT_CODES.anchore, options);
    this.status = options.status;
  }
}

/** Exhaustiveness check for switches over closed literal unions (STYLE.md habit 2). */
export function assertNever(value: never): never {
  throw new AppError(`unexpected value ${JSON.stringify(value)}`, EXIT_CODES.internal);
}
