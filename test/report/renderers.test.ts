import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ImagesByNamespaceReport } from '../../src/inventory/report-types.ts';
import { formatCsvField, renderImagesCsv } from '../../src/report/csv.ts';
import { renderJson } from '../../src/report/json.ts';
import { formatMarkdownCell, renderImagesMarkdown } from '../../src/report/markdown.ts';
import { renderImagesTable } from '../../src/report/table.ts';
import { renderYaml } from '../../src/report/yaml.ts';
import { exampleImagesReport, exampleInventoryReport } from '../helpers/example-reports.ts';

const GOLDEN = '../fixtures/golden';

describe('golden output of examples/pods.json', () => {
  const images = exampleImagesReport();
  it.each([
    { name: 'images.json', render: () => renderJson(images) },
    { name: 'images.table', render: () => renderImagesTable(images) },
    { name: 'images.csv', render: () => renderImagesCsv(images) },
    { name: 'images.md', render: () => renderImagesMarkdown(images) },
    { name: 'images.yaml', render: () => renderYaml(images) },
    { name: 'inventory.json', render: () => renderJson(exampleInventoryReport()) },
    { name: 'images-multi.table', render: () => renderImagesTable([images, exampleImagesReport('staging')]) },
    { name: 'images-multi.csv', render: () => renderImagesCsv([images, exampleImagesReport('staging')]) },
    { name: 'images-multi.md', render: () => renderImagesMarkdown([images, exampleImagesReport('staging')]) },
  ])('report-$name', async ({ name, render }) => {
    await expect(render()).toMatchFileSnapshot(`${GOLDEN}/report-${name}.txt`);
  });

  it('YAML and JSON carry the same data', () => {
    expect(parse(renderYaml(images))).toEqual(JSON.parse(renderJson(images)));
  });
});

function reportOf(results: ImagesByNamespaceReport['results']): ImagesByNamespaceReport {
  return { timestamp: 't', results, serverVersionMetadata: null, cluster_name: 'c', inventory_type: 'kubernetes' };
}

describe('renderImagesTable', () => {
  it("is byte-for-byte the Go agent's table presenter golden", () => {
    // Rows and expected text from anchore/k8s-inventory pkg/presenter/table/test-fixtures/snapshot.
    const report = reportOf([
      { namespace: 'docker', images: [
        { tag: 'docker/kube-compose-api-server:v0.4.25-alpha1', repoDigest: 'sha256:17593177ba90d0ece33fa82c0075953df1f29beb89f71c1ee8b13abee31da494' },
      ] },
      { namespace: 'kube-system', images: [
        { tag: 'k8s.gcr.io/coredns:1.6.2', repoDigest: 'sha256:12eb885b8685b1b13a04ecf5c23bc809c2e57917252fd7b0be9e9c00644e8ee5' },
        { tag: 'docker/desktop-storage-provisioner:v1.1', repoDigest: 'sha256:b39d74c0eb50b82375f916ff2bf0d10cccff09015e01c55eaa123ec6549c4177' },
      ] },
    ]);
    expect(renderImagesTable(report)).toBe(
      'IMAGE TAG                                      REPO DIGEST                                                              NAMESPACE   \n' +
      'docker/desktop-storage-provisioner:v1.1        sha256:b39d74c0eb50b82375f916ff2bf0d10cccff09015e01c55eaa123ec6549c4177  kube-system  \n' +
      'docker/kube-compose-api-server:v0.4.25-alpha1  sha256:17593177ba90d0ece33fa82c0075953df1f29beb89f71c1ee8b13abee31da494  docker       \n' +
      'k8s.gcr.io/coredns:1.6.2                       sha256:12eb885b8685b1b13a04ecf5c23bc809c2e57917252fd7b0be9e9c00644e8ee5  kube-system  \n',
    );
  });

  it('says so when there is nothing to show, as the Go agent does', () => {
    expect(renderImagesTable(reportOf([{ namespace: 'default', images: [] }]))).toBe('No Images found\n');
  });

  it('sorts by tag, then namespace, then digest', () => {
    const text = renderImagesTable(reportOf([
      { namespace: 'b', images: [{ tag: 'x:1', repoDigest: 'sha256:2' }, { tag: 'a:1', repoDigest: '' }] },
      { namespace: 'a', images: [{ tag: 'x:1', repoDigest: 'sha256:9' }, { tag: 'x:1', repoDigest: 'sha256:1' }] },
    ]));
    expect(text.split('\n').slice(1, -1).map((line) => line.trim().split(/\s+/).join(' '))).toEqual([
      'a:1 b',
      'x:1 sha256:1 a',
      'x:1 sha256:9 a',
      'x:1 sha256:2 b',
    ]);
  });
});

describe('CSV and Markdown escaping', () => {
  it.each([
    { value: 'plain', want: 'plain' },
    { value: 'a,b', want: '"a,b"' },
    { value: 'say "hi"', want: '"say ""hi"""' },
    { value: 'two\nlines', want: '"two\nlines"' },
    { value: '', want: '' },
  ])('csv field $value', ({ value, want }) => {
    expect(formatCsvField(value)).toBe(want);
  });

  it.each([
    { value: 'nginx:1.25', want: '`nginx:1.25`' },
    { value: 'a|b', want: '`a\\|b`' },
    { value: 'odd`name_x', want: 'odd\\`name\\_x' },
    { value: '', want: '' },
  ])('markdown cell $value', ({ value, want }) => {
    expect(formatMarkdownCell(value)).toBe(want);
  });

  it('CSV uses CRLF line ends and a header row', () => {
    const csv = renderImagesCsv(reportOf([{ namespace: 'n', images: [{ tag: 't:1', repoDigest: 'd' }] }]));
    expect(csv).toBe('image_tag,repo_digest,namespace,cluster\r\nt:1,d,n,c\r\n');
  });
});
