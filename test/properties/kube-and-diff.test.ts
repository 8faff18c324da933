// Properties of the small parsers that see server or file input: error bodies become one short
// line, Retry-After never yields a negative or unbounded wait, backoff stays in its band, and a
// saved report of any shape is read or rejected with a problem, never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSavedReport } from '../../src/inventory/saved-report.ts';
import { extractStatusMessage } from '../../src/kube/errors.ts';
import { describeRequest, formatTarget } from '../../src/kube/request-target.ts';
import { computeRetryDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs } from '../../src/kube/retry.ts';

describe('Kubernetes error and retry helpers', () => {
  it('extractStatusMessage: one line of at most 200 characters (+ ellipsis) from any body', () => {
    const body = fc.oneof(fc.string({ maxLength: 400 }), fc.jsonValue().map((v) => JSON.stringify(v)), fc.record({ message: fc.string({ maxLength: 400 }) }).map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(body, (text) => {
        const message = extractStatusMessage(text);
        expect(message).not.toMatch(/\s{2}|\n/);
        expect(message.length).toBeLessThanOrEqual(201);
      }),
      { numRuns: 500 },
    );
  });

  it('parseRetryAfterMs: undefined, or a finite wait >= 0', () => {
    const header = fc.oneof(fc.string(), fc.nat().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()));
    fc.assert(
      fc.property(fc.option(header, { nil: undefined }), fc.nat(), (value, now) => {
        const ms = parseRetryAfterMs(value, now);
        if (ms !== undefined) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('computeRetryDelayMs: within [cap/2, cap] of the exponential, Retry-After capped', () => {
    const policy = DEFAULT_RETRY_POLICY;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.option(fc.nat(), { nil: undefined }), (retry, r, retryAfterMs) => {
        const delay = computeRetryDelayMs(retry, { policy, random: () => r, retryAfterMs });
        if (retryAfterMs !== undefined) {
          expect(delay).toBe(Math.min(retryAfterMs, policy.maxRetryAfterMs));
          return;
        }
        const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
        expect(delay).toBeGreaterThanOrEqual(Math.floor(cap / 2));
        expect(delay).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 500 },
    );
  });

  it('describeRequest/formatTarget: never throw on the paths kai builds', () => {
    const name = fc.string({ minLength: 1, maxLength: 20 });
    const path = fc.oneof(
      name.map((ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods?limit=5`),
      name.map((n) => `/apis/apps/v1/namespaces/kai/replicasets/${encodeURIComponent(n)}`),
      fc.constantFrom('/version', '/api/v1/nodes', '/api/v1/namespaces', '/api/v1/pods'),
    );
    fc.assert(
      fc.property(path, fc.boolean(), (p, isWatch) => {
        expect(formatTarget(describeRequest(p, isWatch))).not.toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('kai diff: reading a saved report', () => {
  it('normalizeSavedReport returns images or a problem for any JSON', () => {
    const reportish = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({ results: fc.array(fc.record({ namespace: fc.jsonValue(), images: fc.array(fc.record({ tag: fc.jsonValue(), repoDigest: fc.jsonValue() }, { requiredKeys: [] })) }, { requiredKeys: [] })) }),
      fc.record({ containers: fc.array(fc.dictionary(fc.constantFrom('image_tag', 'image_digest', 'pod_uid', 'id'), fc.jsonValue())), pods: fc.jsonValue(), namespaces: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ reports: fc.array(fc.jsonValue({ maxDepth: 2 })) }),
    );
    fc.assert(
      fc.property(reportish, (json) => {
        const result = normalizeSavedReport(json);
        if ('problem' in result) expect(result.problem).not.toContain('\n');
        else expect(result.images).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });
});
