/**
 * Reporting to Anchore Enterprise: once (adhoc mode with `anchore.url` set; exit 4 when any
 * account's report failed) or as the periodic agent (registration, an inventory every polling
 * interval, health reports on their own timer, /healthz /readyz /metrics, clean SIGTERM).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createAnchoreClient, type AnchoreClient } from '../anchore/client.ts';
import { createAgent } from '../agent/loop.ts';
import { failedAccountLines, reportOnce } from '../agent/report-once.ts';
import { sleep } from '../agent/sleep.ts';
import type { Config } from '../config/schema.ts';
import { toAnchoreOptions, toRegistrationOptions, toReportLimits, toRoutingInput } from '../config/slices.ts';
import { AnchoreError, UsageError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { createMetrics, type KaiMetrics } from '../ops/metrics.ts';
import { startOpsServer, type OpsServer } from '../ops/http-server.ts';
import { createOpsAgentObserver } from '../ops/agent-observer.ts';
import { createProbeTracker, type ProbeTracker } from '../ops/probe-state.ts';
import type { ClusterSelection } from './clusters.ts';
import { createInventorySource } from './inventory-source.ts';
import type { CliIo } from './io.ts';
import type { Session } from './session.ts';
import { readVersionInfo } from './version.ts';

async function openAnchore(config: Config, log: Logger, metrics: KaiMetrics | undefined): Promise<AnchoreClient> {
  const caPath = config.anchore.http.caCert;
  const caCertPem = caPath === '' ? undefined : await readFile(caPath, 'utf8');
  return createAnchoreClient(toAnchoreOptions(config, caCertPem), {
    log: log.child({ module: 'anchore' }),
    ...(metrics === undefined ? {} : { onRequest: metrics.anchore.onRequest }),
  });
}

function requireOneCluster(selection: ClusterSelection): void {
  if (selection.allContexts || selection.contexts.length > 1) {
    throw new UsageError('reporting to Anchore takes one cluster per kai', {
      hint: 'run one kai per cluster (each with its own kubeconfig.cluster name), or drop anchore.url to print a multi-cluster inventory',
    });
  }
}

/** Adhoc mode with anchore.url: collect once, post every account's batches, exit 4 on any failure. */
export async function reportToAnchoreOnce(session: Session, io: CliIo, selection: ClusterSelection): Promise<void> {
  requireOneCluster(selection);
  const { config, log } = session;
  const source = await createInventorySource(session, io, { isCached: false });
  const anchore = await openAnchore(config, log, undefined);
  try {
    const collected = await source.collect(io.signal);
    const results = await reportOnce(collected, {
      anchore,
      routing: toRoutingInput(config),
      limits: toReportLimits(config),
      log,
      now: () => new Date(),
      sleep,
      signal: io.signal,
    });
    const failed = failedAccountLines(results);
    for (const line of failed) io.stderr.write(`kai: error: inventory report not delivered to ${line}\n`);
    if (failed.length > 0) {
      throw new AnchoreError(`${failed.length} of ${results.length} Anchore accounts did not receive the inventory`, {
        hint: 'check the lines above; the agent retries on its own in periodic mode',
      });
    }
  } finally {
    await Promise.all([anchore.close(), source.close()]);
  }
}

interface Ops {
  readonly metrics: KaiMetrics;
  readonly probes: ProbeTracker;
  readonly server: OpsServer | undefined;
}

async function startOps(config: Config, log: Logger): Promise<Ops> {
  const metrics = createMetrics({ now: () => new Date() });
  const probes = createProbeTracker({
    nowMs: () => Date.now(),
    isRegistrationRequired: true,
    pollingIntervalMs: config.pollingIntervalSeconds * 1000,
  });
  const server =
    config.health.port === 0
      ? undefined
      : await startOpsServer({
          port: config.health.port,
          host: config.health.bindAddress,
          metrics,
          readiness: probes.readiness,
          liveness: probes.liveness,
          log: log.child({ module: 'ops' }),
        });
  return { metrics, probes, server };
}

/** Periodic mode with anchore.url: the agent, until SIGTERM/SIGINT; resolves (exit 0) once drained. */
export async function runAgent(session: Session, io: CliIo, selection: ClusterSelection): Promise<void> {
  requireOneCluster(selection);
  const { config, log } = session;
  const ops = await startOps(config, log);
  const source = await createInventorySource(session, io, { isCached: true, onRequest: ops.metrics.kube.onRequest });
  const anchore = await openAnchore(config, log, ops.metrics);
  try {
    const agent = createAgent({
      collect: (signal) => source.collect(signal),
      anchore,
      routing: toRoutingInput(config),
      limits: toReportLimits(config),
      registration: {
        options: toRegistrationOptions(config),
        env: io.env,
        readJson: (path, signal) => source.readJson(path, signal),
        version: (await readVersionInfo()).version,
        clusterName: config.kubeconfig.cluster,
      },
      log: log.child({ module: 'agent' }),
      now: () => new Date(),
      sleep,
      newId: randomUUID,
      pollingIntervalMs: config.pollingIntervalSeconds * 1000,
      healthIntervalMs: config.healthReportIntervalSeconds * 1000,
      graceMs: config.shutdownGraceSeconds * 1000,
      observer: createOpsAgentObserver(ops.metrics, ops.probes),
    });
    await agent.run(io.signal);
  } finally {
    await Promise.all([anchore.close(), source.close(), ops.server?.close()]);
  }
}
