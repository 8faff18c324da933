/**
 * Stopping the agent (SPEC section 6, kai): SIGTERM/SIGINT abort both loops; an in-flight POST may
 * finish within the grace period; then run() resolves and main exits 0. Nothing is left pending.
 */
import type { Logger } from '../log/logger.ts';
import type { Sleep } from './backoff.ts';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** The part of `process` this module uses, so tests pass an EventEmitter. */
export interface SignalSource {
  on(event: ShutdownSignal, listener: () => void): unknown;
  off(event: ShutdownSignal, listener: () => void): unknown;
}

export interface Shutdown {
  /** Aborted on the first SIGTERM/SIGINT. */
  readonly signal: AbortSignal;
  /** The signal that stopped the agent, if any. */
  received(): ShutdownSignal | undefined;
  /** Removes the signal listeners (call once the agent has stopped). */
  dispose(): void;
}

export function createShutdown(source: SignalSource, log: Logger): Shutdown {
  const controller = new AbortController();
  const state: { received: ShutdownSignal | undefined } = { received: undefined };
  const listeners = SHUTDOWN_SIGNALS.map((name) => {
    const listener = (): void => {
      if (state.received !== undefined) {
        log.warn({ signal: name }, 'already stopping: waiting for the in-flight request to finish');
        return;
      }
      state.received = name;
      log.info({ signal: name }, 'stopping: finishing the in-flight request, then exiting');
      controller.abort(new Error(`received ${name}`));
    };
    source.on(name, listener);
    return { name, listener };
  });
  return {
    signal: controller.signal,
    received: () => state.received,
    dispose: () => {
      for (const { name, listener } of listeners) source.off(name, listener);
    },
  };
}

export interface Grace {
  /** Aborted `graceMs` after `stop` aborts: in-flight requests are cancelled then. */
  readonly signal: AbortSignal;
  /** Cancels the grace timer and listener. */
  dispose(): void;
}

/** The grace period, on the injected clock so tests do not wait for it. */
export function createGrace(stop: AbortSignal, graceMs: number, sleep: Sleep): Grace {
  const grace = new AbortController();
  const disposed = new AbortController();
  const onStop = (): void => {
    void sleep(graceMs, disposed.signal).then(() => {
      if (!disposed.signal.aborted) grace.abort(new Error(`grace period of ${graceMs} ms is over`));
    });
  };
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });
  return {
    signal: grace.signal,
    dispose: () => {
      disposed.abort();
      stop.removeEventListener('abort', onStop);
    },
  };
}
