// Config -> the option slices each module receives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  toImageRuleOptions,
  toKubeConnectionOptions,
  toKubeRequestOptions,
  toMetadataOptions,
  toNamespaceSelectors,
} from '../../src/config/slices.ts';
import { load, makeWorld, type World } from './helpers.ts';

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => {
  world.cleanup();
});

const FILE = `
missing-tag-policy: {policy: insert, tag: NONE}
missing-registry-override: reg.example:5000
ignore-not-running: false
include-ephemeral: true
namespace-selectors: {include: [a, b], exclude: ["^kube-"], ignore-empty: true}
metadata-collection:
  nodes: {include-labels: ["^topology"], disable: true}
  pods: {include-annotations: ["^app"]}
kubeconfig:
  context: prod
  cluster: prod-cluster
  server: https://k8s.example:6443
  user: {type: token, token: tkn}
kubernetes: {request-timeout-seconds: 7, request-batch-size: 250, worker-pool-size: 12}
`;

describe('slices', () => {
  it('map the loaded config to each module\'s options', async () => {
    const { config } = await load(world, { file: FILE });
    expect(toImageRuleOptions(config)).toEqual({
      missingTag: { policy: 'insert', tag: 'NONE' },
      missingRegistryOverride: 'reg.example:5000',
      ignoreNotRunning: false,
      includeEphemeral: true,
    });
    expect(toNamespaceSelectors(config)).toEqual({ include: ['a', 'b'], exclude: ['^kube-'], ignoreEmpty: true });
    expect(toMetadataOptions(config)).toEqual({
      nodes: { includeAnnotations: [], includeLabels: ['^topology'], disable: true },
      namespaces: { includeAnnotations: [], includeLabels: [], disable: false },
      pods: { includeAnnotations: ['^app'], includeLabels: [], disable: false },
    });
    expect(toKubeConnectionOptions(config)).toEqual({
      path: '',
      context: 'prod',
      cluster: 'prod-cluster',
      clusterCert: '',
      server: 'https://k8s.example:6443',
      user: { type: 'token', clientCert: '', privateKey: '', token: 'tkn' },
    });
    expect(toKubeRequestOptions(config)).toEqual({ requestTimeoutMs: 7000, batchSize: 250, workerPoolSize: 12 });
  });
});
