import { describe, expect, it } from 'vitest';
import {
  evaluateLiveness,
  evaluateReadiness,
  initialProbeState,
  reduceProbeState,
  type ProbeEvent,
  type ProbeOptions,
} from '../../src/ops/readiness.ts';

const OPTIONS: ProbeOptions = {
  isRegistrationRequired: true,
  failureThreshold: 2,
  pollingIntervalMs: 1000,
  wedgedAfterIntervals: 3,
};

const reg = (state: string, atMs = 0): ProbeEvent => ({ kind: 'registration', state, atMs });
const end = (isSuccess: boolean, atMs = 0): ProbeEvent => ({ kind: 'cycle-end', isSuccess, atMs });

describe('readiness', () => {
  it.each([
    { name: 'nothing yet', events: [], ready: false, reason: 'not registered yet' },
    { name: 'failed registration', events: [reg('failed')], ready: false, reason: 'not registered yet (registration failed)' },
    { name: 'registered', events: [reg('registered')], ready: true, reason: 'waiting for the first inventory cycle' },
    { name: 'old Enterprise, no registration', events: [reg('unsupported')], ready: true, reason: 'waiting for the first inventory cycle' },
    { name: 'registered then a failed re-registration', events: [reg('registered'), reg('failed')], ready: true, reason: 'waiting for the first inventory cycle' },
    { name: 'one failure below threshold', events: [reg('registered'), end(true), end(false)], ready: true, reason: '1 recent cycle(s) failed' },
    { name: 'failures reach threshold', events: [reg('registered'), end(false), end(false)], ready: false, reason: 'last 2 inventory cycles failed' },
    { name: 'success resets the streak', events: [reg('registered'), end(false), end(false), end(true)], ready: true, reason: 'last cycle succeeded' },
    { name: 'cycles without registration', events: [end(true)], ready: false, reason: 'not registered yet' },
  ])('$name', ({ events, ready, reason }) => {
    const state = events.reduce(reduceProbeState, initialProbeState(0));
    expect(evaluateReadiness(state, OPTIONS)).toEqual({ ready, reason });
  });

  it('does not need registration when no Anchore is configured', () => {
    const state = [end(true)].reduce(reduceProbeState, initialProbeState(0));
    expect(evaluateReadiness(state, { ...OPTIONS, isRegistrationRequired: false }).ready).toBe(true);
  });
});

describe('liveness', () => {
  it.each([
    { name: 'just started', events: [], nowMs: 3000, alive: true },
    // Waiting for Anchore is not wedged: a restart would not bring Anchore back.
    { name: 'still registering long after start', events: [reg('pending', 0), reg('failed', 10)], nowMs: 1_000_000, alive: true },
    { name: 'registered, no cycle within 3 intervals', events: [reg('registered', 0)], nowMs: 3001, alive: false },
    { name: 'old Enterprise, no cycle within 3 intervals', events: [reg('unsupported', 500)], nowMs: 3501, alive: false },
    { name: 'registered, first cycle started in time', events: [reg('registered', 0), { kind: 'cycle-start', atMs: 2500 } satisfies ProbeEvent], nowMs: 5000, alive: true },
    { name: 'a cycle ended recently', events: [end(false, 4000)], nowMs: 7000, alive: true },
    { name: 'last progress long ago', events: [end(true, 4000)], nowMs: 7001, alive: false },
    { name: 'a cycle started long ago and never ended', events: [{ kind: 'cycle-start', atMs: 1000 } satisfies ProbeEvent], nowMs: 4001, alive: false },
    { name: 'an out-of-order old event does not rewind progress', events: [end(true, 6000), reg('failed', 1000)], nowMs: 8000, alive: true },
  ])('$name', ({ events, nowMs, alive }) => {
    const state = events.reduce(reduceProbeState, initialProbeState(0));
    expect(evaluateLiveness(state, nowMs, OPTIONS).alive).toBe(alive);
  });

  it('names how long the loop has been idle', () => {
    const state = reduceProbeState(initialProbeState(0), reg('registered', 0));
    expect(evaluateLiveness(state, 10_000, OPTIONS).reason).toBe('inventory loop wedged: no progress for 10s (limit 3s)');
  });
});
