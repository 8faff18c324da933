/**
 * Delivery of one collected inventory: route to accounts, batch, POST each batch with retries on
 * transient failures (bounded by a deadline), and describe every batch for the health report.
 */
import type { AnchoreClient, InventoryPostResult } from '../anchore/client.ts';
import { isTransient } from '../anchore/errors.ts';
import { defaultAccountOf, routeByAccount, type AccountReport, type NamespaceLabels, type RoutingInput } from '../inventory/account-routing.ts';
import { batchInventory, type ReportLimits } from '../inventory/batch.ts';
import type { InventoryReport } from '../inventory/report-types.ts';
import type { Logger } from '../log/logger.ts';
import { backoffDelayMs, DELIVERY_BACKOFF, DELIVERY_MAX_ATTEMPTS, type BackoffPolicy, type Sleep } from './backoff.ts';
import { messageOf } from './failure-log.ts';
import { formatTimestamp, type AccountReportInfo, type BatchInfo } from './health.ts';

/** What `collect` hands the agent: the report, and the namespaces' full labels for label routing. */
export interface CollectResult {
  readonly report: InventoryReport;
  readonly namespaceLabels?: NamespaceLabels;
}

export interface DeliveryDeps {
  readonly anchore: AnchoreClient;
  readonly routing: RoutingInput;
  readonly limits: ReportLimits;
  readonly log: Logger;
  readonly now: () => Date;
  readonly sleep: Sleep;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  readonly maxAttempts?: number;
}

export interface DeliveryControl {
  /** No retry is scheduled past this instant (epoch ms): the next cycle is due. */
  readonly deadlineMs: number;
  /** Aborted on shutdown: no new batch or retry starts. */
  readonly stop: AbortSignal;
  /** Aborted when the shutdown grace period is over: the in-flight POST is cancelled. */
  readonly cancel: AbortSignal;
}

export interface AccountDelivery {
  /** The account the routing chose. */
  readonly account: string;
  readonly isOk: boolean;
  /** One entry per failed batch (`batch 2/3: …` when there are several). */
  readonly errors: readonly string[];
  readonly info: AccountReportInfo;
}

interface BatchOutcome {
  readonly info: BatchInfo;
  readonly error?: string;
}

function postTarget(account: string, routed: AccountReport, deps: DeliveryDeps): { user: string; options: Parameters<AnchoreClient['postInventory']>[2] } {
  const fallbackAccount = defaultAccountOf(deps.routing);
  const fallbackRoute = deps.routing.routes[fallbackAccount];
  const credentials = routed.user === undefined ? undefined : { user: routed.user, password: routed.password ?? '' };
  const fallback = {
    account: fallbackAccount,
    ...(fallbackRoute === undefined ? {} : { credentials: { user: fallbackRoute.user, password: fallbackRoute.password } }),
  };
  return { user: credentials?.user ?? deps.anchore.user, options: { fallback, ...(credentials === undefined ? {} : { credentials }) } };
}

interface Run {
  readonly deps: DeliveryDeps;
  readonly control: DeliveryControl;
}

const isStopped = (control: DeliveryControl): boolean => control.stop.aborted;

/** Whether a failed attempt may be retried: transient, attempts left, before the deadline, not stopping. */
function retryDelayMs(error: unknown, attempt: number, run: Run): number | undefined {
  const { deps, control } = run;
  const delay = backoffDelayMs(attempt, deps.backoff ?? DELIVERY_BACKOFF, deps.random ?? Math.random);
  const isPastDeadline = deps.now().getTime() + delay >= control.deadlineMs;
  const canRetry = isTransient(error) && attempt < (deps.maxAttempts ?? DELIVERY_MAX_ATTEMPTS) && !isPastDeadline;
  return canRetry && !isStopped(control) ? delay : undefined;
}

/** POSTs one batch, retrying connection errors, timeouts, 429 and 5xx while the deadline allows. */
async function postWithRetry(post: (signal: AbortSignal) => Promise<InventoryPostResult>, run: Run): Promise<InventoryPostResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await post(run.control.cancel);
    } catch (error) {
      const delay = retryDelayMs(error, attempt, run);
      if (delay === undefined) throw error;
      run.deps.log.debug({ attempt, retryInMs: delay, error: messageOf(error) }, 'inventory POST failed; retrying');
      await run.deps.sleep(delay, run.control.stop);
      if (isStopped(run.control)) throw error;
    }
  }
}

const STOPPING = 'not sent: kai is stopping';

async function sendBatch(batch: InventoryReport, context: { account: string; routed: AccountReport; index: number }, run: Run): Promise<BatchOutcome> {
  const { deps } = run;
  const info = { batch_index: context.index, send_timestamp: formatTimestamp(deps.now()) };
  if (isStopped(run.control)) return { info: { ...info, error: STOPPING }, error: STOPPING };
  const { options } = postTarget(context.account, context.routed, deps);
  try {
    const result = await postWithRetry((signal) => deps.anchore.postInventory(batch, context.account, { ...options, signal }), run);
    if (result.accountMissing === undefined) return { info };
    // Delivered, but to the default account: the Go agent records this on the batch too.
    return { info: { ...info, error: `${result.accountMissing.message}; sent to account "${result.account}" instead` } };
  } catch (error) {
    return { info: { ...info, error: messageOf(error) }, error: messageOf(error) };
  }
}

async function deliverAccount(account: string, routed: AccountReport, run: Run): Promise<AccountDelivery> {
  const batches = batchInventory(routed.report, run.deps.limits);
  const outcomes: BatchOutcome[] = [];
  for (const [i, batch] of batches.entries()) {
    outcomes.push(await sendBatch(batch, { account, routed, index: i + 1 }, run));
  }
  const lastOk = outcomes.reduce((last, o, i) => (o.error === undefined ? i + 1 : last), -1);
  const label = (o: BatchOutcome): string => (batches.length > 1 ? `batch ${o.info.batch_index}/${batches.length}: ` : '');
  const errors = outcomes.flatMap((o) => (o.error === undefined ? [] : [`${label(o)}${o.error}`]));
  const info: AccountReportInfo = {
    report_timestamp: routed.report.timestamp,
    account_name: account,
    sent_as_user: postTarget(account, routed, run.deps).user,
    batch_size: batches.length,
    last_successful_index: lastOk,
    has_errors: outcomes.some((o) => o.info.error !== undefined),
    batches: outcomes.map((o) => o.info),
  };
  return { account, isOk: errors.length === 0, errors, info };
}

/** Delivers one inventory to every routed account, one account after the other. */
export async function deliverInventory(collected: CollectResult, deps: DeliveryDeps, control: DeliveryControl): Promise<AccountDelivery[]> {
  const routed = routeByAccount(collected.report, deps.routing, collected.namespaceLabels ?? {});
  const results: AccountDelivery[] = [];
  for (const [account, accountReport] of routed) {
    results.push(await deliverAccount(account, accountReport, { deps, control }));
  }
  return results;
}

/** One line per failed account (`account "x": …`), as the CLI prints them before exiting 4. */
export function failedAccountLines(results: readonly AccountDelivery[]): string[] {
  return results.filter((r) => !r.isOk).map((r) => `account "${r.account}": ${r.errors.join('; ')}`);
}

/** Distinct images (tag + digest) in a report, for the per-cycle log line and metrics. */
export function countImages(report: InventoryReport): number {
  return new Set(report.containers.map((c) => `${c.image_tag}@${c.image_digest}`)).size;
}
