/** Reading a soak run: cycles from kai's structured log, health-report ticks, /proc samples. */
import { readdirSync, readFileSync } from 'node:fs';

export interface Cycle {
  readonly startMs: number;
  readonly endMs: number;
  readonly result: string;
}

interface LogLine {
  readonly time?: string;
  readonly msg?: string;
  readonly durationMs?: number;
  readonly result?: string;
  readonly level?: number;
}

export function parseLogLines(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Inventory cycles from their `inventory cycle` log lines (logged at the end, with the duration). */
export function cyclesOf(lines: readonly LogLine[]): Cycle[] {
  return lines
    .filter((l) => l.msg === 'inventory cycle' && l.time !== undefined && typeof l.durationMs === 'number')
    .map((l) => {
      const endMs = Date.parse(l.time ?? '');
      return { startMs: endMs - (l.durationMs ?? 0), endMs, result: l.result ?? '' };
    })
    .sort((a, b) => a.endMs - b.endMs);
}

/** Pairs of cycles where one started before the previous one ended (10 ms of clock slack). */
export function overlaps(cycles: readonly Cycle[]): [Cycle, Cycle][] {
  const found: [Cycle, Cycle][] = [];
  for (let i = 1; i < cycles.length; i += 1) {
    const previous = cycles[i - 1];
    const current = cycles[i];
    if (previous !== undefined && current !== undefined && current.startMs < previous.endMs - 10) found.push([previous, current]);
  }
  return found;
}

/** Health-report attempts grouped into ticks: attempts within `windowMs` of a tick's first belong to it. */
export function healthTicks(attemptTimes: readonly number[], windowMs = 5_000): number[] {
  const ticks: number[] = [];
  for (const time of [...attemptTimes].sort((a, b) => a - b)) {
    const last = ticks.at(-1);
    if (last === undefined || time - last > windowMs) ticks.push(time);
  }
  return ticks;
}

export interface ProcSample {
  readonly atMs: number;
  readonly rssKb: number;
  readonly fds: number;
}

export function sampleProc(pid: number, atMs: number): ProcSample | undefined {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
    return { atMs, rssKb, fds: readdirSync(`/proc/${String(pid)}/fd`).length };
  } catch {
    return undefined;
  }
}

/** Max of a field over the samples taken in [fromMs, toMs). */
export function maxIn(samples: readonly ProcSample[], field: 'rssKb' | 'fds', range: { fromMs: number; toMs: number }): number {
  return Math.max(0, ...samples.filter((s) => s.atMs >= range.fromMs && s.atMs < range.toMs).map((s) => s[field]));
}

/** What must never appear on kai's stderr: crashes and promise rejections nobody handled. */
export const CRASH_SIGNS = /UnhandledPromiseRejection|unhandledRejection|Unhandled 'error' event|uncaughtException|\n\s+at .+:\d+:\d+|unexpected error in the inventory cycle|FATAL ERROR/;
