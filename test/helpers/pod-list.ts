/**
 * Test-only mapping of a raw `kubectl get pods -o json` list to PodViews, so the pure core's
 * golden tests can run on examples/pods.json. The production mapper is src/kube/to-model.ts.
 */
import { readFileSync } from 'node:fs';
import type { ContainerKind, ContainerView, PodView } from '../../src/inventory/model.ts';

interface RawContainer { name: string; image?: string }
interface RawStatus { name: string; image?: string; imageID?: string; containerID?: string }
interface RawPod {
  metadata: { uid?: string; name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { nodeName?: string; containers?: RawContainer[]; initContainers?: RawContainer[]; ephemeralContainers?: RawContainer[] };
  status?: {
    phase?: string;
    containerStatuses?: RawStatus[];
    initContainerStatuses?: RawStatus[];
    ephemeralContainerStatuses?: RawStatus[];
  };
}

function joinContainers(kind: ContainerKind, specs: RawContainer[] = [], statuses: RawStatus[] = []): ContainerView[] {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const views: ContainerView[] = specs.map((c) => {
    const s = byName.get(c.name);
    byName.delete(c.name);
    return { name: c.name, kind, specImage: c.image, statusImage: s?.image, imageId: s?.imageID || undefined, containerId: s?.containerID || undefined };
  });
  for (const s of byName.values()) {
    views.push({ name: s.name, kind, specImage: undefined, statusImage: s.image, imageId: s.imageID || undefined, containerId: s.containerID || undefined });
  }
  return views;
}

export function toPodView(raw: RawPod): PodView {
  return {
    uid: raw.metadata.uid ?? '',
    name: raw.metadata.name,
    namespace: raw.metadata.namespace,
    phase: raw.status?.phase ?? '',
    nodeName: raw.spec.nodeName,
    labels: raw.metadata.labels ?? {},
    annotations: raw.metadata.annotations ?? {},
    containers: [
      ...joinContainers('init', raw.spec.initContainers, raw.status?.initContainerStatuses),
      ...joinContainers('regular', raw.spec.containers, raw.status?.containerStatuses),
      ...joinContainers('ephemeral', raw.spec.ephemeralContainers, raw.status?.ephemeralContainerStatuses),
    ],
  };
}

export function loadExamplePods(path = new URL('../../examples/pods.json', import.meta.url)): PodView[] {
  const list = JSON.parse(readFileSync(path, 'utf8')) as { items: RawPod[] };
  return list.items.map(toPodView);
}
