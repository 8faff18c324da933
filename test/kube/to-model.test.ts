import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import type { ContainerView } from '../../src/inventory/model.ts';
import { compileMetadataFilter, parsePodList, toNamespaceView, toNodeView, toPodView } from '../../src/kube/to-model.ts';
import { stringify } from 'yaml';
import { makePod, makeNamespace, makeNode } from '../fakes/pod-factory.ts';

function container(overrides: Partial<ContainerView>): ContainerView {
  return { name: 'app', kind: 'regular', specImage: undefined, statusImage: undefined, imageId: undefined, containerId: undefined, ...overrides };
}

const DIGEST = 'sha256:2b7412e6465c3c7fc5bb21d3e6f1917c167358449fecac8176c6e496e5c1f05f';

describe('toPodView joins spec containers with their status by name', () => {
  it.each([
    {
      name: 'spec and status',
      pod: {
        spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
        status: { containerStatuses: [{ name: 'app', image: 'docker.io/library/nginx:1.25', imageID: `docker-pullable://nginx@${DIGEST}`, containerID: 'containerd://abc' }] },
      },
      want: [container({ specImage: 'nginx:1.25', statusImage: 'docker.io/library/nginx:1.25', imageId: `docker-pullable://nginx@${DIGEST}`, containerId: 'containerd://abc' })],
    },
    {
      name: 'statuses in another order',
      pod: {
        spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] },
        status: { containerStatuses: [{ name: 'b', imageID: 'b-id' }, { name: 'a', imageID: 'a-id' }] },
      },
      want: [container({ name: 'a', specImage: 'a:1', imageId: 'a-id' }), container({ name: 'b', specImage: 'b:1', imageId: 'b-id' })],
    },
    {
      name: 'no status yet (pending)',
      pod: { spec: { containers: [{ name: 'app', image: 'redis' }] }, status: { phase: 'Pending' } },
      want: [container({ specImage: 'redis' })],
    },
    {
      name: 'empty imageID and containerID are absent',
      pod: { spec: { containers: [{ name: 'app', image: 'redis' }] }, status: { containerStatuses: [{ name: 'app', image: 'redis', imageID: '', containerID: '' }] } },
      want: [container({ specImage: 'redis', statusImage: 'redis' })],
    },
    {
      name: 'a status with no spec entry',
      pod: { spec: { containers: [] }, status: { containerStatuses: [{ name: 'ghost', image: 'ghost:1', imageID: 'ghost-id' }] } },
      want: [container({ name: 'ghost', statusImage: 'ghost:1', imageId: 'ghost-id' })],
    },
    {
      name: 'init, regular and ephemeral containers, in that order',
      pod: {
        spec: {
          containers: [{ name: 'app', image: 'app:1' }],
          initContainers: [{ name: 'migrate', image: 'migrate:2' }],
          ephemeralContainers: [{ name: 'debugger', image: 'busybox' }],
        },
        status: {
          initContainerStatuses: [{ name: 'migrate', imageID: 'm-id', containerID: 'containerd://m' }],
          ephemeralContainerStatuses: [{ name: 'debugger', imageID: 'd-id' }],
        },
      },
      want: [
        container({ name: 'migrate', kind: 'init', specImage: 'migrate:2', imageId: 'm-id', containerId: 'containerd://m' }),
        container({ name: 'app', specImage: 'app:1' }),
        container({ name: 'debugger', kind: 'ephemeral', specImage: 'busybox', imageId: 'd-id' }),
      ],
    },
    { name: 'no spec at all', pod: {}, want: [] },
    { name: 'garbage in the lists', pod: { spec: { containers: 'nope', initContainers: [null, 3] } }, want: [container({ name: '', kind: 'init' }), container({ name: '', kind: 'init' })] },
  ])('$name', ({ pod, want }) => {
    expect(toPodView(pod).containers).toEqual(want);
  });

  it('maps the pod fields', () => {
    const raw = makePod({ seed: 3, namespace: 'apps', index: 7, nodeNames: ['node-a'] });
    const view = toPodView(raw);
    const meta = raw['metadata'] as { uid: string; name: string };
    expect(view).toMatchObject({ uid: meta.uid, name: meta.name, namespace: 'apps' });
    expect(['Running', 'Pending', 'Succeeded', 'Failed']).toContain(view.phase);
    expect(view.labels).toHaveProperty('app');
    expect(view.containers.length).toBeGreaterThan(0);
  });

  it('defaults missing fields', () => {
    expect(toPodView(null)).toEqual({ uid: '', name: '', namespace: '', phase: '', nodeName: undefined, labels: {}, annotations: {}, containers: [] });
  });
});

