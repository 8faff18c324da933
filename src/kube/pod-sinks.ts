/**
 * Where listed pods go: one sink per namespace, created by the caller's reducer. A sink sees each
 * pod view once and keeps only what its report needs (all views for the inventory shape, unique
 * images for the images-by-namespace formats), so a collection never has to hold every pod.
 */
import type { PodView } from '../inventory/model.ts';

export interface PodSink<R> {
  add(pod: PodView): void;
  /** Called once, after the namespace's last pod. */
  finish(): R;
}

/** Makes the sink of one namespace; may be called again for a namespace whose list restarted. */
export type PodReducer<R> = (namespace: string) => PodSink<R>;

export interface NamespaceResult<R> {
  readonly result: R;
  /** Pods listed in the namespace, whatever the sink kept of them. */
  readonly pods: number;
}

export interface SinkTable<R> {
  /** A fresh sink for `namespace`, replacing (dropping) any earlier one. */
  open(namespace: string): void;
  /** Adds a pod to its namespace's open sink; pods of namespaces not opened are ignored. */
  add(pod: PodView): void;
  /** The namespace's result; an empty one when it was never opened (no pods). */
  finish(namespace: string): NamespaceResult<R>;
}

export function createSinkTable<R>(reducer: PodReducer<R>): SinkTable<R> {
  const entries = new Map<string, { sink: PodSink<R>; pods: number }>();
  return {
    open(namespace) {
      entries.set(namespace, { sink: reducer(namespace), pods: 0 });
    },
    add(pod) {
      const entry = entries.get(pod.namespace);
      if (entry === undefined) return;
      entry.sink.add(pod);
      entry.pods += 1;
    },
    finish(namespace) {
      const entry = entries.get(namespace) ?? { sink: reducer(namespace), pods: 0 };
      entries.delete(namespace);
      return { result: entry.sink.finish(), pods: entry.pods };
    },
  };
}

/** The reducer that keeps every view, in list order (ClusterSnapshot.pods). */
export const keepAllPods: PodReducer<PodView[]> = () => {
  const pods: PodView[] = [];
  return {
    add: (pod) => pods.push(pod),
    finish: () => pods,
  };
};
