// Black-box: the real `kai completion` scripts, and bash completing namespaces through the real
// `kai __complete namespaces` against the fake API server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKubeconfigFile } from '../helpers/kubeconfig.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../fakes/kube-api.ts';
import { expectExit, KAI_BIN, makeTempDir, runKai } from '../helpers/run-kai.ts';

describe('kai completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s script of the real program matches its golden file', async (shell) => {
    const result = await runKai(['completion', shell]);
    expectExit(result, 0);
    await expect(result.stdout).toMatchFileSnapshot(`../fixtures/golden/cli-completion-${shell}.txt`);
  });

  it('rejects an unknown shell with exit 2', async () => {
    const result = await runKai(['completion', 'tcsh']);
    expectExit(result, 2);
    expect(result.stderr).toMatch(/tcsh.*bash, zsh, fish/);
  });
});

describe('namespace completion from a live cluster', () => {
  let fake: FakeKubeApi;
  const dir = makeTempDir();
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const bin = join(dir, 'bin');

  beforeAll(async () => {
    fake = await startFakeKubeApi();
    for (const ns of ['default', 'kube-system', 'payments']) fake.state.addNamespace(ns);
    writeKubeconfigFile(dir, [{ name: 'fake', url: fake.url, token: fake.token }]);
    mkdirSync(bin);
    writeFileSync(join(bin, 'kai'), `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(KAI_BIN)} "$@"\n`);
    chmodSync(join(bin, 'kai'), 0o755);
  });
  afterAll(async () => {
    await fake.close();
  });

  it('kai __complete namespaces prints the names, one per line', async () => {
    const result = await runKai(['__complete', 'namespaces', '-k', kubeconfig]);
    expectExit(result, 0);
    expect(result.stdout).toBe('default\nkube-system\npayments\n');
    expect(result.stderr).toBe('');
  });

  it('kai __complete namespaces is silent when the cluster is unreachable', async () => {
    fake.inject({ status: 500 });
    const result = await runKai(['__complete', 'namespaces', '-k', kubeconfig]);
    fake.clearInjections();
    expectExit(result, 0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
  });

  it('bash completes -n from the cluster through the real kai', async () => {
    const script = (await runKai(['completion', 'bash'])).stdout;
    writeFileSync(join(dir, 'kai.bash'), script);
    const commands = [
      `source ${JSON.stringify(join(dir, 'kai.bash'))}`,
      `COMP_WORDS=(kai -k ${JSON.stringify(kubeconfig)} -n kube)`,
      'COMP_CWORD=4',
      'COMPREPLY=()',
      '_kai',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    // Asynchronously: the fake API server lives in this process and must keep answering.
    const result = await promisify(execFile)('bash', ['--norc', '--noprofile', '-c', commands], {
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: dir },
    });
    expect(result.stdout.trim().split('\n')).toEqual(['kube-system']);
  });
});
