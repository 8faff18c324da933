/**
 * Runs the BUILT CLI (`node bin/kai.js`) as a black box: a clean environment (no inherited
 * KUBECONFIG or KAI_* variables, a temp HOME and working directory so no user config is found),
 * and returns exit code, stdout and stderr.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eContext } from './context.ts';
import { KAI_BIN } from './preflight.ts';


export interface KaiResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunKaiOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/**
 * A scratch directory that stands in for HOME and the working directory of one run. It lives in
 * the cluster's temp directory, so the global teardown removes it with everything else.
 */
export function scratchDir(): string {
  const base = join(e2eContext().cluster.dir, 'runs');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, 'run-'));
}

/** Writes a YAML config file into a fresh scratch directory and returns its path (for `-c`). */
export function writeConfig(yaml: string): string {
  const path = join(scratchDir(), 'kai.yaml');
  writeFileSync(path, yaml);
  return path;
}

function cleanEnv(home: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('KAI_') || key === 'KUBECONFIG' || key.startsWith('XDG_')) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    NO_COLOR: '1',
    // never reach out for an update check from a test
    KAI_CHECK_FOR_APP_UPDATE: 'false',
    ...extra,
  };
}

export async function runKai(args: readonly string[], options: RunKaiOptions = {}): Promise<KaiResult> {
  const home = scratchDir();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [KAI_BIN, ...args], {
      cwd: home,
      env: cleanEnv(home, options.env ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kai ${args.join(' ')} did not finish within ${String(options.timeoutMs ?? 60_000)} ms\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** For assertion messages: what kai printed, so a failure explains itself. */
export function describeRun(result: KaiResult): string {
  return `exit ${String(result.code)}\n--- stderr ---\n${result.stderr}\n--- stdout (first 2000) ---\n${result.stdout.slice(0, 2000)}`;
}
