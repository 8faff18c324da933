import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../../src/inventory/containers.ts';
import { buildImagesByNamespace, synthesizeNamespaceViews } from '../../src/inventory/images-report.ts';
import type { ClusterSnapshot } from '../../src/inventory/model.ts';
import { aPod, SHA_A, SHA_B } from '../helpers/builders.ts';

const SNAPSHOT: ClusterSnapshot = {
  clusterName: 'eks-prod',
  serverVersion: { major: '1', minor: '28', gitVersion: 'v1.28.3' },
  namespaces: [],
  nodes: [],
  pods: [],
};

function record(namespace: string, tag: string, digest: string): ImageRecord {
  const podName = `p-${tag}-${digest}`;
  return { namespace, podUid: `${namespace}/${podName}`, podName, nodeName: undefined, containerName: 'c', containerId: 'containerd://x', kind: 'regular', tag, digest };
}

describe('buildImagesByNamespace', () => {
  it('has the KAI README shape and field order', () => {
    const report = buildImagesByNamespace({ snapshot: SNAPSHOT, records: [], timestamp: '2024-11-04T09:12:31Z', namespaces: [] });
    expect(Object.keys(report)).toEqual(['timestamp', 'results', 'serverVersionMetadata', 'cluster_name', 'inventory_type']);
    expect(report).toEqual({
      timestamp: '2024-11-04T09:12:31Z',
      results: [],
      serverVersionMetadata: { major: '1', minor: '28', gitVersion: 'v1.28.3' },
      cluster_name: 'eks-prod',
      inventory_type: 'kubernetes',
    });
  });

  it.each([
    {
      case: 'empty selected namespaces appear with images: []',
      namespaces: ['kube-public', 'default'],
      records: [record('default', 'nginx:1', SHA_A)],
      want: [
        { namespace: 'default', images: [{ tag: 'nginx:1', repoDigest: SHA_A }] },
        { namespace: 'kube-public', images: [] },
      ],
    },
    {
      case: 'unique per namespace by tag + digest',
      namespaces: ['default'],
      records: [{ ...record('default', 'nginx:1', SHA_A), podName: 'a' }, { ...record('default', 'nginx:1', SHA_A), podName: 'b' }, record('default', 'nginx:1', SHA_B)],
      want: [{ namespace: 'default', images: [{ tag: 'nginx:1', repoDigest: SHA_A }, { tag: 'nginx:1', repoDigest: SHA_B }] }],
    },
    {
      case: 'the same image in two namespaces is listed in each',
      namespaces: ['b', 'a'],
      records: [record('b', 'redis:7', SHA_A), record('a', 'redis:7', SHA_A)],
      want: [
        { namespace: 'a', images: [{ tag: 'redis:7', repoDigest: SHA_A }] },
        { namespace: 'b', images: [{ tag: 'redis:7', repoDigest: SHA_A }] },
      ],
    },
    {
      case: 'images sorted by tag then digest; unknown digest is ""',
      namespaces: ['default'],
      records: [record('default', 'zeta:1', ''), record('default', 'alpha:2', SHA_B), record('default', 'alpha:2', '')],
      want: [
        {
          namespace: 'default',
          images: [
            { tag: 'alpha:2', repoDigest: '' },
            { tag: 'alpha:2', repoDigest: SHA_B },
            { tag: 'zeta:1', repoDigest: '' },
          ],
        },
      ],
    },
    {
      case: 'records of unselected namespaces are not reported',
      namespaces: ['default'],
      records: [record('kube-system', 'coredns:1', SHA_A)],
      want: [{ namespace: 'default', images: [] }],
    },
  ])('$case', ({ namespaces, records, want }) => {
    expect(buildImagesByNamespace({ snapshot: SNAPSHOT, records, timestamp: 't', namespaces }).results).toEqual(want);
  });
});

describe('synthesizeNamespaceViews', () => {
  it('gives each namespace of a pod list one stable, visibly synthetic view, sorted', () => {
    const pods = [aPod({ namespace: 'payments' }), aPod({ namespace: 'default' }), aPod({ namespace: 'payments' })];
    expect(synthesizeNamespaceViews(pods)).toEqual([
      { uid: 'kai-input:default', name: 'default', labels: {}, annotations: {} },
      { uid: 'kai-input:payments', name: 'payments', labels: {}, annotations: {} },
    ]);
  });
});
