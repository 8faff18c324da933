/**
 * Prometheus metrics for the periodic agent. One Registry per agent, built by main.ts: nothing is
 * registered on prom-client's global default registry, so two agents (or two tests) in one process
 * never share counters.
 *
 * The observer objects match the hooks the agent, kube and anchore modules call, structurally: this
 * module imports none of them (STYLE.md dependency direction).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const CYCLE_RESULTS = ['success', 'failure'] as const;
export type CycleResult = (typeof CYCLE_RESULTS)[number];

/** What the agent loop reports after every inventory cycle. */
export interface CycleObservation {
  readonly result: CycleResult;
  readonly durationMs: number;
  readonly namespaces: number;
  readonly pods: number;
  readonly images: number;
}

/** One Kubernetes API call, as the kube client reports it. `code` is the HTTP status, or a word such as "timeout". */
export interface KubeRequestObservation {
  readonly verb: string;
  readonly resource: string;
  readonly code: number | string;
  readonly ms: number;
}

/** One Anchore API call, as the anchore client reports it. */
export interface AnchoreRequestObservation {
  readonly endpoint: string;
  readonly code: number | string;
}

/** Function properties, not methods: main.ts hands them around detached (`onRequest: metrics.kube.onRequest`). */
export interface AgentMetricsObserver {
  readonly onCycle: (observation: CycleObservation) => void;
  readonly onHealthReport: (isOk: boolean) => void;
  readonly onRegistration: (state: string) => void;
}

export interface KaiMetrics {
  readonly registry: Registry;
  /** For the agent loop (AgentObserver). */
  readonly agent: AgentMetricsObserver;
  /** For the kube client's `onRequest` hook. */
  readonly kube: { readonly onRequest: (observation: KubeRequestObservation) => void };
  /** For the anchore client's `onRequest` hook. */
  readonly anchore: { readonly onRequest: (observation: AnchoreRequestObservation) => void };
  /** The exposition text served on /metrics. */
  readonly render: () => Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Wall clock for kai_last_success_timestamp_seconds. */
  readonly now: () => Date;
  /** process_* and nodejs_* metrics from prom-client; on unless turned off. */
  readonly shouldCollectDefaults?: boolean;
}

/** Cycle duration buckets in seconds: a small cluster takes well under a second, 10k pods a few. */
const CYCLE_BUCKETS_SECONDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const REQUEST_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(options: MetricsOptions): KaiMetrics {
  const registry = new Registry();
  if (options.shouldCollectDefaults ?? true) {
    collectDefaultMetrics({ register: registry });
  }
  const agent = createAgentMetrics(registry, options.now);
  const kube = createKubeMetrics(registry);
  const anchore = createAnchoreMetrics(registry);
  return {
    registry,
    agent,
    kube,
    anchore,
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

function createAgentMetrics(registry: Registry, now: () => Date): AgentMetricsObserver {
  const registers = [registry];
  const cycles = new Counter({
    name: 'kai_inventory_cycles_total',
    help: 'Inventory cycles completed, by result.',
    labelNames: ['result'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'kai_inventory_cycle_duration_seconds',
    help: 'Wall time of one inventory cycle (collect and report).',
    buckets: CYCLE_BUCKETS_SECONDS,
    registers,
  });
  const gauges = createInventoryGauges(registers);
  const lastSuccess = new Gauge({
    name: 'kai_last_success_timestamp_seconds',
    help: 'Unix time of the last successful inventory cycle; 0 until the first one.',
    registers,
  });
  const { healthReports, registrations } = createReportCounters(registers);
  for (const result of CYCLE_RESULTS) {
    // Pre-create both series so rate() and alerts see 0 rather than "no data" before the first failure.
    cycles.inc({ result }, 0);
    healthReports.inc({ result }, 0);
  }
  return {
    onCycle: (observation) => {
      cycles.inc({ result: observation.result });
      duration.observe(observation.durationMs / 1000);
      if (observation.result === 'success') {
        gauges.namespaces.set(observation.namespaces);
        gauges.pods.set(observation.pods);
        gauges.images.set(observation.images);
        lastSuccess.set(now().getTime() / 1000);
      }
    },
    onHealthReport: (isOk) => {
      healthReports.inc({ result: isOk ? 'success' : 'failure' });
    },
    onRegistration: (state) => {
      registrations.inc({ state });
    },
  };
}

function createReportCounters(registers: Registry[]): Record<'healthReports' | 'registrations', Counter> {
  return {
    healthReports: new Counter({
      name: 'kai_health_reports_total',
      help: 'Health reports sent to Anchore, by result.',
      labelNames: ['result'] as const,
      registers,
    }),
    registrations: new Counter({
      name: 'kai_registration_events_total',
      help: 'Anchore registration outcomes, by state.',
      labelNames: ['state'] as const,
      registers,
    }),
  };
}

function createInventoryGauges(registers: Registry[]): Record<'namespaces' | 'pods' | 'images', Gauge> {
  return {
    namespaces: new Gauge({
      name: 'kai_inventory_namespaces',
      help: 'Namespaces in the last successful inventory.',
      registers,
    }),
    pods: new Gauge({ name: 'kai_inventory_pods', help: 'Pods in the last successful inventory.', registers }),
    images: new Gauge({
      name: 'kai_inventory_images',
      help: 'Unique images (tag and digest) in the last successful inventory.',
      registers,
    }),
  };
}

function createKubeMetrics(registry: Registry): KaiMetrics['kube'] {
  const requests = new Counter({
    name: 'kai_kubernetes_requests_total',
    help: 'Kubernetes API requests, by verb, resource and HTTP status (or error kind).',
    labelNames: ['verb', 'resource', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'kai_kubernetes_request_duration_seconds',
    help: 'Kubernetes API request latency, by verb and resource.',
    labelNames: ['verb', 'resource'] as const,
    buckets: REQUEST_BUCKETS_SECONDS,
    registers: [registry],
  });
  return {
    onRequest: ({ verb, resource, code, ms }) => {
      requests.inc({ verb, resource, code: String(code) });
      duration.observe({ verb, resource }, ms / 1000);
    },
  };
}

function createAnchoreMetrics(registry: Registry): KaiMetrics['anchore'] {
  const requests = new Counter({
    name: 'kai_anchore_requests_total',
    help: 'Anchore API requests, by endpoint and HTTP status (or error kind).',
    labelNames: ['endpoint', 'code'] as const,
    registers: [registry],
  });
  return {
    onRequest: ({ endpoint, code }) => {
      requests.inc({ endpoint, code: String(code) });
    },
  };
}
