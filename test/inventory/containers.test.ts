import { describe, expect, it } from 'vitest';
import { extractImages, resolveContainerImage } from '../../src/inventory/containers.ts';
import { parseImageRef } from '../../src/inventory/image-ref.ts';
import { applyMissingTag } from '../../src/inventory/missing-tag.ts';
import type { MissingTagPolicy } from '../../src/inventory/options.ts';
import { aContainer, aPod, DEFAULT_RULES, SHA_A, SHA_B } from '../helpers/builders.ts';

const HEX_A = SHA_A.slice('sha256:'.length);

describe('applyMissingTag', () => {
  it.each<{ ref: string; policy: MissingTagPolicy; digest?: string; want: string | null }>([
    { ref: 'nginx', policy: 'insert', want: 'nginx:UNKNOWN' },
    { ref: 'nginx', policy: 'digest', digest: SHA_A, want: `nginx:${HEX_A}` },
    { ref: 'nginx', policy: 'drop', want: null },
    { ref: 'nginx:1.25', policy: 'drop', want: 'nginx:1.25' },
    { ref: 'nginx:1.25', policy: 'insert', want: 'nginx:1.25' },
    { ref: 'nginx:1.25', policy: 'digest', digest: SHA_A, want: 'nginx:1.25' },
    { ref: 'localhost:5000/app@sha256:ab12', policy: 'digest', want: 'localhost:5000/app:ab12' },
    { ref: 'localhost:5000/app', policy: 'digest', digest: SHA_A, want: `localhost:5000/app:${HEX_A}` },
    { ref: 'localhost:5000/app', policy: 'insert', want: 'localhost:5000/app:UNKNOWN' },
    { ref: 'localhost:5000/app', policy: 'drop', want: null },
    { ref: 'app:5000', policy: 'drop', want: 'app:5000' },
    { ref: 'redis', policy: 'drop', want: null },
    // The status digest wins over the reference's own digest.
    { ref: `python@${SHA_B}`, policy: 'digest', digest: SHA_A, want: `python:${HEX_A}` },
    // No digest anywhere: kai falls back to the insert tag (the Go agent prints `nginx:`).
    { ref: 'nginx', policy: 'digest', want: 'nginx:UNKNOWN' },
    { ref: 'nginx', policy: 'digest', digest: '', want: 'nginx:UNKNOWN' },
    { ref: `registry.example.com:5000/team/app@${SHA_B}`, policy: 'insert', want: 'registry.example.com:5000/team/app:UNKNOWN' },
  ])('$policy on $ref (digest $digest) → $want', ({ ref, policy, digest, want }) => {
    expect(applyMissingTag(parseImageRef(ref), { policy, tag: 'UNKNOWN' }, digest)).toBe(want);
  });

  it('uses the configured insert tag', () => {
    expect(applyMissingTag(parseImageRef('nginx'), { policy: 'insert', tag: 'missing' })).toBe('nginx:missing');
  });
});

describe('resolveContainerImage: spec vs status, digest, registry override, tag policy', () => {
  const rules = DEFAULT_RULES;
  it.each([
    {
      case: 'tagged spec image, docker-pullable imageID',
      container: aContainer({ specImage: 'nginx:1.25', imageId: `docker-pullable://nginx@${SHA_A}` }),
      want: { tag: 'nginx:1.25', digest: SHA_A },
    },
    {
      case: 'spec is used even when the status image is normalized',
      container: aContainer({ specImage: 'nginx', statusImage: 'docker.io/library/nginx:latest', imageId: `docker.io/library/nginx@${SHA_A}` }),
      want: { tag: `nginx:${HEX_A}`, digest: SHA_A },
    },
    {
      case: 'no spec container: status image, text before @',
      container: aContainer({ specImage: undefined, statusImage: `redis:7@${SHA_B}`, imageId: `docker-pullable://redis@${SHA_A}` }),
      want: { tag: 'redis:7', digest: SHA_A },
    },
    {
      case: 'digest-only spec reference',
      container: aContainer({ specImage: `python@${SHA_A}`, imageId: `docker.io/library/python@${SHA_A}` }),
      want: { tag: `python:${HEX_A}`, digest: SHA_A },
    },
    {
      case: 'tag and digest in spec: the tag is kept',
      container: aContainer({ specImage: `registry.k8s.io/ingress-nginx/controller:v1.9.4@${SHA_B}`, imageId: `registry.k8s.io/ingress-nginx/controller@${SHA_B}` }),
      want: { tag: 'registry.k8s.io/ingress-nginx/controller:v1.9.4', digest: SHA_B },
    },
    {
      case: 'docker:// imageID has no @: no digest',
      container: aContainer({ specImage: 'bitnami/redis:7.2', imageId: `docker://${SHA_A}` }),
      want: { tag: 'bitnami/redis:7.2', digest: '' },
    },
    {
      case: 'plain sha256: imageID: no digest',
      container: aContainer({ specImage: 'quay.io/prometheus/node-exporter:v1.6.1', imageId: SHA_A }),
      want: { tag: 'quay.io/prometheus/node-exporter:v1.6.1', digest: '' },
    },
    {
      case: 'no status at all (Pending): untagged falls back to the insert tag',
      container: aContainer({ specImage: 'localhost:5000/app', statusImage: undefined, imageId: undefined, containerId: undefined }),
      want: { tag: 'localhost:5000/app:UNKNOWN', digest: '' },
    },
    {
      case: 'localhost:5000/app running with a digest',
      container: aContainer({ specImage: 'localhost:5000/app', imageId: `localhost:5000/app@${SHA_A}` }),
      want: { tag: `localhost:5000/app:${HEX_A}`, digest: SHA_A },
    },
    {
      case: 'app:5000 is a tag',
      container: aContainer({ specImage: 'app:5000', imageId: `docker.io/library/app@${SHA_A}` }),
      want: { tag: 'app:5000', digest: SHA_A },
    },
    {
      case: 'no image anywhere',
      container: aContainer({ specImage: undefined, statusImage: undefined }),
      want: null,
    },
  ])('$case', ({ container, want }) => {
    expect(resolveContainerImage(container, rules)).toEqual(want);
  });

  it.each([
    { specImage: 'nginx', policy: 'digest' as const, want: `my.reg/nginx:${HEX_A}` },
    { specImage: 'nginx', policy: 'insert' as const, want: 'my.reg/nginx:UNKNOWN' },
    { specImage: 'team/app:1', policy: 'digest' as const, want: 'my.reg/team/app:1' },
    { specImage: 'ghcr.io/team/app', policy: 'insert' as const, want: 'ghcr.io/team/app:UNKNOWN' },
    { specImage: 'localhost:5000/app', policy: 'insert' as const, want: 'localhost:5000/app:UNKNOWN' },
  ])('override my.reg then $policy on $specImage → $want', ({ specImage, policy, want }) => {
    const rulesWith = { ...rules, missingRegistryOverride: 'my.reg', missingTag: { policy, tag: 'UNKNOWN' } };
    const container = aContainer({ specImage, imageId: `x@${SHA_A}` });
    expect(resolveContainerImage(container, rulesWith)?.tag).toBe(want);
  });
});

