/**
 * SIGTERM and SIGINT at the moments that matter, adhoc and periodic. Data only (no vitest), so
 * docs/reliability.md can list them.
 */

export interface SignalScenario {
  readonly name: string;
  readonly mode: 'adhoc' | 'periodic';
  /** Report to the fake Anchore (always in periodic mode). */
  readonly toAnchore: boolean;
  readonly signals: readonly NodeJS.Signals[];
  /** When the (first) signal is sent. */
  readonly when: 'listing' | 'post' | 'idle';
  /** The inventory POST is held this long by the fake Anchore. */
  readonly postDelayMs?: number;
  readonly graceSeconds?: number;
  readonly exit: number;
  /** kai must have exited within this long after the (first) signal. */
  readonly exitWithinMs: number;
  /** Whether the POST in flight at the signal reached Anchore before kai exited. */
  readonly postCompletes?: boolean;
  readonly stderr?: RegExp;
}

export const SIGNAL_SCENARIOS: readonly SignalScenario[] = [
  { name: 'adhoc, SIGTERM while listing', mode: 'adhoc', toAnchore: false, signals: ['SIGTERM'], when: 'listing', exit: 143, exitWithinMs: 3000, stderr: /stopped by SIGTERM before the inventory was complete; nothing was printed/ },
  { name: 'adhoc, SIGINT while listing', mode: 'adhoc', toAnchore: false, signals: ['SIGINT'], when: 'listing', exit: 130, exitWithinMs: 3000, stderr: /stopped by SIGINT before the inventory was complete; nothing was printed/ },
  { name: 'adhoc, SIGTERM during the POST to Anchore', mode: 'adhoc', toAnchore: true, signals: ['SIGTERM'], when: 'post', postDelayMs: 3000, exit: 143, exitWithinMs: 3000, stderr: /stopped by SIGTERM/ },
  { name: 'adhoc, SIGINT during the POST to Anchore', mode: 'adhoc', toAnchore: true, signals: ['SIGINT'], when: 'post', postDelayMs: 3000, exit: 130, exitWithinMs: 3000, stderr: /stopped by SIGINT/ },
  { name: 'periodic, SIGTERM while listing', mode: 'periodic', toAnchore: true, signals: ['SIGTERM'], when: 'listing', exit: 0, exitWithinMs: 3000, stderr: /agent stopped/ },
  { name: 'periodic, SIGINT while listing', mode: 'periodic', toAnchore: true, signals: ['SIGINT'], when: 'listing', exit: 0, exitWithinMs: 3000, stderr: /agent stopped/ },
  { name: 'periodic, SIGTERM during a POST: the POST completes, exit 0', mode: 'periodic', toAnchore: true, signals: ['SIGTERM'], when: 'post', postDelayMs: 1500, exit: 0, exitWithinMs: 6000, postCompletes: true, stderr: /agent stopped/ },
  { name: 'periodic, SIGINT during a POST: the POST completes, exit 0', mode: 'periodic', toAnchore: true, signals: ['SIGINT'], when: 'post', postDelayMs: 1500, exit: 0, exitWithinMs: 6000, postCompletes: true, stderr: /agent stopped/ },
  { name: 'periodic, SIGTERM during a POST longer than the grace period', mode: 'periodic', toAnchore: true, signals: ['SIGTERM'], when: 'post', postDelayMs: 8000, graceSeconds: 1, exit: 0, exitWithinMs: 4000, postCompletes: false, stderr: /result":"interrupted"|interrupted/ },
  { name: 'periodic, SIGTERM while idle between cycles', mode: 'periodic', toAnchore: true, signals: ['SIGTERM'], when: 'idle', exit: 0, exitWithinMs: 3000, stderr: /agent stopped/ },
  { name: 'periodic, SIGINT while idle between cycles', mode: 'periodic', toAnchore: true, signals: ['SIGINT'], when: 'idle', exit: 0, exitWithinMs: 3000, stderr: /agent stopped/ },
  { name: 'periodic, a second SIGTERM during the drain stops at once', mode: 'periodic', toAnchore: true, signals: ['SIGTERM', 'SIGTERM'], when: 'post', postDelayMs: 8000, exit: 143, exitWithinMs: 3000 },
];
