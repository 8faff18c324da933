import { describe, expect, it } from 'vitest';
import { formatError, withHint } from '../../src/cli/format-error.ts';
import { AnchoreError, AppError, ConfigError, EXIT_CODES, KubeError, UsageError } from '../../src/errors.ts';

describe('formatError', () => {
  it.each<{ error: Error; code: number; text: string | RegExp }>([
    { error: new UsageError('bad flag', { hint: 'run kai --help' }), code: 2, text: 'kai: error: bad flag. Run kai --help\n' },
    { error: new KubeError('cannot list pods', { hint: 'grant list' }), code: 3, text: 'kai: error: cannot list pods. Grant list\n' },
    { error: new AnchoreError('report rejected'), code: 4, text: 'kai: error: report rejected\n' },
    {
      error: new ConfigError([
        { path: 'mode', message: 'expected one of adhoc, periodic, got "x"' },
        { path: '', message: 'unknown key "bogus"' },
      ]),
      code: 2,
      text: /^kai: config error: mode: expected one of adhoc, periodic, got "x"\nkai: config error: unknown key "bogus"\nkai: .+\n$/,
    },
  ])('$error.name → exit $code', ({ error, code, text }) => {
    const formatted = formatError(error, { showStack: false });
    expect(formatted.exitCode).toBe(code);
    if (typeof text === 'string') expect(formatted.text).toBe(text);
    else expect(formatted.text).toMatch(text);
  });

  it('treats anything that is not an AppError as a bug, exit 1, without a stack by default', () => {
    const formatted = formatError(new TypeError('x is undefined'), { showStack: false });
    expect(formatted.exitCode).toBe(EXIT_CODES.internal);
    expect(formatted.text).toMatch(/^kai: internal error: x is undefined\. This is a bug in kai/);
    expect(formatted.text).not.toMatch(/\n\s+at /);
  });

  it('shows the stack of a bug at -vv', () => {
    const formatted = formatError(new AppError('boom', EXIT_CODES.internal), { showStack: true });
    expect(formatted.text).toMatch(/\n\s+at /);
  });

  it.each([
    ['message.', 'hint', 'message. Hint'],
    ['message', undefined, 'message'],
    ['message..', '', 'message'],
  ])('withHint(%j, %j) = %j', (message, hint, want) => {
    expect(withHint(message, hint)).toBe(want);
  });
});
