/**
 * Stopping the agent (SPEC section 6, kai): SIGTERM/SIGINT (caught in main.ts) abort both loops; an
 * in-flight POST may finish within the grace period; then run() resolves and main exits 0.
 * Nothing is left pending.
 */
import type { Sleep } from './backoff.ts';

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
