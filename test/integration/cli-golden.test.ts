// Golden files for user-visible text that is not a report: --help, kai config, kai version.
import { describe, expect, it } from 'vitest';
import { expectExit, runKai } from '../helpers/run-kai.ts';

describe('user-visible text', () => {
  it('kai --help', async () => {
    const result = await runKai(['--help']);
    expectExit(result, 0);
    await expect(result.stdout).toMatchFileSnapshot('../fixtures/golden/cli-help.txt');
  });

  it('kai config with no file, env or flags prints every default', async () => {
    const result = await runKai(['config']);
    expectExit(result, 0);
    await expect(result.stdout).toMatchFileSnapshot('../fixtures/golden/cli-config-default.yaml');
  });

  it('kai config redacts secrets given by env and flags', async () => {
    const result = await runKai(['config', '--anchore-url', 'https://anchore.example.com'], {
      env: { KAI_ANCHORE_USER: 'admin', KAI_ANCHORE_PASSWORD: 's3cr3t-pa55', KAI_KUBECONFIG_USER_TOKEN: 'tok-123456' },
    });
    expectExit(result, 0);
    expect(result.stdout).not.toMatch(/s3cr3t-pa55|tok-123456/);
    expect(result.stdout).toMatch(/password: "?\[REDACTED\]"?/);
    expect(result.stdout).toMatch(/url: https:\/\/anchore\.example\.com/);
  });

  it('kai version -o json', async () => {
    const result = await runKai(['version', '-o', 'json']);
    expectExit(result, 0);
    const info = JSON.parse(result.stdout) as Record<string, string>;
    expect(info).toMatchObject({ application: 'kai', nodeVersion: process.version });
    expect(info['version']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('kai version', async () => {
    const result = await runKai(['version']);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Application:\s+kai\nVersion:\s+\d+\.\d+\.\d+/);
  });
});
