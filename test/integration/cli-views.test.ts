// Black-box: kai images, kai diff and several clusters in one run (issue 8), on --input files and
// on two fake API servers behind one kubeconfig, one of them down.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeconfigFile } from '../helpers/kubeconfig.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { expectExit, expectNoStdout, expectStderr, makeTempDir, REPO_ROOT, runKai } from '../helpers/run-kai.ts';

const PODS = join(REPO_ROOT, 'examples/pods.json');

describe('kai images', () => {
  it.each([
    { args: [], golden: 'table' },
    { args: ['--wide'], golden: 'table-wide' },
    { args: ['-o', 'json'], golden: 'json' },
    { args: ['-o', 'csv'], golden: 'csv' },
    { args: ['-o', 'markdown'], golden: 'markdown' },
  ])('$golden matches its golden file', async ({ args, golden }) => {
    const result = await runKai(['images', '--input', PODS, '-q', ...args]);
    expectExit(result, 0);
    await expect(result.stdout).toMatchFileSnapshot(`../fixtures/golden/cli-images-${golden}.txt`);
  });

  it('flags a tag that runs with more than one digest', async () => {
    const result = await runKai(['images', '--input', PODS, '-q', '-o', 'json']);
    const { images } = JSON.parse(result.stdout) as { images: { image: string; mutableTag: boolean }[] };
    const mutable = images.filter((i) => i.mutableTag).map((i) => i.image);
    expect(mutable).toEqual(['registry.example.com:5000/team/app:1.2', 'registry.example.com:5000/team/app:1.2']);
  });
});

describe('kai diff', () => {
  const dir = makeTempDir();
  const save = async (name: string, args: string[]): Promise<string> => {
    const result = await runKai(['--input', PODS, '-q', '-o', 'json', ...args]);
    const path = join(dir, name);
    writeFileSync(path, result.stdout);
    return path;
  };

  it('exits 0 and says so when the inventories are equal', async () => {
    const a = await save('a.json', []);
    const result = await runKai(['diff', a, PODS, '-q']);
    expectExit(result, 0);
    expect(result.stdout).toBe('No differences\n');
  });

  it('exits 1 and lists removed images when a namespace disappears', async () => {
    const all = await save('all.json', []);
    const some = await save('some.json', ['--exclude-namespace', 'data']);
    const result = await runKai(['diff', all, some, '-q']);
    expectExit(result, 1);
    expect(result.stdout).toMatch(/^CHANGE\s+IMAGE TAG/);
    expect(result.stdout).toMatch(/removed\s+docker\.io\/bitnami\/kafka:3\.6\.0/);
    const json = await runKai(['diff', all, some, '-q', '-o', 'json']);
    const diff = JSON.parse(json.stdout) as { removed: { namespace: string }[]; added: unknown[]; isEqual: boolean };
    expect(diff.isEqual).toBe(false);
    expect(diff.added).toEqual([]);
    expect(new Set(diff.removed.map((r) => r.namespace))).toEqual(new Set(['data']));
  });

  it('reports a re-pushed tag as redigested', async () => {
    const before = JSON.parse(readFileSync(PODS, 'utf8')) as { items: { status?: { containerStatuses?: { imageID?: string }[] }; spec: { containers: { image: string }[] } }[] };
    const pod = before.items.find((p) => p.spec.containers.some((c) => c.image === 'postgres:16.1'));
    const status = pod?.status?.containerStatuses?.[0];
    if (status === undefined) throw new Error('fixture changed: no postgres:16.1 pod');
    status.imageID = `docker.io/library/postgres@sha256:${'a'.repeat(64)}`;
    const after = join(dir, 'after.json');
    writeFileSync(after, JSON.stringify(before));
    const result = await runKai(['diff', PODS, after, '-q']);
    expectExit(result, 1);
    expect(result.stdout).toMatch(/redigested\s+postgres:16\.1\s+sha256:f82b\w+\s+sha256:a{64}/);
  });

  it('exits 2 for a file that is not an inventory', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": "world"}');
    const result = await runKai(['diff', bad, PODS]);
    expectExit(result, 2);
    expectNoStdout(result);
  });
});


describe('several clusters in one run', () => {
  let east: FakeKubeApi;
  let west: FakeKubeApi;
  let kubeconfig: string;
  const dir = makeTempDir();

  beforeAll(async () => {
    east = await startFakeKubeApi({ seed: 1 });
    west = await startFakeKubeApi({ seed: 2 });
    east.state.addNamespace('shop', { podCount: 3 });
    west.state.addNamespace('billing', { podCount: 3 });
    const down = await startFakeKubeApi();
    const downUrl = down.url;
    await down.close();
    kubeconfig = writeKubeconfigFile(dir, [
        { name: 'east', url: east.url, token: east.token },
        { name: 'west', url: west.url, token: west.token },
        { name: 'down', url: downUrl, token: 'x' },
          ]);
  });
  afterAll(async () => {
    await Promise.all([east.close(), west.close()]);
  });

  it('merges two contexts with a cluster field and column', async () => {
    const json = await runKai(['-k', kubeconfig, '--context', 'east', '--context', 'west', '-q', '-o', 'json'], { home: dir });
    expectExit(json, 0);
    const reports = JSON.parse(json.stdout) as { cluster_name: string; results: { namespace: string }[] }[];
    expect(reports.map((r) => [r.cluster_name, r.results.map((x) => x.namespace)])).toEqual([
      ['east', ['shop']],
      ['west', ['billing']],
    ]);
    const table = await runKai(['-k', kubeconfig, '--context', 'east', '--context', 'west', '-q', '-o', 'table'], { home: dir });
    expect(table.stdout.split('\n')[0]).toMatch(/CLUSTER\s*$/);
    expect(table.stdout).toMatch(/shop\s+east/);
    expect(table.stdout).toMatch(/billing\s+west/);
  });

  it('--all-contexts prints the clusters that answered and exits 3 for the one that is down', async () => {
    const result = await runKai(['-k', kubeconfig, '--all-contexts', '-q', '-o', 'json', '--request-timeout-seconds', '2'], { home: dir });
    expectExit(result, 3);
    const reports = JSON.parse(result.stdout) as { cluster_name: string }[];
    expect(reports.map((r) => r.cluster_name)).toEqual(['east', 'west']);
    expectStderr(result, /\[context down\] kai: error: .*127\.0\.0\.1/);
    expectStderr(result, /1 of 3 clusters failed \(down\)/);
  });
});
