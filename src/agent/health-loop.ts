/**
 * The health-report timer (SPEC section 5): first report right after registration, then one every
 * health-report interval, independent of inventory cycles so a slow inventory never delays one.
 * When Anchore has forgotten the integration (404), kai registers again and resends.
 */
import { AnchoreRequestError } from '../anchore/errors.ts';
import { createFailureLog, type FailureLog } from './failure-log.ts';
import { tryRegister } from './registration.ts';
import { registrationDeps, type Runtime } from './runtime.ts';

/** Registers when not registered (Anchore forgot us, or was upgraded past 5.11); the uuid or undefined. */
async function ensureRegistered(rt: Runtime, failures: FailureLog): Promise<string | undefined> {
  if (rt.uuid !== undefined) return rt.uuid;
  const outcome = await tryRegister(registrationDeps(rt));
  if (outcome.state === 'registered') {
    rt.uuid = outcome.uuid;
    rt.deps.observer?.onRegistration?.('registered');
    failures.succeeded();
    return outcome.uuid;
  }
  if (outcome.state === 'failed' && !rt.stop.aborted) failures.failed(new Error(outcome.error));
  return undefined;
}

async function sendReport(rt: Runtime, context: { uuid: string; failures: FailureLog }): Promise<'sent' | 'forgotten' | 'failed'> {
  const { deps } = rt;
  const body = rt.tracker.take({
    id: deps.newId(),
    now: deps.now(),
    startedAt: rt.startedAt,
    healthIntervalMs: deps.healthIntervalMs,
    pollingIntervalMs: deps.pollingIntervalMs,
  });
  try {
    await deps.anchore.sendHealthReport(context.uuid, body, rt.cancel);
    deps.observer?.onHealthReport?.(true);
    context.failures.succeeded();
    deps.log.debug({ uuid: body.uuid, errors: body.health_data.errors.length }, 'health report sent');
    return 'sent';
  } catch (error) {
    rt.tracker.restore(body);
    deps.observer?.onHealthReport?.(false);
    if (error instanceof AnchoreRequestError && error.status === 404 && !rt.stop.aborted) return 'forgotten';
    if (!rt.stop.aborted) context.failures.failed(error);
    return 'failed';
  }
}

export async function healthTick(rt: Runtime, failures: { health: FailureLog; registration: FailureLog }): Promise<void> {
  const uuid = await ensureRegistered(rt, failures.registration);
  if (uuid === undefined) return;
  const outcome = await sendReport(rt, { uuid, failures: failures.health });
  if (outcome !== 'forgotten') return;
  rt.deps.log.warn({ uuid }, 'Anchore no longer knows this integration (404): registering again');
  rt.uuid = undefined;
  const newUuid = await ensureRegistered(rt, failures.registration);
  if (newUuid !== undefined) await sendReport(rt, { uuid: newUuid, failures: failures.health });
}

export async function healthLoop(rt: Runtime): Promise<void> {
  const { deps } = rt;
  const failures = {
    health: createFailureLog(deps.log, 'sending the health report'),
    registration: createFailureLog(deps.log, 'registering with Anchore'),
  };
  // Unregistered (Enterprise < 5.11): the first check waits an interval; the inventory goes first.
  if (rt.uuid === undefined) await deps.sleep(deps.healthIntervalMs, rt.stop);
  while (!rt.stop.aborted) {
    const startedMs = deps.now().getTime();
    await healthTick(rt, failures);
    const elapsedMs = deps.now().getTime() - startedMs;
    await deps.sleep(Math.max(0, deps.healthIntervalMs - elapsedMs), rt.stop);
  }
}
