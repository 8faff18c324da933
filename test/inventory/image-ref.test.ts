import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMissingRegistry,
  digestHex,
  extractDigest,
  formatImageRef,
  hasTag,
  parseImageRef,
  stripDigest,
} from '../../src/inventory/image-ref.ts';

const HEX = 'f0a210a37565286ecaaac0529a6749917e8ea58d3dfc72c84acfbfbe1a64a20a';
const SHA = `sha256:${HEX}`;

describe('hasTag (the Go agent tagRegex)', () => {
  it.each([
    { ref: 'nginx', want: false },
    { ref: 'nginx:1.25', want: true },
    { ref: 'nginx:latest', want: true },
    { ref: 'library/nginx:1.25.3-alpine', want: true },
    { ref: 'localhost:5000/app', want: false },
    { ref: 'localhost:5000/app:v2', want: true },
    { ref: 'app:5000', want: true },
    { ref: 'registry.example.com:5000/team/app:1.2', want: true },
    { ref: 'registry.example.com:5000/team/app', want: false },
    { ref: 'app:_underscore', want: true },
    { ref: 'app:.dot-first', want: false },
    { ref: 'app:-dash-first', want: false },
    { ref: `app:${'a'.repeat(128)}`, want: true },
    { ref: `app:${'a'.repeat(129)}`, want: false }, // a tag is at most 128 characters
    { ref: 'app:', want: false },
    { ref: 'app:1.0/extra', want: false },
    { ref: '', want: false },
  ])('$ref → $want', ({ ref, want }) => {
    expect(hasTag(ref)).toBe(want);
  });
});

describe('extractDigest (status imageID)', () => {
  it.each([
    { imageId: `docker-pullable://nginx@${SHA}`, want: SHA },
    { imageId: `docker-pullable://registry.example.com:5000/team/app@${SHA}`, want: SHA },
    { imageId: `docker.io/library/nginx@${SHA}`, want: SHA },
    { imageId: `localhost:5000/app@${SHA}`, want: SHA },
    { imageId: `docker://${SHA}`, want: undefined },
    { imageId: SHA, want: undefined },
    { imageId: '', want: undefined },
    { imageId: undefined, want: undefined },
    { imageId: 'nginx@sha256:tooshort', want: undefined },
    { imageId: `nginx@md5:${HEX}`, want: undefined },
    { imageId: `nginx@sha512:${'c'.repeat(128)}`, want: `sha512:${'c'.repeat(128)}` },
    { imageId: `a@b@${SHA}`, want: SHA }, // the first @ that holds a digest
    { imageId: `nginx@${SHA}-trailing`, want: `${SHA}-trailing` }, // to the end, as the Go agent slices
  ])('$imageId → $want', ({ imageId, want }) => {
    expect(extractDigest(imageId)).toBe(want);
  });
});

