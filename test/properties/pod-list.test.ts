// Property: `--input` parsing (parsePodList) and the raw → view reduction the API path uses never
// throw anything but a UsageError, whatever the document holds; what they return is well typed.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { CONTAINER_KINDS, type PodView } from '../../src/inventory/model.ts';
import { parsePodList } from '../../src/kube/parse-pod-list.ts';
import { toNamespaceView, toNodeView, toPodView } from '../../src/kube/views.ts';
import { podListDocument, rawNamespace, rawNode, rawPod } from './arbitraries.ts';

function isStringRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

function expectWellTyped(pod: PodView): void {
  for (const key of ['uid', 'name', 'namespace', 'phase'] as const) expect(typeof pod[key]).toBe('string');
  expect(isStringRecord(pod.labels) && isStringRecord(pod.annotations)).toBe(true);
  for (const c of pod.containers) {
    expect(CONTAINER_KINDS).toContain(c.kind);
    expect(typeof c.name).toBe('string');
    for (const v of [c.specImage, c.statusImage, c.imageId, c.containerId]) expect(v === undefined || (typeof v === 'string' && v !== '')).toBe(true);
  }
}

/** Runs parsePodList; a UsageError is a fine outcome, anything else fails the property. */
function parseOrUsageError(text: string): PodView[] | 'usage-error' {
  try {
    return parsePodList(text);
  } catch (error) {
    if (error instanceof UsageError && error.exitCode === 2 && !error.message.includes('\n')) return 'usage-error';
    throw error;
  }
}

function expectOnlyUsageErrors(render: (doc: unknown) => string): void {
  fc.assert(
    fc.property(podListDocument, (doc) => {
      const result = parseOrUsageError(render(doc));
      if (result !== 'usage-error') result.forEach(expectWellTyped);
    }),
    { numRuns: 400 },
  );
}

describe('parsePodList only ever throws UsageError', () => {
  it('for pod-list-shaped JSON documents', () => {
    expectOnlyUsageErrors((doc) => JSON.stringify(doc));
  });

  it('for pod-list-shaped YAML documents', () => {
    expectOnlyUsageErrors((doc) => stringify(doc));
  });

  it('for several YAML documents in one file', () => {
    fc.assert(
      fc.property(fc.array(podListDocument, { minLength: 1, maxLength: 3 }), (docs) => {
        const result = parseOrUsageError(docs.map((d) => stringify(d)).join('---\n'));
        if (result !== 'usage-error') result.forEach(expectWellTyped);
      }),
      { numRuns: 200 },
    );
  });

  it('for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        parseOrUsageError(text);
      }),
      { numRuns: 500 },
    );
  });

  it('a valid pod list of n running pods gives n pods', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (n) => {
        const items = Array.from({ length: n }, (_, i) => ({ metadata: { name: `p${String(i)}`, namespace: 'ns', uid: `u${String(i)}` } }));
        expect(parseOrUsageError(JSON.stringify({ kind: 'PodList', items }))).toHaveLength(n);
      }),
      { numRuns: 10 },
    );
  });
});

describe('raw API objects → views never throw', () => {
  it('toPodView, toNamespaceView and toNodeView accept anything the server sends', () => {
    fc.assert(
      fc.property(fc.tuple(rawPod, rawNamespace, rawNode), fc.jsonValue({ maxDepth: 2 }), ([pod, ns, node], other) => {
        expectWellTyped(toPodView(pod));
        expectWellTyped(toPodView(other));
        for (const view of [toNamespaceView(ns), toNamespaceView(other)]) expect(typeof view.name === 'string' && typeof view.uid === 'string').toBe(true);
        for (const view of [toNodeView(node), toNodeView(other)]) expect(typeof view.arch === 'string' && isStringRecord(view.labels)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
