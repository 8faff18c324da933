// Bad input through the built CLI (test/faults/bad-input-cases.ts): exit 2, nothing on stdout, no
// stack trace, every stderr line a `kai:` message, one of which names the key or file, and a
// message that says what to do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit, expectNoStackTrace, expectNoStdout, makeTempDir, runKai, type KaiResult } from '../helpers/run-kai.ts';
import { BAD_INPUT_CASES, type BadInputCase } from './bad-input-cases.ts';

/** Words of a message that tells the user what to do next (a hint, or what was expected). */
const ACTIONABLE = /expected|fix the values above in |did you mean|Pass |Fix |Use |Check |Give |check |fix |cannot be combined|Allowed choices|Point |Run 'kai --help'/;

/** Writes the case's files in a fresh directory and runs kai there. */
function runBadInput(badInput: BadInputCase): Promise<KaiResult> {
  const { args = [], config, env = {}, files = {}, stdin } = badInput;
  const dir = makeTempDir('kai-faults-input-');
  for (const [name, text] of Object.entries(files)) {
    if (text === null) mkdirSync(join(dir, name));
    else writeFileSync(join(dir, name), text);
  }
  if (config !== undefined) writeFileSync(join(dir, 'kai.yaml'), config);
  const configArgs = config === undefined ? [] : ['-c', 'kai.yaml'];
  return runKai([...configArgs, ...args], { cwd: dir, home: dir, env, ...(stdin === undefined ? {} : { stdin }) });
}

describe('bad input: exit 2 with a message naming the key or file', () => {
  it('covers at least 40 cases, in every group', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.group)).size).toBe(5);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
  });

  it.concurrent.each(BAD_INPUT_CASES)('$group: $name', async (badInput) => {
    const { want } = badInput;
    const result = await runBadInput(badInput);
    expectExit(result, 2);
    expectNoStdout(result);
    expectNoStackTrace(result);
    expect(result.stderr).toMatch(want);
    const lines = result.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^kai: /);
    expect(result.stderr).toMatch(ACTIONABLE);
  });

  it('a problem in a config file ends with the next step for that file (finding F4)', async () => {
    const result = await runBadInput({ group: 'config file', name: 'tabs', config: 'kubernetes:\n\tworker-pool-size: 3\n', want: /./ });
    expectExit(result, 2);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^kai: fix the values above in .*kai\.yaml; `kai config --validate .*kai\.yaml` checks it without running$/);
  });
});