describe('parseImageRef', () => {
  it.each([
    { ref: 'nginx', name: 'nginx', tag: undefined, digest: undefined, registry: undefined, repository: 'nginx' },
    { ref: 'nginx:1.25', name: 'nginx', tag: '1.25', digest: undefined, registry: undefined, repository: 'nginx' },
    { ref: `nginx@${SHA}`, name: 'nginx', tag: undefined, digest: SHA, registry: undefined, repository: 'nginx' },
    { ref: `nginx:1.25@${SHA}`, name: 'nginx', tag: '1.25', digest: SHA, registry: undefined, repository: 'nginx' },
    { ref: 'grafana/grafana:10.2.0', name: 'grafana/grafana', tag: '10.2.0', digest: undefined, registry: undefined, repository: 'grafana/grafana' },
    { ref: 'localhost:5000/app', name: 'localhost:5000/app', tag: undefined, digest: undefined, registry: 'localhost:5000', repository: 'app' },
    { ref: 'localhost/app:1', name: 'localhost/app', tag: '1', digest: undefined, registry: 'localhost', repository: 'app' },
    { ref: 'app:5000', name: 'app', tag: '5000', digest: undefined, registry: undefined, repository: 'app' },
    {
      ref: 'registry.example.com:5000/team/app:1.2',
      name: 'registry.example.com:5000/team/app',
      tag: '1.2',
      digest: undefined,
      registry: 'registry.example.com:5000',
      repository: 'team/app',
    },
    { ref: 'quay.io/prometheus/alertmanager@sha256:ab12', name: 'quay.io/prometheus/alertmanager', tag: undefined, digest: 'sha256:ab12', registry: 'quay.io', repository: 'prometheus/alertmanager' },
    { ref: '', name: '', tag: undefined, digest: undefined, registry: undefined, repository: '' },
  ])('$ref', ({ ref, ...want }) => {
    expect(parseImageRef(ref)).toEqual(want);
  });

  it.each([
    { ref: 'nginx', want: 'nginx' },
    { ref: `nginx:1.25@${SHA}`, want: 'nginx:1.25' },
    { ref: `localhost:5000/app@${SHA}`, want: 'localhost:5000/app' },
  ])('formats $ref as $want', ({ ref, want }) => {
    expect(formatImageRef(parseImageRef(ref))).toBe(want);
    expect(stripDigest(ref).startsWith(want)).toBe(true);
  });

  it.each([
    { digest: SHA, want: HEX },
    { digest: 'sha256:ab12', want: 'ab12' },
    { digest: 'nocolon', want: 'nocolon' },
  ])('digestHex($digest) → $want', ({ digest, want }) => {
    expect(digestHex(digest)).toBe(want);
  });
});

describe('applyMissingRegistry', () => {
  const R = 'my.registry:5000';
  it.each([
    { ref: 'nginx', registry: R, want: `${R}/nginx` },
    { ref: 'nginx:1.25', registry: R, want: `${R}/nginx:1.25` },
    { ref: 'app:5000', registry: R, want: `${R}/app:5000` },
    { ref: 'library/nginx:1.25', registry: R, want: `${R}/library/nginx:1.25` },
    { ref: 'grafana/grafana', registry: R, want: `${R}/grafana/grafana` },
    { ref: 'quay.io/prometheus', registry: R, want: 'quay.io/prometheus' },
    { ref: 'localhost:5000/app', registry: R, want: 'localhost:5000/app' }, // the Go agent would prefix this
    { ref: 'localhost/app', registry: R, want: `${R}/localhost/app` }, // SPEC: no `.` or `:` in the first part
    { ref: 'org/team/app:1', registry: R, want: 'org/team/app:1' }, // three parts: left alone
    { ref: 'registry.example.com:5000/team/app:1.2', registry: R, want: 'registry.example.com:5000/team/app:1.2' },
    { ref: 'nginx', registry: '', want: 'nginx' },
    { ref: 'nginx', registry: `${R}/`, want: `${R}/nginx` },
    { ref: 'nginx', registry: 'mirror.example.com/dockerhub', want: 'mirror.example.com/dockerhub/nginx' },
  ])('$ref with "$registry" → $want', ({ ref, registry, want }) => {
    const result = applyMissingRegistry(parseImageRef(ref), registry);
    expect(formatImageRef(result)).toBe(want);
  });

  it('keeps the reference digest and recomputes the registry', () => {
    const result = applyMissingRegistry(parseImageRef(`nginx@${SHA}`), R);
    expect(result).toEqual({ name: `${R}/nginx`, tag: undefined, digest: SHA, registry: R, repository: 'nginx' });
  });
});

describe('never throws on arbitrary input', () => {
  it('parseImageRef, hasTag, extractDigest and applyMissingRegistry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (value, registry) => {
        const ref = parseImageRef(value);
        expect(formatImageRef(ref).length).toBeLessThanOrEqual(value.length);
        hasTag(value);
        const digest = extractDigest(value);
        if (digest !== undefined) expect(value.endsWith(digest)).toBe(true);
        applyMissingRegistry(ref, registry);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips a tagged reference built from parts', () => {
    const part = fc.stringMatching(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/);
    const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), tag, (parts, t) => {
        const name = parts.join('/');
        expect(parseImageRef(`${name}:${t}`)).toMatchObject({ name, tag: t });
      }),
    );
  });
});