describe('metadata filters', () => {
  const raw = { metadata: { name: 'x', labels: { app: 'web', 'team.example.com/owner': 'a', tier: 'db' }, annotations: { 'prometheus.io/scrape': 'true', note: 'n' } } };

  it.each([
    { name: 'empty lists keep all', filter: { includeLabels: [], includeAnnotations: [], disable: false }, labels: ['app', 'team.example.com/owner', 'tier'], annotations: ['prometheus.io/scrape', 'note'] },
    { name: 'unanchored regexes on the key', filter: { includeLabels: ['team', '^app$'], includeAnnotations: ['scrape'], disable: false }, labels: ['app', 'team.example.com/owner'], annotations: ['prometheus.io/scrape'] },
    { name: 'disable keeps none', filter: { includeLabels: ['app'], includeAnnotations: [], disable: true }, labels: [], annotations: [] },
  ])('$name', ({ filter, labels, annotations }) => {
    const compiled = compileMetadataFilter(filter);
    for (const view of [toPodView(raw, compiled), toNamespaceView(raw, compiled), toNodeView(raw, compiled)]) {
      expect(Object.keys(view.labels)).toEqual(labels);
      expect(Object.keys(view.annotations)).toEqual(annotations);
    }
  });

  it('an invalid regex is a config error (exit 2) naming it', () => {
    const compile = (): unknown => compileMetadataFilter({ includeLabels: ['(oops'], includeAnnotations: [], disable: false });
    expect(compile).toThrow(/metadata-collection\.include-labels\[0\]: expected a valid regular expression, got "\(oops"/);
    expect(compile).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('namespace and node views', () => {
  it('maps a namespace', () => {
    expect(toNamespaceView(makeNamespace('apps', { tier: 'gold' }))).toMatchObject({ name: 'apps', labels: { tier: 'gold', 'kubernetes.io/metadata.name': 'apps' } });
  });

  it('maps a node', () => {
    expect(toNodeView(makeNode('node-3', 3))).toMatchObject({
      name: 'node-3',
      arch: 'arm64',
      containerRuntimeVersion: 'containerd://1.7.11',
      kernelVersion: '6.1.0-17-cloud-amd64',
      kubeletVersion: 'v1.29.1',
      operatingSystem: 'linux',
    });
  });
});

describe('parsePodList', () => {
  const bare = [0, 1, 2].map((index) => makePod({ seed: 5, namespace: 'apps', index }));
  const pods = bare.map((pod) => ({ apiVersion: 'v1', kind: 'Pod', ...pod }));
  const names = bare.map((p) => (p['metadata'] as { name: string }).name);
  const list = { apiVersion: 'v1', kind: 'List', items: pods, metadata: { resourceVersion: '' } };
  const podList = { apiVersion: 'v1', kind: 'PodList', items: bare, metadata: {} };

  it.each([
    { name: 'JSON v1/List (kubectl get pods -A -o json)', text: JSON.stringify(list), want: names },
    { name: 'YAML v1/List (kubectl get pods -A -o yaml)', text: stringify(list), want: names },
    { name: 'JSON PodList (items without kind)', text: JSON.stringify(podList), want: names },
    { name: 'a single Pod', text: JSON.stringify(pods[0]), want: names.slice(0, 1) },
    { name: 'several YAML documents', text: `${stringify(pods[0])}---\n${stringify(pods[1])}`, want: names.slice(0, 2) },
    { name: 'an empty List', text: '{"kind":"List","apiVersion":"v1","items":[]}', want: [] },
    { name: 'a mixed List keeps the pods', text: JSON.stringify({ ...list, items: [...pods, { kind: 'Service', metadata: { name: 's' } }] }), want: names },
  ])('$name', ({ text, want }) => {
    expect(parsePodList(text).map((p) => p.name)).toEqual(want);
  });

  it('gives the same views as the API path', () => {
    expect(parsePodList(JSON.stringify(list))).toEqual(pods.map((p) => toPodView(p)));
  });

  it.each([
    { name: 'empty input', text: '   \n', message: 'input is empty' },
    { name: 'neither JSON nor YAML', text: '{"kind": "List", items: [', message: /^input is neither JSON nor YAML: / },
    { name: 'a Deployment', text: '{"kind":"Deployment","metadata":{"name":"web"}}', message: 'input document 1: expected a Pod, PodList or List, found kind "Deployment"' },
    { name: 'a plain string', text: 'hello', message: 'input document 1: expected a Pod, PodList or List, found string' },
    { name: 'a JSON array', text: '[1,2]', message: 'input document 1: expected a Pod, PodList or List, found an array' },
    { name: 'a List of services', text: '{"kind":"List","items":[{"kind":"Service","metadata":{"name":"s"}}]}', message: 'input document 1: the list holds no pods (first item kind "Service")' },
    { name: 'a second bad YAML document', text: `${stringify(pods[0])}---\nkind: ConfigMap\n`, message: 'input document 2: expected a Pod, PodList or List, found kind "ConfigMap"' },
  ])('rejects $name with a UsageError', ({ text, message }) => {
    let error: unknown;
    try {
      parsePodList(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toMatch(message);
    expect((error as UsageError).hint).toMatch(/kubectl get pods -A -o json/);
  });
});
