// A virtual clock for the agent loop: sleeps resolve when the test advances time, never for real.
import type { Sleep } from '../../src/agent/backoff.ts';

interface Waiter {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export interface VirtualClock {
  readonly now: () => Date;
  readonly nowMs: () => number;
  readonly sleep: Sleep;
  /** Sleeps still pending (timers the code under test left behind). */
  readonly pending: () => number;
  /** Advances virtual time to `targetMs`, waking sleepers in order and letting their work run. */
  runUntil(targetMs: number): Promise<void>;
  /** Advances until `promise` settles, failing after `limitMs` of virtual time. */
  runUntilSettled(promise: Promise<unknown>, limitMs: number): Promise<void>;
}

/** Lets promise chains and immediates run (no real time passes). */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

export function createVirtualClock(startMs = Date.parse('2025-06-01T00:00:00Z')): VirtualClock {
  let current = startMs;
  let seq = 0;
  const waiters: Waiter[] = [];
  const remove = (w: Waiter): void => {
    const i = waiters.indexOf(w);
    if (i >= 0) waiters.splice(i, 1);
  };
  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const waiter: Waiter = {
        at: current + Math.max(0, ms),
        seq: (seq += 1),
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        remove(waiter);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiters.push(waiter);
    });
  const next = (): Waiter | undefined => [...waiters].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  const clock: VirtualClock = {
    now: () => new Date(current),
    nowMs: () => current,
    sleep,
    pending: () => waiters.length,
    async runUntil(targetMs) {
      for (;;) {
        await flush();
        const waiter = next();
        if (waiter === undefined || waiter.at > targetMs) break;
        current = Math.max(current, waiter.at);
        remove(waiter);
        waiter.resolve();
      }
      current = Math.max(current, targetMs);
      await flush();
    },
    async runUntilSettled(promise, limitMs) {
      const state = { settled: false };
      const isSettled = (): boolean => state.settled;
      promise.then(
        () => (state.settled = true),
        () => (state.settled = true),
      );
      const limit = current + limitMs;
      while (!isSettled() && current < limit) {
        await flush();
        if (isSettled()) break;
        const waiter = next();
        if (waiter === undefined) break;
        current = Math.max(current, waiter.at);
        remove(waiter);
        waiter.resolve();
      }
      await flush();
      if (!isSettled()) throw new Error(`promise did not settle within ${limitMs} ms of virtual time`);
    },
  };
  return clock;
}
