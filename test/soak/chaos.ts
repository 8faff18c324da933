/**
 * The soak's fault generator: every step, with a seeded PRNG, maybe injects one fault into the
 * fake Kubernetes API or the fake Anchore. Every fault is one kai must survive without exiting.
 */
import type { FakeAnchore } from '../fakes/anchore.ts';
import type { FakeKubeApi } from '../fakes/kube-api.ts';
import { pick } from '../faults/support.ts';

const INVENTORY = '/v2/kubernetes-inventory';

type Fault = (targets: { kube: FakeKubeApi; anchore: FakeAnchore; random: () => number; paths: readonly string[] }) => void;

const FAULTS: Readonly<Record<string, Fault>> = {
  'kube 5xx/429': ({ kube, random, paths }) => {
    kube.inject({ path: pick(random, paths), status: pick(random, [500, 503, 429]), times: 1 + Math.floor(random() * 3) });
  },
  'kube 429 Retry-After 1': ({ kube, random, paths }) => {
    kube.inject({ path: pick(random, paths), status: 429, retryAfter: '1', times: 1 });
  },
  'kube 410 mid-list': ({ kube, random, paths }) => {
    kube.inject({ path: pick(random, paths), hasContinue: true, status: 410, times: 1 });
  },
  'kube reset mid-body': ({ kube, random, paths }) => {
    kube.inject({ path: pick(random, paths), resetMidBody: true, times: 1 });
  },
  'kube truncated JSON': ({ kube, random, paths }) => {
    kube.inject({ path: pick(random, paths), truncate: true, times: 1 });
  },
  'kube hang': ({ kube, random, paths }) => {
    kube.inject({ path: pick(random, paths), hang: true, times: 1 });
  },
  'kube outage (cycle fails)': ({ kube }) => {
    kube.inject({ path: '/api/v1/namespaces', status: 503, times: 5 });
  },
  'kube latency': ({ kube, random, paths }) => {
    kube.inject({ path: pick(random, paths), latencyMs: 800, times: 2 });
  },
  'kube watches broken': ({ kube }) => {
    kube.breakWatches();
  },
  'kube watches ended': ({ kube }) => {
    kube.endWatches();
  },
  'kube watch history compacted (410 on resume)': ({ kube }) => {
    kube.state.compact();
    kube.breakWatches();
  },
  'pod added': ({ kube, random }) => {
    const namespace = pick(random, kube.state.namespaceNames());
    const template = kube.state.getPod(namespace, pick(random, kube.state.podNames(namespace)));
    if (template === undefined) return;
    const id = Math.floor(random() * 1e9).toString(36);
    const meta = template['metadata'] as Record<string, unknown>;
    kube.state.putPod({ ...template, metadata: { ...meta, name: `soak-${id}`, uid: `soak-uid-${id}` } });
  },
  'pod deleted': ({ kube, random }) => {
    const namespace = pick(random, kube.state.namespaceNames());
    const names = kube.state.podNames(namespace);
    if (names.length > 1) kube.state.deletePod({ namespace, name: pick(random, names) });
  },
  'anchore POST 5xx': ({ anchore, random }) => {
    anchore.inject({ method: 'POST', path: INVENTORY, status: pick(random, [500, 502, 503]), times: 1 + Math.floor(random() * 2) });
  },
  'anchore POST slow': ({ anchore }) => {
    anchore.inject({ method: 'POST', path: INVENTORY, delayMs: 3_000, times: 1 });
  },
  'anchore connection reset': ({ anchore }) => {
    anchore.inject({ method: 'POST', path: INVENTORY, drop: true, times: 1 });
  },
  'anchore HTML 200': ({ anchore }) => {
    anchore.inject({ method: 'POST', path: INVENTORY, status: 200, contentType: 'text/html', body: '<html>login</html>', times: 1 });
  },
  'anchore health 503': ({ anchore }) => {
    anchore.inject({ method: 'POST', path: /health-report$/, status: 503, times: 1 });
  },
  'anchore forgets the integration': ({ anchore }) => {
    anchore.forgetIntegrations();
  },
};

export interface Chaos {
  /** One step: with probability `rate`, one random fault. Returns its name, if any. */
  step(): string | undefined;
  /** How many of each fault were injected. */
  readonly counts: Readonly<Record<string, number>>;
}

export function createChaos(targets: { kube: FakeKubeApi; anchore: FakeAnchore; random: () => number; paths: readonly string[]; rate: number }): Chaos {
  const counts: Record<string, number> = {};
  const names = Object.keys(FAULTS);
  return {
    counts,
    step() {
      if (targets.random() > targets.rate) return undefined;
      const name = pick(targets.random, names);
      FAULTS[name]?.(targets);
      counts[name] = (counts[name] ?? 0) + 1;
      return name;
    },
  };
}