describe('extractImages', () => {
  const init = aContainer({ name: 'migrate', kind: 'init', specImage: 'migrate:1', containerId: 'containerd://init' });
  const regular = aContainer({ name: 'app', specImage: 'app:2', containerId: 'containerd://app' });
  const ephemeral = aContainer({ name: 'debug', kind: 'ephemeral', specImage: 'busybox:1.36', containerId: 'containerd://dbg' });
  const pod = aPod({ containers: [init, regular, ephemeral] });

  it('counts init and regular containers, not ephemeral ones, in order', () => {
    const records = extractImages([pod], DEFAULT_RULES);
    expect(records.map((r) => [r.kind, r.containerName, r.tag, r.containerId])).toEqual([
      ['init', 'migrate', 'migrate:1', 'containerd://init'],
      ['regular', 'app', 'app:2', 'containerd://app'],
    ]);
    expect(records[0]).toMatchObject({ namespace: 'default', podUid: 'pod-uid-1', podName: 'web-1', nodeName: 'node-a', digest: SHA_A });
  });

  it('counts ephemeral containers with includeEphemeral', () => {
    const records = extractImages([pod], { ...DEFAULT_RULES, includeEphemeral: true });
    expect(records.map((r) => r.containerName)).toEqual(['migrate', 'app', 'debug']);
  });

  it.each([
    { phase: 'Running', ignoreNotRunning: true, want: 1 },
    { phase: 'Pending', ignoreNotRunning: true, want: 0 },
    { phase: 'Succeeded', ignoreNotRunning: true, want: 0 },
    { phase: 'Failed', ignoreNotRunning: true, want: 0 },
    { phase: 'Unknown', ignoreNotRunning: true, want: 0 },
    { phase: '', ignoreNotRunning: true, want: 0 },
    { phase: 'Pending', ignoreNotRunning: false, want: 1 },
    { phase: 'Failed', ignoreNotRunning: false, want: 1 },
  ])('phase "$phase" with ignoreNotRunning=$ignoreNotRunning → $want records', ({ phase, ignoreNotRunning, want }) => {
    expect(extractImages([aPod({ phase })], { ...DEFAULT_RULES, ignoreNotRunning })).toHaveLength(want);
  });

  it('drops untagged images with the drop policy and keeps the rest', () => {
    const pods = [aPod({ containers: [aContainer({ name: 'a', specImage: 'nginx' }), aContainer({ name: 'b', specImage: 'nginx:1' })] })];
    const records = extractImages(pods, { ...DEFAULT_RULES, missingTag: { policy: 'drop', tag: 'UNKNOWN' } });
    expect(records.map((r) => r.tag)).toEqual(['nginx:1']);
  });

  it('keeps a container that has not started, with no id', () => {
    const pods = [aPod({ phase: 'Pending', containers: [aContainer({ imageId: undefined, containerId: undefined })] })];
    const [record] = extractImages(pods, { ...DEFAULT_RULES, ignoreNotRunning: false });
    expect(record).toMatchObject({ containerId: undefined, digest: '', tag: 'nginx:1.25' });
  });
});
