// inventory-report-limits batching (SPEC section 4), tables plus a property-based check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchInventory, reportSizeBytes, utf8Length } from '../../src/inventory/batch.ts';
import type { InventoryReport } from '../../src/inventory/report-types.ts';
import { referenceProblems, validators } from '../fakes/anchore-schemas.ts';
import { buildReport, namesOf, type NamespaceSpec } from './builders.ts';

const specs: NamespaceSpec[] = [
  { name: 'a', pods: [{ name: 'p1', node: 'n1' }] },
  { name: 'b', pods: [{ name: 'p1', node: 'n2' }, { name: 'p2', node: 'n1' }] },
  { name: 'c', pods: [] },
  { name: 'd', pods: [{ name: 'p1', node: 'n3', containers: 3 }] },
  { name: 'e', pods: [{ name: 'p1' }] },
];
const report = buildReport(specs, ['n1', 'n2', 'n3', 'unused']);

function expectPartition(batches: InventoryReport[], original: InventoryReport): void {
  if (batches.length === 1 && batches[0] === original) return; // no batching: the report as collected
  expect(batches.flatMap(namesOf)).toEqual(namesOf(original));
  expect(batches.flatMap((b) => b.pods.map((p) => p.uid))).toEqual(original.pods.map((p) => p.uid));
  expect(batches.flatMap((b) => b.containers.map((c) => c.id))).toEqual(original.containers.map((c) => c.id));
  for (const batch of batches) {
    expect(validators.inventory(batch)).toBe(true);
    expect(referenceProblems(batch)).toEqual([]);
    const referenced = new Set(batch.pods.flatMap((p) => (p.node_uid === undefined ? [] : [p.node_uid])));
    expect(batch.nodes.map((n) => n.uid).sort()).toEqual([...referenced].sort());
  }
}

describe('batchInventory', () => {
  it('without limits returns the report untouched as the only batch', () => {
    const batches = batchInventory(report, { namespaces: 0, payloadThresholdBytes: 0 });
    expect(batches).toHaveLength(1);
    expect(batches[0]).toBe(report);
  });

  it('an empty report is one (empty) batch, so an empty cluster is still reported', () => {
    const empty = buildReport([]);
    expect(batchInventory(empty, { namespaces: 2, payloadThresholdBytes: 100 })).toEqual([empty]);
  });

  it.each([
    { limit: 1, want: [['a'], ['b'], ['c'], ['d'], ['e']] },
    { limit: 2, want: [['a', 'b'], ['c', 'd'], ['e']] },
    { limit: 3, want: [['a', 'b', 'c'], ['d', 'e']] },
    { limit: 5, want: [['a', 'b', 'c', 'd', 'e']] },
    { limit: 50, want: [['a', 'b', 'c', 'd', 'e']] },
  ])('namespaces: $limit', ({ limit, want }) => {
    const batches = batchInventory(report, { namespaces: limit, payloadThresholdBytes: 0 });
    expect(batches.map(namesOf)).toEqual(want);
    expectPartition(batches, report);
  });

  it('each batch carries only the nodes its pods run on', () => {
    const batches = batchInventory(report, { namespaces: 2, payloadThresholdBytes: 0 });
    expect(batches.map((b) => b.nodes.map((n) => n.name))).toEqual([['n1', 'n2'], ['n3'], []]);
  });

  it.each([600, 900, 1200, 2000, 5000])('payload-threshold-bytes %i keeps every multi-namespace batch within the threshold', (threshold) => {
    const batches = batchInventory(report, { namespaces: 0, payloadThresholdBytes: threshold });
    expectPartition(batches, report);
    for (const batch of batches) {
      if (batch.namespaces.length > 1) expect(reportSizeBytes(batch)).toBeLessThanOrEqual(threshold);
    }
  });

  it('a namespace larger than the threshold is sent alone, never split', () => {
    const batches = batchInventory(report, { namespaces: 0, payloadThresholdBytes: 10 });
    expect(batches.map(namesOf)).toEqual([['a'], ['b'], ['c'], ['d'], ['e']]);
  });

  it('both limits: whichever is reached first closes the batch', () => {
    const sizeOfAB = reportSizeBytes(batchInventory(report, { namespaces: 2, payloadThresholdBytes: 0 })[0]!);
    const batches = batchInventory(report, { namespaces: 2, payloadThresholdBytes: sizeOfAB + 5 });
    expect(batches.map(namesOf)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it.each([
    ['ascii', 5],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
  ])('utf8Length(%s) = %i', (text, want) => {
    expect(utf8Length(text)).toBe(want);
    expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });

  it('holds its invariants for arbitrary reports and limits', () => {
    const namespaceArb = fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      pods: fc.array(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), node: fc.option(fc.constantFrom('n1', 'n2', 'n3'), { nil: undefined }), containers: fc.integer({ min: 0, max: 3 }) }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(namespaceArb, { selector: (n) => n.name, maxLength: 12 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 4000 }),
        (namespaces, nsLimit, bytes) => {
          const pods = namespaces.map((n) => ({ ...n, pods: [...new Map(n.pods.map((p) => [p.name, p])).values()] }));
          const original = buildReport(pods, ['n1', 'n2', 'n3']);
          const batches = batchInventory(original, { namespaces: nsLimit, payloadThresholdBytes: bytes });
          expectPartition(batches, original);
          for (const batch of batches) {
            if (nsLimit > 0) expect(batch.namespaces.length).toBeLessThanOrEqual(Math.max(nsLimit, 1));
            if (bytes > 0 && batch.namespaces.length > 1) expect(reportSizeBytes(batch)).toBeLessThanOrEqual(bytes);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
