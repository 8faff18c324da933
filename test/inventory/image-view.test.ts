import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../src/inventory/containers.ts';
import { canonicalImage, groupByImage, groupByImageAcrossClusters } from '../../src/inventory/image-view.ts';
import { SHA_A, SHA_B } from '../helpers/builders.ts';

interface Use {
  ns?: string;
  pod?: string;
  container?: string;
}

function rec(tag: string, digest: string, use: Use = {}): ImageRecord {
  const { ns = 'default', pod = 'p1', container = 'c' } = use;
  return { namespace: ns, podUid: `${ns}/${pod}`, podName: pod, nodeName: undefined, containerName: container, containerId: 'x', kind: 'regular', tag, digest };
}

describe('canonicalImage', () => {
  it.each([
    { tag: 'nginx:1.25', want: { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' } },
    { tag: 'docker.io/library/nginx:1.25', want: { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' } },
    { tag: 'index.docker.io/library/nginx:1.25', want: { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' } },
    { tag: 'grafana/grafana:10.2.0', want: { registry: 'docker.io', repository: 'grafana/grafana', tag: '10.2.0' } },
    { tag: 'localhost:5000/app:abc', want: { registry: 'localhost:5000', repository: 'app', tag: 'abc' } },
    { tag: 'registry.example.com:5000/team/app:1.2', want: { registry: 'registry.example.com:5000', repository: 'team/app', tag: '1.2' } },
    { tag: 'quay.io/prometheus/prometheus:v2.47.2', want: { registry: 'quay.io', repository: 'prometheus/prometheus', tag: 'v2.47.2' } },
  ])('$tag', ({ tag, want }) => {
    expect(canonicalImage(tag)).toEqual(want);
  });
});

describe('mutable-tag detection', () => {
  it.each([
    { case: 'one digest: not mutable', records: [rec('app:1', SHA_A), rec('app:1', SHA_A, { pod: 'p2' })], want: [['docker.io/library/app:1', SHA_A, false]] },
    {
      case: 'two digests for one tag: both rows flagged',
      records: [rec('app:1', SHA_A), rec('app:1', SHA_B, { pod: 'p2' })],
      want: [['docker.io/library/app:1', SHA_A, true], ['docker.io/library/app:1', SHA_B, true]],
    },
    {
      case: 'same tag spelled two ways is one image',
      records: [rec('nginx:1.25', SHA_A), rec('docker.io/library/nginx:1.25', SHA_B, { ns: 'other' })],
      want: [['docker.io/library/nginx:1.25', SHA_A, true], ['docker.io/library/nginx:1.25', SHA_B, true]],
    },
    {
      case: 'across namespaces',
      records: [rec('app:1', SHA_A, { ns: 'a' }), rec('app:1', SHA_B, { ns: 'b' })],
      want: [['docker.io/library/app:1', SHA_A, true], ['docker.io/library/app:1', SHA_B, true]],
    },
    {
      case: 'an unknown digest is no evidence',
      records: [rec('app:1', SHA_A), rec('app:1', '', { pod: 'p2' })],
      want: [['docker.io/library/app:1', '', false], ['docker.io/library/app:1', SHA_A, false]],
    },
    {
      case: 'different tags with different digests are not mutable',
      records: [rec('app:1', SHA_A), rec('app:2', SHA_B)],
      want: [['docker.io/library/app:1', SHA_A, false], ['docker.io/library/app:2', SHA_B, false]],
    },
    {
      case: 'same repository name on two registries are different images',
      records: [rec('app:1', SHA_A), rec('ghcr.io/library/app:1', SHA_B)],
      want: [['docker.io/library/app:1', SHA_A, false], ['ghcr.io/library/app:1', SHA_B, false]],
    },
  ])('$case', ({ records, want }) => {
    expect(groupByImage(records).map((row) => [row.image, row.digest, row.mutableTag])).toEqual(want);
  });

  it('detects a tag re-pushed between clusters', () => {
    const rows = groupByImageAcrossClusters([
      { clusterName: 'prod', records: [rec('app:1', SHA_A)] },
      { clusterName: 'staging', records: [rec('app:1', SHA_B)] },
    ]);
    expect(rows.map((r) => [r.clusters, r.mutableTag])).toEqual([[['prod'], true], [['staging'], true]]);
  });
});

describe('groupByImage', () => {
  it('counts pods and containers, lists namespaces and uses, sorts by registry, repository, tag', () => {
    const rows = groupByImage(
      [
        rec('quay.io/x/y:1', SHA_A, { ns: 'b', pod: 'p9' }),
        rec('nginx:1', SHA_A, { ns: 'web', pod: 'p2', container: 'main' }),
        rec('nginx:1', SHA_A, { ns: 'web', pod: 'p2', container: 'sidecar' }),
        rec('nginx:1', SHA_A, { ns: 'api', pod: 'p1' }),
        rec('ghcr.io/a/b:2', SHA_B),
      ],
      'prod',
    );
    expect(rows.map((r) => [r.registry, r.repository, r.tag, r.podCount, r.containerCount, r.namespaces])).toEqual([
      ['docker.io', 'library/nginx', '1', 2, 3, ['api', 'web']],
      ['ghcr.io', 'a/b', '2', 1, 1, ['default']],
      ['quay.io', 'x/y', '1', 1, 1, ['b']],
    ]);
    expect(rows[0]?.containers).toEqual([
      { cluster: 'prod', namespace: 'api', pod: 'p1', container: 'c', kind: 'regular' },
      { cluster: 'prod', namespace: 'web', pod: 'p2', container: 'main', kind: 'regular' },
      { cluster: 'prod', namespace: 'web', pod: 'p2', container: 'sidecar', kind: 'regular' },
    ]);
    expect(rows[0]?.clusters).toEqual(['prod']);
  });

  it('is empty for no records', () => {
    expect(groupByImage([])).toEqual([]);
  });
});
