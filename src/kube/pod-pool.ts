/**
 * The per-namespace worker pool. `worker-pool-size` workers take namespaces one at a time, but how
 * many lists are in flight at once is bounded twice more, by what is measured as lists come back:
 * - by the pods they are expected to carry: 100 lists of 100 pods each buffer 40 MB of JSON at
 *   once and make the GC thrash (measured: peak RSS 300 MB instead of 250 MB at 10k pods);
 * - by whether kai is waiting for the server at all: more lists in flight only help while kai's
 *   event loop sits idle (a slow API server); when it is busy parsing, they only queue up in
 *   memory and starve a cluster-wide list running alongside, whose pages cost far less per pod.
 *   So the pool starts with a few lists and widens while the loop is idle, narrows when it is
 *   saturated (measured as event-loop utilization, every SAMPLE_MS).
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Pods expected in flight at once across the pool (about 4 KB of JSON each). */
export const IN_FLIGHT_POD_BUDGET = 2_000;

/** Lists in flight at the start, and at least. */
const MIN_IN_FLIGHT = 4;
const SAMPLE_MS = 10;
/** Below this event-loop utilization kai mostly waits: widen. Above the high mark: narrow. */
const IDLE_UTILIZATION = 0.8;
const BUSY_UTILIZATION = 0.95;

/** The lists-in-flight target, from the event loop's utilization since the last sample. */
function createLoadTarget(size: number): { value(): number; sample(): void } {
  let target = Math.min(size, MIN_IN_FLIGHT);
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let lastAt = performance.now();
  return {
    value: () => target,
    sample() {
      const now = performance.now();
      if (now - lastAt < SAMPLE_MS) return;
      const current = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(current, last);
      last = current;
      lastAt = now;
      if (utilization < IDLE_UTILIZATION) target = Math.min(size, Math.ceil(target * 1.5));
      else if (utilization > BUSY_UTILIZATION) target = Math.max(Math.min(size, MIN_IN_FLIGHT), Math.floor(target * 0.8));
    },
  };
}

export interface PoolArgs {
  /** worker-pool-size. */
  readonly size: number;
  /** Page size (request-batch-size): a list keeps at most about two pages in flight. */
  readonly pageSize: number;
  readonly signal: AbortSignal;
  /** The next namespace to list, or undefined when there is nothing (left) for this pool to do. */
  readonly claim: () => string | undefined | Promise<string | undefined>;
  /** Lists one namespace; resolves to the pods it held and the page requests it took. */
  readonly list: (namespace: string, signal: AbortSignal) => Promise<ListedNamespace>;
}

export interface ListedNamespace {
  readonly pods: number;
  readonly requests: number;
}

interface Gate {
  acquire(): Promise<void>;
  /** What the finished list held; undefined when the slot was not used. */
  release(listed: ListedNamespace | undefined): void;
  close(): void;
}

function createGate(size: number, pageSize: number): Gate {
  let active = 0;
  // Until lists come back, assume full pages; small namespaces then widen the gate quickly.
  let podsPerList = Math.min(pageSize, IN_FLIGHT_POD_BUDGET);
  const load = createLoadTarget(size);
  const waiters: Array<() => void> = [];
  const limit = (): number => Math.max(1, Math.min(load.value(), Math.floor(IN_FLIGHT_POD_BUDGET / Math.max(1, podsPerList))));
  const wake = (): void => {
    while (waiters.length > 0 && active < limit()) {
      active += 1;
      waiters.shift()?.();
    }
  };
  return {
    acquire() {
      if (active < limit()) {
        active += 1;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiters.push(resolve));
    },
    release(listed) {
      active -= 1;
      if (listed !== undefined) podsPerList = 0.8 * podsPerList + 0.2 * Math.min(listed.pods, 2 * pageSize);
      load.sample();
      wake();
    },
    close() {
      for (const resolve of waiters.splice(0)) resolve();
    },
  };
}

/** Runs the pool until `claim` has nothing left; the first failure aborts the other lists and is thrown. */
export async function runNamespacePool(args: PoolArgs): Promise<void> {
  const controller = new AbortController();
  const signal = AbortSignal.any([args.signal, controller.signal]);
  const gate = createGate(Math.max(1, args.size), args.pageSize);
  const worker = async (): Promise<void> => {
    for (;;) {
      await gate.acquire();
      signal.throwIfAborted();
      // Claim only once a slot is free: a namespace claimed late may still be covered by the
      // cluster-wide list running alongside (see hybrid-list.ts).
      const namespace = await args.claim();
      if (namespace === undefined) {
        gate.release(undefined);
        return;
      }
      let listed: ListedNamespace | undefined;
      try {
        listed = await args.list(namespace, signal);
      } finally {
        gate.release(listed);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, args.size) }, worker));
  } catch (error) {
    controller.abort(error);
    throw error;
  } finally {
    gate.close();
  }
}
