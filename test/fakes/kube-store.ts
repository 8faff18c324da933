/**
 * The fake API server's cluster state: namespaces, nodes and pods, a global resourceVersion, and a
 * bounded event log for watches. Generated pods are kept as (seed, index) and turned into JSON only
 * when a page is served, so 150k pods cost a few MB, not the 600 MB of their JSON.
 */
import { makeNamespace, makeNode, makePod, podNameFor, type RawObject } from './pod-factory.ts';

type PodRecord = { readonly kind: 'generated'; readonly index: number; readonly rv: number } | { readonly kind: 'raw'; readonly raw: RawObject; readonly rv: number };

interface NamespaceRecord {
  readonly raw: RawObject;
  readonly pods: Map<string, PodRecord>;
  sortedNames: string[] | undefined;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type WatchedResource = 'pods' | 'namespaces' | 'nodes';

export interface StoredEvent {
  readonly rv: number;
  readonly type: WatchEventType;
  readonly resource: WatchedResource;
  /** The pod's namespace; '' for namespaces and nodes. */
  readonly namespace: string;
  /** For MODIFIED: the object before, so selector watches can turn it into ADDED/DELETED. */
  readonly previous?: RawObject | undefined;
  readonly object: RawObject;
}

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

function metaOf(raw: RawObject): Record<string, unknown> {
  const meta = raw['metadata'];
  if (typeof meta !== 'object' || meta === null) throw new Error('fake: object without metadata');
  return meta as Record<string, unknown>;
}

function withRv(raw: RawObject, rv: number): RawObject {
  return { ...raw, metadata: { ...metaOf(raw), resourceVersion: String(rv) } };
}

export class FakeKubeStore {
  readonly seed: number;
  readonly nodeNames: string[] = [];
  readonly nodes: RawObject[] = [];
  /** Generic objects served by GET path (replicasets, deployments…). */
  readonly objects = new Map<string, RawObject>();
  /** Events older than this many are forgotten; watching from before them gets 410. */
  eventWindow = 10_000;
  private readonly namespaceMap = new Map<string, NamespaceRecord>();
  private sortedNamespaces: string[] | undefined;
  private events: StoredEvent[] = [];
  private rv = 1;
  /** The oldest resourceVersion a watch may start from. */
  private oldestWatchableRv = 1;
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  constructor(seed = 1) {
    this.seed = seed;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get podCount(): number {
    let count = 0;
    for (const ns of this.namespaceMap.values()) count += ns.pods.size;
    return count;
  }

  addNode(name: string): void {
    this.nodeNames.push(name);
    this.nodes.push(makeNode(name, this.nodes.length));
  }

  /** Adds a namespace with `podCount` generated pods. */
  addNamespace(name: string, options: { podCount?: number; labels?: Record<string, string> } = {}): void {
    const record: NamespaceRecord = { raw: makeNamespace(name, options.labels), pods: new Map(), sortedNames: undefined };
    for (let index = 0; index < (options.podCount ?? 0); index += 1) {
      record.pods.set(podNameFor(this.seed, name, index), { kind: 'generated', index, rv: 1 });
    }
    this.namespaceMap.set(name, record);
    this.sortedNamespaces = undefined;
  }

  /** Creates a namespace (no pods) or changes its labels, as a live change: emits ADDED or MODIFIED. */
  putNamespace(name: string, labels: Record<string, string> = {}): void {
    const existing = this.namespaceMap.get(name);
    this.rv += 1;
    const raw = withRv(makeNamespace(name, labels), this.rv);
    this.namespaceMap.set(name, { raw, pods: existing?.pods ?? new Map<string, PodRecord>(), sortedNames: existing?.sortedNames });
    this.sortedNamespaces = undefined;
    this.emit({ rv: this.rv, type: existing === undefined ? 'ADDED' : 'MODIFIED', resource: 'namespaces', namespace: '', object: raw, previous: existing?.raw });
  }

  /** Deletes a namespace and its pods (DELETED events for each pod, then the namespace). */
  deleteNamespace(name: string): void {
    const record = this.namespaceMap.get(name);
    if (record === undefined) throw new Error(`fake: namespace ${name} does not exist`);
    for (const podName of [...record.pods.keys()]) this.deletePod({ namespace: name, name: podName });
    this.namespaceMap.delete(name);
    this.sortedNamespaces = undefined;
    this.rv += 1;
    this.emit({ rv: this.rv, type: 'DELETED', resource: 'namespaces', namespace: '', object: withRv(record.raw, this.rv) });
  }

  namespaceNames(): string[] {
    this.sortedNamespaces ??= [...this.namespaceMap.keys()].sort();
    return this.sortedNamespaces;
  }

  getNamespace(name: string): RawObject | undefined {
    return this.namespaceMap.get(name)?.raw;
  }

  podNames(namespace: string): string[] {
    const record = this.namespaceMap.get(namespace);
    if (record === undefined) return [];
    record.sortedNames ??= [...record.pods.keys()].sort();
    return record.sortedNames;
  }

  getPod(namespace: string, name: string): RawObject | undefined {
    const record = this.namespaceMap.get(namespace)?.pods.get(name);
    if (record === undefined) return undefined;
    if (record.kind === 'raw') return record.raw;
    return makePod({ seed: this.seed, namespace, index: record.index, nodeNames: this.nodeNames, resourceVersion: String(record.rv) });
  }

  /** Adds or replaces a pod (its namespace must exist); emits ADDED or MODIFIED. */
  putPod(raw: RawObject): RawObject {
    const meta = metaOf(raw);
    const namespace = String(meta['namespace']);
    const name = String(meta['name']);
    const record = this.namespaceMap.get(namespace);
    if (record === undefined) throw new Error(`fake: namespace ${namespace} does not exist`);
    const previous = this.getPod(namespace, name);
    this.rv += 1;
    const stored = withRv(raw, this.rv);
    record.pods.set(name, { kind: 'raw', raw: stored, rv: this.rv });
    if (previous === undefined) record.sortedNames = undefined;
    this.emit({ rv: this.rv, type: previous === undefined ? 'ADDED' : 'MODIFIED', resource: 'pods', namespace, object: stored, previous });
    return stored;
  }

  /** Applies `change` to a copy of the pod and stores it (MODIFIED). */
  updatePod(ref: PodRef, change: (pod: RawObject) => RawObject): RawObject {
    const current = this.getPod(ref.namespace, ref.name);
    if (current === undefined) throw new Error(`fake: pod ${ref.namespace}/${ref.name} does not exist`);
    return this.putPod(change(structuredClone(current)));
  }

  deletePod(ref: PodRef): void {
    const current = this.getPod(ref.namespace, ref.name);
    const record = this.namespaceMap.get(ref.namespace);
    if (current === undefined || record === undefined) throw new Error(`fake: pod ${ref.namespace}/${ref.name} does not exist`);
    record.pods.delete(ref.name);
    record.sortedNames = undefined;
    this.rv += 1;
    this.emit({ rv: this.rv, type: 'DELETED', resource: 'pods', namespace: ref.namespace, object: withRv(current, this.rv) });
  }

  /** Forgets every event so far: a watch from any earlier resourceVersion gets 410 Gone. */
  compact(): void {
    this.events = [];
    this.oldestWatchableRv = this.rv;
  }

  /** Events after `rv`, or undefined when `rv` is too old to replay. */
  eventsSince(rv: number): StoredEvent[] | undefined {
    if (rv < this.oldestWatchableRv) return undefined;
    return this.events.filter((e) => e.rv > rv);
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoredEvent): void {
    this.events.push(event);
    if (this.events.length > this.eventWindow) {
      const dropped = this.events.splice(0, this.events.length - this.eventWindow);
      this.oldestWatchableRv = dropped[dropped.length - 1]?.rv ?? this.oldestWatchableRv;
    }
    for (const listener of this.listeners) listener(event);
  }
}

/** `app=web,tier!=db,team==x`: the equality subset of label selectors. */
export function matchesLabelSelector(raw: RawObject, selector: string): boolean {
  if (selector === '') return true;
  const labels = (metaOf(raw)['labels'] ?? {}) as Record<string, string>;
  return selector.split(',').every((term) => {
    const negated = /^([^!=]+)!=(.*)$/.exec(term.trim());
    if (negated) return labels[negated[1] ?? ''] !== negated[2];
    const equal = /^([^=]+)==?(.*)$/.exec(term.trim());
    if (equal) return labels[equal[1] ?? ''] === equal[2];
    return term.trim() in labels;
  });
}
