/**
 * Runs the built CLI as a user would, in an isolated home and working directory, and captures
 * stdout, stderr and the exit code: the "traits" of STYLE.md habit 15.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const KAI_BIN = join(REPO_ROOT, 'bin/kai.js');

export interface KaiResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
  readonly cwd?: string;
  readonly home?: string;
  readonly timeoutMs?: number;
}

/** A fresh empty directory, used as HOME and cwd so no stray config or kubeconfig is found. */
export function makeTempDir(prefix = 'kai-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The environment a test run sees: PATH and nothing of the developer's kube or kai settings. */
export function isolatedEnv(home: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1', ...extra };
}

/** A kai process still running: for signals, and for waiting on what it logs. */
export interface RunningKai {
  readonly child: ChildProcess;
  readonly result: Promise<KaiResult>;
  /** stderr so far. */
  stderr(): string;
  /** Resolves once stderr matches `pattern` (rejects after `timeoutMs`). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function startKai(args: readonly string[], options: RunOptions = {}): RunningKai {
  const home = options.home ?? makeTempDir();
  const child = spawn(process.execPath, [KAI_BIN, ...args], {
    cwd: options.cwd ?? home,
    env: isolatedEnv(home, options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(options.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const result = new Promise<KaiResult>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
  const stderrText = (): string => Buffer.concat(stderr).toString('utf8');
  const waitForStderr = async (pattern: RegExp, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(stderrText())) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`stderr never matched ${String(pattern)}:\n${stderrText()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, result, stderr: stderrText, waitForStderr };
}

export function runKai(args: readonly string[], options: RunOptions = {}): Promise<KaiResult> {
  return startKai(args, options).result;
}

export function expectExit(result: KaiResult, code: number): void {
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code });
}

export function expectNoStdout(result: KaiResult): void {
  expect(result.stdout).toBe('');
}

export function expectStderr(result: KaiResult, pattern: RegExp): void {
  expect(result.stderr).toMatch(pattern);
}

/** Error output is one line per problem, never a stack trace. */
export function expectNoStackTrace(result: KaiResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}
