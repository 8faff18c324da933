import { describe, expect, it } from 'vitest';
import { diffReports, imageSetFromRecords, normalizeSavedReport, toImageSet, type ImageKey } from '../../src/inventory/diff.ts';
import { extractImages } from '../../src/inventory/containers.ts';
import { DEFAULT_RULES, SHA_A, SHA_B } from '../helpers/builders.ts';
import { exampleImagesReport, exampleInventoryReport, exampleSnapshot } from '../helpers/example-reports.ts';

const SHA_C = `sha256:${'c'.repeat(64)}`;

function k(namespace: string, tag: string, digest: string): ImageKey {
  return { cluster: 'prod', namespace, tag, digest };
}

function inCluster(key: ImageKey, cluster: string): ImageKey {
  return { ...key, cluster };
}

describe('diffReports', () => {
  it.each([
    {
      case: 'identical',
      old: [k('web', 'nginx:1', SHA_A), k('api', 'app:2', SHA_B)],
      new: [k('api', 'app:2', SHA_B), k('web', 'nginx:1', SHA_A)],
      want: { added: [], removed: [], redigested: [], isEqual: true },
    },
    {
      case: 'added',
      old: [k('web', 'nginx:1', SHA_A)],
      new: [k('web', 'nginx:1', SHA_A), k('web', 'redis:7', SHA_B)],
      want: { added: [k('web', 'redis:7', SHA_B)], removed: [], redigested: [], isEqual: false },
    },
    {
      case: 'removed',
      old: [k('web', 'nginx:1', SHA_A), k('web', 'redis:7', SHA_B)],
      new: [k('web', 'nginx:1', SHA_A)],
      want: { added: [], removed: [k('web', 'redis:7', SHA_B)], redigested: [], isEqual: false },
    },
    {
      case: 're-digested: same tag, new digest',
      old: [k('web', 'nginx:1', SHA_A)],
      new: [k('web', 'nginx:1', SHA_B)],
      want: { added: [], removed: [], redigested: [{ cluster: 'prod', namespace: 'web', tag: 'nginx:1', oldDigests: [SHA_A], newDigests: [SHA_B] }], isEqual: false },
    },
    {
      case: 'namespace moved: removed from one, added to the other',
      old: [k('old-ns', 'app:1', SHA_A)],
      new: [k('new-ns', 'app:1', SHA_A)],
      want: { added: [k('new-ns', 'app:1', SHA_A)], removed: [k('old-ns', 'app:1', SHA_A)], redigested: [], isEqual: false },
    },
    {
      case: 'cluster matters: the same namespace in another cluster is another place',
      old: [inCluster(k('web', 'nginx:1', SHA_A), 'prod')],
      new: [inCluster(k('web', 'nginx:1', SHA_A), 'staging')],
      want: { added: [inCluster(k('web', 'nginx:1', SHA_A), 'staging')], removed: [inCluster(k('web', 'nginx:1', SHA_A), 'prod')], redigested: [], isEqual: false },
    },
    {
      case: 'a rollout in progress (old + new digest) settling on the new one removes the old digest',
      old: [k('web', 'app:1', SHA_A), k('web', 'app:1', SHA_B)],
      new: [k('web', 'app:1', SHA_B)],
      want: { added: [], removed: [k('web', 'app:1', SHA_A)], redigested: [], isEqual: false },
    },
    {
      case: 'a second digest appearing under a tag is added',
      old: [k('web', 'app:1', SHA_A)],
      new: [k('web', 'app:1', SHA_A), k('web', 'app:1', SHA_C)],
      want: { added: [k('web', 'app:1', SHA_C)], removed: [], redigested: [], isEqual: false },
    },
    {
      case: 'both sides empty',
      old: [],
      new: [],
      want: { added: [], removed: [], redigested: [], isEqual: true },
    },
  ])('$case', ({ old, new: next, want }) => {
    expect(diffReports(toImageSet(old), toImageSet(next))).toEqual(want);
  });
});

describe('normalizeSavedReport', () => {
  it('reads the images-by-namespace and inventory shapes of the same cluster into the same set', () => {
    const fromImages = normalizeSavedReport(JSON.parse(JSON.stringify(exampleImagesReport())));
    const fromInventory = normalizeSavedReport(JSON.parse(JSON.stringify(exampleInventoryReport())));
    expect('images' in fromImages && fromImages.images.length).toBe(26);
    expect(fromInventory).toEqual(fromImages);
    expect(diffReports(
      'images' in fromImages ? fromImages.images : [],
      imageSetFromRecords(extractImages(exampleSnapshot().pods, DEFAULT_RULES), 'example'),
    ).isEqual).toBe(true);
  });

  it('reads a list of reports (several clusters) and a { reports } wrapper', () => {
    const a = exampleImagesReport('a');
    const b = exampleImagesReport('b');
    const listed = normalizeSavedReport([a, b]);
    expect(normalizeSavedReport({ reports: [a, b] })).toEqual(listed);
    expect('images' in listed && new Set(listed.images.map((i) => i.cluster))).toEqual(new Set(['a', 'b']));
  });

  it('treats a missing repoDigest (the Go agent omits empty ones) as ""', () => {
    const goReport = { results: [{ namespace: 'default', images: [{ tag: 'nginx:1.25' }] }], cluster_name: 'c', inventory_type: 'kubernetes' };
    expect(normalizeSavedReport(goReport)).toEqual({ images: [inCluster(k('default', 'nginx:1.25', ''), 'c')] });
  });

  it.each([
    { case: 'a string', json: 'hello', problem: /^document: expected a kai report/ },
    { case: 'an unknown object', json: { foo: 1 }, problem: /expected a kai JSON report \(images by namespace with "results"/ },
    { case: 'a bad tag', json: { results: [{ namespace: 'a', images: [{ tag: 42 }] }] }, problem: /^results\[0\]\.images\[0\]\.tag: expected a string, got 42$/ },
    { case: 'results not a list', json: { results: {} }, problem: /^results: expected a list/ },
    { case: 'a bad container in a list', json: [{ results: [] }, { containers: [{ pod_uid: 1 }] }], problem: /^\[1\]\.containers\[0\]\.pod_uid: expected a string/ },
    { case: 'a kubectl pod list', json: { apiVersion: 'v1', kind: 'List', items: [] }, problem: /kubectl pod list/ },
  ])('reports $case as a problem', ({ json, problem }) => {
    const result = normalizeSavedReport(json);
    expect('problem' in result && result.problem).toMatch(problem);
  });
});
