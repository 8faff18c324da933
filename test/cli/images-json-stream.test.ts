/**
 * The JSON report written namespace by namespace is byte for byte the one-string rendering, for
 * one cluster (an object) and several (a list), with and without namespaces, images or a version.
 */
import { describe, expect, it } from 'vitest';
import { renderImagesJsonChunks } from '../../src/cli/images-json-stream.ts';
import { renderOutput, type ClusterInventory } from '../../src/cli/render-output.ts';
import type { ImageRecord } from '../../src/inventory/containers.ts';

const METADATA = {
  nodes: { includeAnnotations: [], includeLabels: [], disable: false },
  namespaces: { includeAnnotations: [], includeLabels: [], disable: false },
  pods: { includeAnnotations: [], includeLabels: [], disable: false },
};

function record(namespace: string, tag: string, digest: string): ImageRecord {
  return { namespace, podUid: `${namespace}-uid`, podName: 'p', nodeName: undefined, containerName: 'c', containerId: undefined, kind: 'regular', tag, digest };
}

function cluster(name: string, namespaces: string[], records: ImageRecord[]): ClusterInventory {
  return {
    snapshot: { clusterName: name, serverVersion: name !== 'unversioned' ? { major: '1', minor: '29' } : null, namespaces: [], nodes: [], pods: [] },
    podCount: records.length,
    records,
    namespaces,
    timestamp: '2026-01-02T03:04:05.000Z',
  };
}

const busy = cluster(
  'prod',
  ['web', 'a-b', 'a', 'empty', 'Z'],
  [
    record('web', 'nginx:1.25', 'sha256:bb'),
    record('web', 'nginx:1.25', 'sha256:aa'),
    record('a', 'redis:7', ''),
    record('web', 'nginx:1.25', 'sha256:bb'),
    record('a-b', 'quote"d\\tag:1', 'sha256:cc'),
    record('not-selected', 'x:1', ''),
  ],
);

describe('renderImagesJsonChunks', () => {
  it.each([
    { name: 'one cluster', clusters: [busy] },
    { name: 'one cluster without namespaces', clusters: [cluster('c', [], [])] },
    { name: 'one cluster without a server version', clusters: [cluster('unversioned', ['ns'], [record('ns', 'a:1', '')])] },
    { name: 'namespaces without images', clusters: [cluster('c', ['x', 'y'], [])] },
    { name: 'several clusters', clusters: [busy, cluster('empty', [], []), cluster('c', ['ns'], [record('ns', 'a:1', '')])] },
    { name: 'no cluster', clusters: [] },
  ])('$name: same bytes as the one-string JSON', ({ clusters }) => {
    const streamed = [...renderImagesJsonChunks(clusters)].join('');
    expect(streamed).toBe(renderOutput('json', clusters, METADATA));
  });

  it('yields the report in many pieces', () => {
    expect([...renderImagesJsonChunks([busy])].length).toBeGreaterThan(busy.namespaces.length);
  });
});
