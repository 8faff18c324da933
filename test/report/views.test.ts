import { describe, expect, it } from 'vitest';
import { extractImages, type ImageRecord } from '../../src/inventory/containers.ts';
import { diffReports, imageSetFromRecords } from '../../src/inventory/diff.ts';
import { groupByImage, groupByImageAcrossClusters } from '../../src/inventory/image-view.ts';
import { renderDiffTable } from '../../src/report/diff.ts';
import { renderImageViewCsv, renderImageViewMarkdown, renderImageViewTable } from '../../src/report/image-view.ts';
import { renderJson } from '../../src/report/json.ts';
import { DEFAULT_RULES } from '../helpers/builders.ts';
import { exampleSnapshot } from '../helpers/example-reports.ts';

const GOLDEN = '../fixtures/golden';
const NEW_POSTGRES = `sha256:${'e'.repeat(64)}`;

const prodRecords = extractImages(exampleSnapshot().pods, DEFAULT_RULES);

/** A second cluster: postgres:16.1 re-pushed under the same tag, redis gone, one extra namespace. */
const stagingRecords: ImageRecord[] = [
  ...prodRecords
    .filter((r) => !r.tag.startsWith('bitnami/redis'))
    .map((r) => (r.containerName === 'postgres' ? { ...r, digest: NEW_POSTGRES } : r)),
  { ...prodRecords[0]!, namespace: 'canary', podUid: 'canary-uid', podName: 'canary-0', tag: 'ghcr.io/example/canary:0.1.0' },
];

describe('image-centric view golden output', () => {
  const one = groupByImage(prodRecords, 'example');
  const multi = groupByImageAcrossClusters([
    { clusterName: 'prod', records: prodRecords },
    { clusterName: 'staging', records: stagingRecords },
  ]);
  it.each([
    { name: 'by-image.table', render: () => renderImageViewTable(one, { wide: false, showCluster: false }) },
    { name: 'by-image-wide.table', render: () => renderImageViewTable(one, { wide: true, showCluster: false }) },
    { name: 'by-image.csv', render: () => renderImageViewCsv(one, { wide: false }) },
    { name: 'by-image-wide.csv', render: () => renderImageViewCsv(one, { wide: true }) },
    { name: 'by-image.md', render: () => renderImageViewMarkdown(one, { wide: false, showCluster: false }) },
    { name: 'by-image.json', render: () => renderJson({ images: one }) },
    { name: 'by-image-multi.table', render: () => renderImageViewTable(multi, { wide: false, showCluster: true }) },
    { name: 'by-image-multi-wide.md', render: () => renderImageViewMarkdown(multi, { wide: true, showCluster: true }) },
  ])('report-$name', async ({ name, render }) => {
    await expect(render()).toMatchFileSnapshot(`${GOLDEN}/report-${name}.txt`);
  });

  it('flags the payments app tag, which runs with two digests in examples/pods.json', () => {
    expect(one.filter((row) => row.mutableTag).map((row) => row.image)).toEqual([
      'registry.example.com:5000/team/app:1.2',
      'registry.example.com:5000/team/app:1.2',
    ]);
    expect(renderImageViewTable(one, { wide: false, showCluster: false })).toMatch(/registry\.example\.com:5000\/team\/app:1\.2 +sha256:\w+ +yes +1 +1 +payments/);
  });
});

describe('diff golden output', () => {
  const diff = diffReports(imageSetFromRecords(prodRecords, 'prod'), imageSetFromRecords(stagingRecords, 'prod'));
  it.each([
    { name: 'diff.table', render: () => renderDiffTable(diff) },
    { name: 'diff.json', render: () => renderJson(diff) },
  ])('report-$name', async ({ name, render }) => {
    await expect(render()).toMatchFileSnapshot(`${GOLDEN}/report-${name}.txt`);
  });

  it('lists the re-pushed tag, the removed image and the new namespace', () => {
    expect(diff.redigested.map((r) => r.tag)).toEqual(['postgres:16.1']);
    expect(diff.removed.map((r) => r.tag)).toEqual(['bitnami/redis:7.2.3-debian-11-r1']);
    expect(diff.added.map((r) => `${r.namespace}/${r.tag}`)).toEqual(['canary/ghcr.io/example/canary:0.1.0']);
  });

  it('prints "No differences" for identical sets', () => {
    const same = imageSetFromRecords(prodRecords);
    expect(renderDiffTable(diffReports(same, same))).toBe('No differences\n');
  });
});
