import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPLETION_SHELLS, completionProgramOf, renderCompletion, type CompletionProgram } from '../../src/cli/completion.ts';
import { buildKaiLikeProgram } from './kai-program.ts';

const program = completionProgramOf(buildKaiLikeProgram());
const dir = mkdtempSync(join(tmpdir(), 'kai-completion-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const NAMESPACES = ['default', 'kai-payments', 'kube-public', 'kube-system'];

/**
 * A stub `kai` on PATH: `kai __complete namespaces ...` prints the fake cluster's namespaces and
 * records its arguments; with KAI_STUB_FAIL set it fails noisily, as a kai with no cluster would
 * if it did not keep quiet.
 */
function writeStubKai(): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const stub = join(bin, 'kai');
  writeFileSync(
    stub,
    [
      '#!/usr/bin/env bash',
      `printf '%s\\n' "$*" >> ${JSON.stringify(join(dir, 'calls.log'))}`,
      'if [[ -n "${KAI_STUB_FAIL:-}" ]]; then echo "error: no cluster" >&2; exit 3; fi',
      `if [[ "$1 $2" == "__complete namespaces" ]]; then printf '%s\\n' ${NAMESPACES.join(' ')}; fi`,
      '',
    ].join('\n'),
  );
  chmodSync(stub, 0o755);
  return bin;
}

const bin = writeStubKai();
const bashScript = join(dir, 'kai.bash');
writeFileSync(bashScript, renderCompletion('bash', program));

interface Completed {
  readonly replies: string[];
  readonly stderr: string;
  readonly calls: string[];
}

/** Sources the script in a fresh bash, completes `words` (the last is the word under the cursor). */
function completeBash(words: readonly string[], env: Record<string, string> = {}): Completed {
  rmSync(join(dir, 'calls.log'), { force: true });
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = [
    `source ${JSON.stringify(bashScript)}`,
    `COMP_WORDS=(${quoted})`,
    `COMP_CWORD=${words.length - 1}`,
    'COMPREPLY=()',
    '_kai',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
    encoding: 'utf8',
    cwd: dir,
    env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: dir, ...env },
  });
  const log = join(dir, 'calls.log');
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { replies: result.stdout.split('\n').filter((l) => l !== ''), stderr: result.stderr, calls };
}

describe('completion scripts', () => {
  it.each(COMPLETION_SHELLS)('%s script matches its golden file', async (shell) => {
    await expect(renderCompletion(shell, program)).toMatchFileSnapshot(`../fixtures/golden/completion-${shell}.txt`);
  });

  it('is valid bash', () => {
    const result = spawnSync('bash', ['-n', bashScript], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('bash completion', () => {
  it.each([
    { line: ['kai', '-n', ''], want: NAMESPACES },
    { line: ['kai', '-n', 'kube-'], want: ['kube-public', 'kube-system'] },
    { line: ['kai', '--namespace', 'kai'], want: ['kai-payments'] },
    { line: ['kai', '--exclude-namespace', 'd'], want: ['default'] },
    // bash splits --namespace=kube at "=".
    { line: ['kai', '--namespace', '=', ''], want: NAMESPACES },
    { line: ['kai', '--namespace', '=', 'kube-s'], want: ['kube-system'] },
    { line: ['kai', '-o', 'json', '-n', 'def'], want: ['default'] },
  ])('completes namespaces from the cluster: $line', ({ line, want }) => {
    const result = completeBash(line);
    expect(result.replies).toEqual(want);
    expect(result.calls).toEqual(['__complete namespaces']);
  });

  it('asks the cluster the command line names: --kubeconfig, --context and --config are forwarded', () => {
    const result = completeBash(['kai', '-k', '~/kube/prod', '--context', 'eu', '--config=./kai.yaml', '-n', '']);
    expect(result.replies).toEqual(NAMESPACES);
    expect(result.calls).toEqual([`__complete namespaces -k ${dir}/kube/prod --context eu --config=./kai.yaml`]);
  });

  it('stays silent and offers nothing when the cluster cannot be reached', () => {
    const result = completeBash(['kai', '-n', ''], { KAI_STUB_FAIL: '1' });
    expect(result.replies).toEqual([]);
    expect(result.stderr).toBe('');
    expect(result.calls).toHaveLength(1);
  });

  it.each([
    { line: ['kai', ''], want: ['version', 'config', 'completion', 'help'] },
    { line: ['kai', 'ver'], want: ['version'] },
    { line: ['kai', 'completion', ''], want: ['bash', 'zsh', 'fish'] },
    { line: ['kai', '-o', 't'], want: ['table'] },
    { line: ['kai', '--output', '=', 'ya'], want: ['yaml'] },
    { line: ['kai', 'version', '-o', ''], want: ['text', 'json'] },
    { line: ['kai', '-m', ''], want: ['adhoc', 'periodic'] },
    { line: ['kai', '--mo'], want: ['--mode'] },
    { line: ['kai', 'config', '--va'], want: ['--validate'] },
    { line: ['kai', '-p', ''], want: [] },
    // A flag value that happens to be a command name is not the command.
    { line: ['kai', '-n', 'version', '-o', 'j'], want: ['json'] },
  ])('completes $line', ({ line, want }) => {
    const result = completeBash(line);
    expect(result.replies).toEqual(want);
    expect(result.calls).toEqual([]);
  });

  it('completes file names for --kubeconfig', () => {
    writeFileSync(join(dir, 'kubeconfig-prod.yaml'), '');
    expect(completeBash(['kai', '--kubeconfig', 'kubeconfig-']).replies).toEqual(['kubeconfig-prod.yaml']);
  });
});

describe('program description', () => {
  it('takes value hints and choices from the commander program', () => {
    const byLong = (p: CompletionProgram, long: string) => p.flags.find((f) => f.long === long);
    expect(byLong(program, '--namespace')).toMatchObject({ short: '-n', value: { kind: 'namespace' }, isRepeatable: true });
    expect(byLong(program, '--mode')?.value).toEqual({ kind: 'choices', values: ['adhoc', 'periodic'] });
    expect(byLong(program, '--quiet')?.value).toBeUndefined();
    expect(byLong(program, '--polling-interval-seconds')).toMatchObject({ value: { kind: 'text' }, valueName: 'seconds' });
    expect(program.commands.map((c) => c.name)).toEqual(['version', 'config', 'completion', 'help']);
    expect(program.commands.find((c) => c.name === 'completion')?.argChoices).toEqual(['bash', 'zsh', 'fish']);
  });
});
