// Black-box: the built CLI on the bundled sample pod list, every output format pinned by a golden
// file. The timestamp is the only field that varies between runs, so it is masked.
import { describe, expect, it } from 'vitest';
import { expectExit, expectNoStdout, expectStderr, runKai, REPO_ROOT } from '../helpers/run-kai.ts';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const PODS = join(REPO_ROOT, 'examples/pods.json');
const TIMESTAMP = /"timestamp": "\d{4}-\d\d-\d\dT[\d:.]+Z"/g;
const mask = (text: string): string => text.replace(TIMESTAMP, '"timestamp": "<masked>"').replace(/^timestamp: .+$/m, 'timestamp: <masked>');

describe('kai --input examples/pods.json', () => {
  it.each(['json', 'table', 'inventory', 'yaml', 'csv', 'markdown'])('-o %s matches its golden file', async (format) => {
    const result = await runKai(['--input', PODS, '-o', format, '-q']);
    expectExit(result, 0);
    expect(result.stderr).toBe('');
    await expect(mask(result.stdout)).toMatchFileSnapshot(`../fixtures/golden/cli-pods-${format}.txt`);
  });

  it('reads the pod list from stdin with --input -', async () => {
    const fromFile = await runKai(['--input', PODS, '-o', 'json', '-q']);
    const fromStdin = await runKai(['--input', '-', '-o', 'json', '-q'], { stdin: readFileSync(PODS, 'utf8') });
    expectExit(fromStdin, 0);
    expect(mask(fromStdin.stdout)).toBe(mask(fromFile.stdout));
  });

  it('logs one info line on stderr and keeps stdout pure JSON', async () => {
    const result = await runKai(['--input', PODS, '-o', 'json']);
    expectExit(result, 0);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    expectStderr(result, /inventory complete/);
  });

  it('applies namespace selectors from flags', async () => {
    const result = await runKai(['--input', PODS, '-o', 'json', '-q', '--exclude-namespace', '^kube-']);
    expectExit(result, 0);
    const report = JSON.parse(result.stdout) as { results: { namespace: string }[] };
    const names = report.results.map((r) => r.namespace);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => n.startsWith('kube-'))).toEqual([]);
  });

  it('counts ephemeral containers only with --include-ephemeral', async () => {
    const tags = async (args: string[]): Promise<string[]> => {
      const result = await runKai(['--input', PODS, '-o', 'json', '-q', ...args]);
      const report = JSON.parse(result.stdout) as { results: { images: { tag: string }[] }[] };
      return report.results.flatMap((r) => r.images.map((i) => i.tag));
    };
    const without = await tags([]);
    const withEphemeral = await tags(['--include-ephemeral']);
    const added = withEphemeral.filter((t) => !without.includes(t));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/busybox|debug|netshoot/);
  });

  it('limits the report to -n namespaces', async () => {
    const result = await runKai(['--input', PODS, '-o', 'json', '-q', '-n', 'kube-system']);
    expectExit(result, 0);
    const report = JSON.parse(result.stdout) as { results: { namespace: string }[] };
    expect(report.results.map((r) => r.namespace)).toEqual(['kube-system']);
  });

  it('fails with exit 2 and one line for a missing --input file', async () => {
    const result = await runKai(['--input', 'nope.json']);
    expectExit(result, 2);
    expectNoStdout(result);
    expect(result.stderr).toMatch(/^kai: config error: input: cannot read "nope.json": no such file or directory/);
  });
});
