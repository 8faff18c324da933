// Black-box: every bad input exits 2 (or 3 for an unreachable cluster) with a one-line message
// that names the key, flag or file, prints nothing on stdout and shows no stack trace.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit, expectNoStackTrace, expectNoStdout, makeTempDir, runKai } from '../helpers/run-kai.ts';

interface BadInput {
  readonly name: string;
  readonly args?: readonly string[];
  readonly config?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly files?: Readonly<Record<string, string>>;
  readonly want: RegExp;
}

const KUBECONFIG_NO_CONTEXT = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: u, user: { token: abc } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
current-context: ctx
`;

const CASES: readonly BadInput[] = [
  { name: 'unknown flag', args: ['--bogus'], want: /unknown option '--bogus'/ },
  { name: 'bad output format', args: ['-o', 'xml'], want: /'xml' is invalid.*json, table/ },
  { name: 'bad mode flag', args: ['-m', 'sometimes'], want: /'sometimes' is invalid.*adhoc, periodic/ },
  { name: 'non-integer polling interval flag', args: ['-p', 'often'], want: /polling-interval-seconds: expected an integer/ },
  { name: 'missing -c file', args: ['-c', 'missing.yaml'], want: /missing\.yaml/ },
  { name: 'malformed YAML', config: 'output: [json\n', want: /line \d+/ },
  { name: 'unknown key with suggestion', config: 'kubernets:\n  worker-pool-size: 4\n', want: /unknown key "kubernets"; did you mean "kubernetes"\?/ },
  { name: 'string for an integer', config: 'kubernetes:\n  worker-pool-size: ten\n', want: /kubernetes\.worker-pool-size: expected an integer >= 1, got "ten"/ },
  { name: 'integer out of range', config: 'kubernetes:\n  worker-pool-size: 0\n', want: /kubernetes\.worker-pool-size: expected an integer >= 1, got 0/ },
  { name: 'invalid exclude regex', config: 'namespace-selectors:\n  exclude: ["(unclosed"]\n', want: /namespace-selectors\.exclude\[0\]/ },
  { name: 'unknown mode', config: 'mode: sometimes\n', want: /mode: .*adhoc.*periodic/ },
  { name: 'unknown missing-tag policy', config: 'missing-tag-policy:\n  policy: dummy\n', want: /missing-tag-policy\.policy: .*digest.*insert.*drop/ },
  { name: 'unknown log level', config: 'log:\n  level: loud\n', want: /log\.level: .*error.*trace/ },
  { name: 'health interval out of range', config: 'health-report-interval-seconds: 5\n', want: /health-report-interval-seconds: expected an integer from 30 to 600, got 5/ },
  { name: 'anchore url without scheme', config: 'anchore:\n  url: anchore.example.com\n  user: u\n  password: p\n', want: /anchore\.url: .*http/ },
  {
    name: 'anchore url with a password in it (never echoed)',
    args: ['--anchore-url', 'https://admin:url-secret-42@anchore.example.com'],
    env: { KAI_ANCHORE_USER: 'u', KAI_ANCHORE_PASSWORD: 'p' },
    want: /anchore\.url: credentials in the URL are not allowed \(got "https:\/\/\*\*\*@anchore\.example\.com"\)(?![\s\S]*url-secret-42)/,
  },
  { name: 'anchore url without credentials', config: 'anchore:\n  url: https://anchore.example.com\n', want: /anchore\.(user|password)/ },
  { name: 'bad env integer', env: { KAI_KUBERNETES_WORKER_POOL_SIZE: 'abc' }, want: /KAI_KUBERNETES_WORKER_POOL_SIZE/ },
  { name: '-vv together with log.level', args: ['-vv'], config: 'log:\n  level: warn\n', want: /log\.level: cannot be combined with -v/ },
  { name: 'missing kubeconfig file', args: ['-k', 'no-such-kubeconfig'], want: /no-such-kubeconfig/ },
  {
    name: 'kubeconfig without the requested context',
    args: ['-k', 'kubeconfig.yaml', '--context', 'nope'],
    files: { 'kubeconfig.yaml': KUBECONFIG_NO_CONTEXT },
    want: /context "nope"/,
  },
  { name: '--input that is not a pod list', args: ['--input', 'x.json'], files: { 'x.json': '{"kind":"Service"}' }, want: /Service/ },
  { name: '--input with invalid JSON', args: ['--input', 'x.json'], files: { 'x.json': '{"kind": "List", "items": [' }, want: /x\.json|input/ },
];

describe('bad input exits 2 with one clear line', () => {
  it.each(CASES)('$name', async ({ args = [], config, env = {}, files = {}, want }) => {
    const dir = makeTempDir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const configArgs = config === undefined ? [] : ['-c', join(dir, 'kai.yaml')];
    if (config !== undefined) writeFileSync(join(dir, 'kai.yaml'), config);
    const result = await runKai([...configArgs, ...args], { cwd: dir, home: dir, env });
    expectExit(result, 2);
    expectNoStdout(result);
    expectNoStackTrace(result);
    expect(result.stderr).toMatch(want);
    expect(result.stderr).toMatch(/^kai: /);
  });

  it('reports every config problem at once', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'kai.yaml'), 'mode: sometimes\nkubernetes:\n  worker-pool-size: ten\nbogus: 1\n');
    const result = await runKai(['-c', join(dir, 'kai.yaml')], { cwd: dir, home: dir });
    expectExit(result, 2);
    expect(result.stderr).toMatch(/bogus/);
    expect(result.stderr).toMatch(/mode/);
    expect(result.stderr).toMatch(/worker-pool-size/);
  });

  it('kai config --validate exits 2 listing the problems of a bad file, 0 for a good one', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'kubernetes:\n  worker-pool-size: ten\n');
    writeFileSync(join(dir, 'good.yaml'), 'kubernetes:\n  worker-pool-size: 10\n');
    const bad = await runKai(['config', '--validate', join(dir, 'bad.yaml')], { cwd: dir, home: dir });
    expectExit(bad, 2);
    expect(bad.stderr).toMatch(/worker-pool-size/);
    const good = await runKai(['config', '--validate', join(dir, 'good.yaml')], { cwd: dir, home: dir });
    expectExit(good, 0);
    expect(good.stdout).toMatch(/good\.yaml: valid/);
  });
});
