// The real-clock sleep: resolves on time, resolves early on abort, and leaves no timer behind.
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/agent/sleep.ts';

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = performance.now();
    await sleep(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('resolves at once when aborted, and clears its timer', async () => {
    const controller = new AbortController();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const pending = sleep(60_000, controller.signal);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before + 1);
    controller.abort();
    await pending;
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
  });

  it('resolves at once for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const started = performance.now();
    await sleep(60_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
