/**
 * The benchmark's simulated cluster: N realistic pods spread over M namespaces, rendered on demand
 * from a small set of pod templates built by test/fakes/pod-factory.ts. Rendering is string
 * concatenation (about a microsecond per pod), so the server is never the bottleneck it would be
 * if every pod were built and stringified (about 40 µs each): 150k pods never exist as objects or
 * as one JSON text, and the numbers measure the client, not the fake.
 */
import { imageIdFor, makeNamespace, makeNode, makePod, type RawObject } from '../test/fakes/pod-factory.ts';

export interface ClusterSize {
  /** Short label for tables and results, e.g. `10k/100ns`. */
  readonly label: string;
  readonly pods: number;
  readonly namespaces: number;
  /** Added before every answer of the simulated server. */
  readonly latencyMs: number;
}

/** A pod the simulation changed after the start (steady-state measurements). */
interface PodOverride {
  readonly json: string;
  readonly rv: number;
}

const SEED = 7;
/** Prime, so the variant picked for (namespace, pod) does not line up with namespace sizes. */
const VARIANTS = 97;
const PODS_PER_NODE = 110;
const TEAMS = ['payments', 'search', 'platform', 'data', 'web', 'ml', 'edge'] as const;
const STAGES = ['prod', 'staging', 'dev'] as const;
const MARK = /@@(NS|NAME|SER|RV)@@/;

type Mark = 'NS' | 'NAME' | 'SER' | 'RV';

/** A serialized pod split at its per-pod fields: literal, mark, literal, mark, …, literal. */
interface PodTemplate {
  readonly literals: readonly string[];
  readonly marks: readonly Mark[];
  /** The template's pod name: per-pod names are `${baseName}-${index in base 36}`. */
  readonly baseName: string;
  readonly raw: RawObject;
}

function record(value: unknown): Record<string, unknown> {
  return value as Record<string, unknown>;
}

function statusEntries(status: Record<string, unknown>): Record<string, unknown>[] {
  const init = (status['initContainerStatuses'] ?? []) as Record<string, unknown>[];
  const regular = (status['containerStatuses'] ?? []) as Record<string, unknown>[];
  return [...init, ...regular];
}

/** Builds variant `index` and puts marks where every pod differs: namespace, name, ids, rv. */
function buildTemplate(index: number, nodeNames: readonly string[]): PodTemplate {
  const raw = makePod({ seed: SEED, namespace: '@@NS@@', index, nodeNames, resourceVersion: '@@RV@@' });
  const meta = record(raw['metadata']);
  const baseName = String(meta['name']);
  meta['name'] = '@@NAME@@';
  meta['uid'] = '@@SER@@-0000-4000-a000-000000000000';
  for (const entry of statusEntries(record(raw['status']))) {
    if (typeof entry['containerID'] === 'string') entry['containerID'] = `containerd://@@SER@@${entry['containerID'].slice(-48)}`;
  }
  const pieces = JSON.stringify(raw).split(MARK);
  const literals = pieces.filter((_, i) => i % 2 === 0);
  const marks = pieces.filter((_, i) => i % 2 === 1) as Mark[];
  return { literals, marks, baseName, raw };
}

function mixIndex(nsIndex: number, podIndex: number): number {
  let h = Math.imul(nsIndex + 1, 0x9e3779b1) ^ Math.imul(podIndex + 1, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae3d);
  return (h ^ (h >>> 13)) >>> 0;
}

function namespaceName(index: number): string {
  const team = TEAMS[index % TEAMS.length] ?? 'team';
  const stage = STAGES[Math.floor(index / TEAMS.length) % STAGES.length] ?? 'prod';
  return `${team}-${stage}-${String(index).padStart(5, '0')}`;
}

export class SimCluster {
  readonly size: ClusterSize;
  readonly namespaceNames: readonly string[];
  readonly namespaceJson: readonly string[];
  readonly nodeJson: readonly string[];
  readonly templates: readonly PodTemplate[];
  /** Global resourceVersion; bumped by every change. */
  resourceVersion = 1;
  private readonly firstPodSerial: readonly number[];
  private readonly overrides = new Map<string, PodOverride>();

