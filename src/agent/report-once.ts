/**
 * Adhoc posting (issue 4): post every account's batches once, with the same routing, batching and
 * retries as the agent, and return per-account results. The CLI exits 4 when any account failed,
 * printing `failedAccountLines(results)`, one line per failed account.
 */
import { deliverInventory, type AccountDelivery, type CollectResult, type DeliveryDeps } from './deliver.ts';

/** How long adhoc posting keeps retrying transient failures before giving up. */
export const ADHOC_RETRY_BUDGET_MS = 60_000;

/** The agent's delivery dependencies, plus what one adhoc run adds. */
export interface ReportOnceDeps extends DeliveryDeps {
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
