/**
 * `kai completion bash|zsh|fish` prints a completion script; the hidden `kai __complete
 * namespaces` feeds it namespace names from the live cluster — fast (2 s at most, no retries) and
 * silent on any failure, since a completion must never print errors into the user's prompt.
 */
import { Argument, type Command } from 'commander';
import { toKubeConnectionOptions } from '../config/slices.ts';
import { createKubeClient } from '../kube/client.ts';
import { createSilentLogger } from '../log/logger.ts';
import { COMPLETION_SHELLS, completionProgramOf, renderCompletion, type CompletionShell } from './completion.ts';
import { writeText } from './io.ts';
import type { CommandDeps } from './program.ts';
import { openSession } from './session.ts';

const COMPLETION_TIMEOUT_MS = 2_000;

async function listNamespaceNames(deps: CommandDeps, command: Command): Promise<string[]> {
  const { io } = deps;
  const globals = deps.globals(command);
  const session = await openSession({ io, ...globals, flags: { ...globals.flags, quiet: true } });
  const signal = AbortSignal.any([io.signal, AbortSignal.timeout(COMPLETION_TIMEOUT_MS)]);
  const client = await createKubeClient(toKubeConnectionOptions(session.config), {
    log: createSilentLogger(),
    env: io.env,
    homeDir: io.homeDir,
    requestTimeoutMs: COMPLETION_TIMEOUT_MS,
    retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
  });
  const names: string[] = [];
  try {
    await client.listPages('/api/v1/namespaces', { signal, limit: 500 }, (item) => {
      const name = (item as { metadata?: { name?: unknown } }).metadata?.name;
      if (typeof name === 'string') names.push(name);
    });
  } finally {
    await client.close();
  }
  return names.sort();
}

export function registerCompletionCommands(program: Command, deps: CommandDeps): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
    .action(async (shell: CompletionShell) => {
      await writeText(deps.io.stdout, renderCompletion(shell, completionProgramOf(program)));
    });
  program
    .command('__complete', { hidden: true })
    .argument('<what>')
    .action(async (what: string, _opts: unknown, command: Command) => {
      if (what !== 'namespaces') return;
      try {
        const names = await listNamespaceNames(deps, command);
        await writeText(deps.io.stdout, names.map((n) => `${n}\n`).join(''));
      } catch {
        // Deliberately silent: no cluster, no permission or too slow simply means no suggestions.
      }
    });
}
