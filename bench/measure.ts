/**
 * Runs one command as a child process and measures it: wall time from spawn to exit, user + system
 * CPU time, and peak RSS. With GNU time (`/usr/bin/time`, Debian package `time`) the figures come
 * from the kernel's rusage of the child; without it, peak RSS is sampled from /proc/<pid>/status
 * (VmHWM) every 20 ms and CPU time is not known.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  readonly exitCode: number;
  readonly wallMs: number;
  readonly peakRssMb: number | null;
  /** User + system CPU of the child; null when /usr/bin/time is not available. */
  readonly cpuMs: number | null;
  /** Stdout, when the command's output is captured. */
  readonly stdout: string;
  /** Stderr of the command (without GNU time's own report). */
  readonly stderr: string;
}

export interface MeasureOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Capture stdout (kai, floor); false sends it to /dev/null (kubectl's 600 MB of JSON). */
  readonly captureStdout: boolean;
  readonly timeoutMs: number;
  /** Use /proc sampling even when GNU time exists (tests of the fallback). */
  readonly forceProcSampling?: boolean;
}

const TIME_MARK = '@@kai-bench-time@@';

function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

function readVmHwmKb(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0; // the process already exited
  }
}

/** Splits GNU time's `-f` report (after the mark) off the command's own stderr. */
function parseTimeReport(stderr: string): { rest: string; peakRssMb: number | null; cpuMs: number | null } {
  const at = stderr.lastIndexOf(TIME_MARK);
  if (at < 0) return { rest: stderr, peakRssMb: null, cpuMs: null };
  const [maxRssKb = 'NaN', user = 'NaN', system = 'NaN'] = stderr.slice(at + TIME_MARK.length).trim().split(/\s+/);
  return { rest: stderr.slice(0, at), peakRssMb: Number(maxRssKb) / 1024, cpuMs: (Number(user) + Number(system)) * 1000 };
}

function spawnChild(args: { command: string; args: readonly string[]; options: MeasureOptions }): ChildProcess {
  const { options } = args;
  return spawn(args.command, args.args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    timeout: options.timeoutMs,
  });
}

/** Runs the command and resolves with its measurements (never rejects on a non-zero exit). */
export async function measureCommand(options: MeasureOptions): Promise<Measured> {
  const useTime = hasGnuTime() && options.forceProcSampling !== true;
  const command = useTime ? GNU_TIME : options.command;
  const args = useTime ? ['-f', `${TIME_MARK} %M %U %S`, options.command, ...options.args] : [...options.args];
  const started = performance.now();
  const child = spawnChild({ command, args, options });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  let peakKb = 0;
  const sampler = useTime ? undefined : setInterval(() => { peakKb = Math.max(peakKb, readVmHwmKb(child.pid ?? 0)); }, 20);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => { resolve(code ?? (signal === null ? 1 : 128)); });
  });
  const wallMs = performance.now() - started;
  if (sampler !== undefined) clearInterval(sampler);
  const report = parseTimeReport(Buffer.concat(err).toString('utf8'));
  return {
    exitCode,
    wallMs,
    peakRssMb: useTime ? report.peakRssMb : peakKb / 1024 || null,
    cpuMs: report.cpuMs,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: report.rest,
  };
}

/** The machine the benchmark ran on, for the results file and docs/performance.md. */
export async function describeMachine(): Promise<{ cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverage: number[] }> {
  const os = await import('node:os');
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