  constructor(size: ClusterSize) {
    this.size = size;
    this.namespaceNames = Array.from({ length: size.namespaces }, (_, i) => namespaceName(i));
    this.namespaceJson = this.namespaceNames.map((name) => JSON.stringify({ kind: 'Namespace', apiVersion: 'v1', ...makeNamespace(name) }));
    const nodeNames = Array.from({ length: Math.max(3, Math.ceil(size.pods / PODS_PER_NODE)) }, (_, i) => `node-${String(i).padStart(4, '0')}`);
    this.nodeJson = nodeNames.map((name, i) => JSON.stringify(makeNode(name, i)));
    this.templates = Array.from({ length: VARIANTS }, (_, i) => buildTemplate(i, nodeNames));
    const serials: number[] = [];
    let next = 0;
    for (let i = 0; i < size.namespaces; i += 1) {
      serials.push(next);
      next += this.podCount(i);
    }
    this.firstPodSerial = serials;
  }

  /** Pods of namespace `nsIndex`: an even split, the first namespaces taking the remainder. */
  podCount(nsIndex: number): number {
    const base = Math.floor(this.size.pods / this.size.namespaces);
    return base + (nsIndex < this.size.pods % this.size.namespaces ? 1 : 0);
  }

  variantOf(nsIndex: number, podIndex: number): number {
    return mixIndex(nsIndex, podIndex) % VARIANTS;
  }

  podName(nsIndex: number, podIndex: number): string {
    const template = this.templates[this.variantOf(nsIndex, podIndex)];
    return `${template?.baseName ?? 'pod'}-${podIndex.toString(36)}`;
  }

  /** The JSON of one pod, as a list page or a watch event carries it. */
  renderPod(nsIndex: number, podIndex: number): string {
    const override = this.overrides.get(`${nsIndex}/${podIndex}`);
    if (override !== undefined) return override.json;
    const template = this.templates[this.variantOf(nsIndex, podIndex)];
    if (template === undefined) throw new Error(`sim: no template for pod ${nsIndex}/${podIndex}`);
    const serial = ((this.firstPodSerial[nsIndex] ?? 0) + podIndex).toString(16).padStart(8, '0');
    const values: Record<Mark, string> = {
      NS: this.namespaceNames[nsIndex] ?? '',
      NAME: `${template.baseName}-${podIndex.toString(36)}`,
      SER: serial,
      RV: '1',
    };
    let out = template.literals[0] ?? '';
    for (let i = 0; i < template.marks.length; i += 1) out += values[template.marks[i] ?? 'NS'] + (template.literals[i + 1] ?? '');
    return out;
  }

  /**
   * Replaces pod (nsIndex, podIndex) with one whose app container runs `image`; returns the new
   * pod JSON for watch events. Later list pages serve the changed pod too.
   */
  changePodImage(ref: { nsIndex: number; podIndex: number }, image: string): string {
    this.resourceVersion += 1;
    const pod = JSON.parse(this.renderPod(ref.nsIndex, ref.podIndex)) as Record<string, unknown>;
    const spec = record(pod['spec']);
    const status = record(pod['status']);
    status['phase'] = 'Running';
    for (const c of (spec['containers'] ?? []) as Record<string, unknown>[]) if (c['name'] === 'app') c['image'] = image;
    for (const c of (status['containerStatuses'] ?? []) as Record<string, unknown>[]) {
      // A started container: a pending one has no containerID, and reports leave such containers out.
      const containerID = typeof c['containerID'] === 'string' ? c['containerID'] : `containerd://${this.resourceVersion.toString(16).padStart(64, '0')}`;
      if (c['name'] === 'app') Object.assign(c, { image, imageID: imageIdFor(image), containerID, started: true, ready: true });
    }
    record(pod['metadata'])['resourceVersion'] = String(this.resourceVersion);
    const json = JSON.stringify(pod);
    this.overrides.set(`${ref.nsIndex}/${ref.podIndex}`, { json, rv: this.resourceVersion });
    return json;
  }

  /** The parsed pods whose JSON was changed, for computing the expected report. */
  changedPods(): { nsIndex: number; podIndex: number; raw: unknown }[] {
    return [...this.overrides.entries()].map(([key, o]) => {
      const [ns = '0', pod = '0'] = key.split('/');
      return { nsIndex: Number(ns), podIndex: Number(pod), raw: JSON.parse(o.json) as unknown };
    });
  }
}
