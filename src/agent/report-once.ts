/**
 * Adhoc posting (issue 4): post every account's batches once, with the same routing, batching and
 * retries as the agent, and return per-account results. The CLI exits 4 when any account failed,
 * printing `failedAccountLines(results)`, one line per failed account.
 */
import type { AnchoreClient } from '../anchore/client.ts';
import type { RoutingInput } from '../inventory/account-routing.ts';
import type { ReportLimits } from '../inventory/batch.ts';
import type { Logger } from '../log/logger.ts';
import type { Sleep } from './backoff.ts';
import { deliverInventory, type AccountDelivery, type CollectResult } from './deliver.ts';

/** How long adhoc posting keeps retrying transient failures before giving up. */
export const ADHOC_RETRY_BUDGET_MS = 60_000;

export interface ReportOnceDeps {
  readonly anchore: AnchoreClient;
  readonly routing: RoutingInput;
  readonly limits: ReportLimits;
  readonly log: Logger;
  readonly now: () => Date;
  readonly sleep: Sleep;
  readonly random?: () => number;
  /** SIGTERM/SIGINT: no new batch or retry starts, and the in-flight POST is cancelled. */
  readonly signal?: AbortSignal;
  readonly retryBudgetMs?: number;
}

export async function reportOnce(collected: CollectResult, deps: ReportOnceDeps): Promise<AccountDelivery[]> {
  const stop = deps.signal ?? new AbortController().signal;
  const deadlineMs = deps.now().getTime() + (deps.retryBudgetMs ?? ADHOC_RETRY_BUDGET_MS);
  const results = await deliverInventory(collected, { ...deps, random: deps.random ?? Math.random }, { deadlineMs, stop, cancel: stop });
  for (const result of results) {
    const fields = { account: result.account, batches: result.info.batch_size };
    if (result.isOk) deps.log.info(fields, 'inventory report delivered to Anchore');
    else deps.log.debug({ ...fields, errors: result.errors }, 'inventory report not delivered');
  }
  return results;
}

export { failedAccountLines } from './deliver.ts';
