// A scripted AnchoreClient for agent-loop tests on the virtual clock. It is handed to createAgent
// through its constructor parameter (no module mocking); HTTP behaviour is covered against the
// fake server in test/anchore/.
import type { AnchoreClient, InventoryPostResult, PostInventoryOptions, RegisteredIntegration } from '../../src/anchore/client.ts';
import { AnchoreRequestError, type AnchoreErrorKind } from '../../src/anchore/errors.ts';
import type { AnchoreVersion } from '../../src/anchore/version.ts';
import type { InventoryReport } from '../../src/inventory/report-types.ts';
import type { VirtualClock } from './virtual-clock.ts';

export interface Call {
  readonly kind: 'version' | 'register' | 'inventory' | 'health';
  readonly at: number;
  readonly end?: number;
  readonly account?: string;
  readonly user?: string;
  readonly body?: unknown;
  readonly uuid?: string;
  /** 'ok', 'cancelled' or the failure message. */
  readonly outcome: string;
}

export type Failure = AnchoreRequestError | undefined;
/** Decides the outcome of the n-th (0-based) call of a kind. */
export type Script = (n: number, call: { account?: string; at: number }) => Failure;

export interface ScriptedAnchoreOptions {
  readonly clock: VirtualClock;
  readonly serviceVersion?: string | (() => string);
  readonly version?: Script;
  readonly register?: Script;
  readonly inventory?: Script;
  readonly health?: Script;
  /** Virtual time an inventory POST takes. */
  readonly postMs?: number;
  readonly healthMs?: number;
}

export function anchoreError(kind: AnchoreErrorKind, status?: number, message = `${kind} ${status ?? ''}`.trim()): AnchoreRequestError {
  return new AnchoreRequestError(message, { kind, endpoint: '/test', hint: 'test', ...(status === undefined ? {} : { status }) });
}

function decide(script: Script | undefined, n: number, call: { account: string | undefined; at: number }): Failure {
  if (script === undefined) return undefined;
  return script(n, call.account === undefined ? { at: call.at } : { account: call.account, at: call.at });
}

export interface ScriptedAnchore extends AnchoreClient {
  readonly calls: Call[];
  of(kind: Call['kind']): Call[];
}

export function createScriptedAnchore(options: ScriptedAnchoreOptions): ScriptedAnchore {
  const { clock } = options;
  const calls: Call[] = [];
  const counts = { version: 0, register: 0, inventory: 0, health: 0 };
  let uuidSeq = 0;

  async function perform(kind: Call['kind'], details: Omit<Call, 'kind' | 'at' | 'outcome'>, work: { ms: number; signal: AbortSignal | undefined; script: Script | undefined }): Promise<void> {
    const at = clock.nowMs();
    const n = counts[kind]++;
    const failure = decide(work.script, n, { account: details.account, at });
    if (work.ms > 0) await clock.sleep(work.ms, work.signal ?? new AbortController().signal);
    const cancelled = work.signal?.aborted === true;
    const outcome = cancelled ? 'cancelled' : (failure?.message ?? 'ok');
    calls.push({ kind, at, end: clock.nowMs(), ...details, outcome });
    if (cancelled) throw anchoreError('Unreachable', undefined, 'request cancelled');
    if (failure !== undefined) throw failure;
  }

  return {
    account: 'admin',
    user: 'admin',
    calls,
    of: (kind) => calls.filter((c) => c.kind === kind),
    inventoryEndpoint: () => 'v2',
    async getVersion(signal): Promise<AnchoreVersion> {
      await perform('version', {}, { ms: 0, signal, script: options.version });
      const version = options.serviceVersion ?? '5.11.0';
      return { apiVersion: '2', serviceVersion: typeof version === 'string' ? version : version() };
    },
    async postInventory(report: InventoryReport, account: string, post: PostInventoryOptions = {}): Promise<InventoryPostResult> {
      const user = post.credentials?.user ?? 'admin';
      await perform('inventory', { account, user, body: report }, { ms: options.postMs ?? 0, signal: post.signal, script: options.inventory });
      return { account, endpoint: 'v2' };
    },
    async register(body, signal): Promise<RegisteredIntegration> {
      await perform('register', { body }, { ms: 0, signal, script: options.register });
      uuidSeq += 1;
      return { uuid: `uuid-${uuidSeq}`, body: {} };
    },
    async sendHealthReport(uuid, body, signal): Promise<void> {
      await perform('health', { uuid, body }, { ms: options.healthMs ?? 0, signal, script: options.health });
    },
    close: () => Promise.resolve(),
  };
}
