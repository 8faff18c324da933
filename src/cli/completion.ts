/**
 * `kai completion bash|zsh|fish`: pure generators from a description of the program to script
 * text. Namespace values (-n/--namespace, --exclude-namespace) come from the live cluster through
 * the hidden `kai __complete namespaces`, which gives up after about 2 s and prints nothing on
 * failure; the scripts forward --kubeconfig, --context and --config from the line being completed
 * so the names come from the cluster the command will talk to.
 */
import type { Command, Option } from 'commander';
import { renderBash } from './completion-bash.ts';
import type { CompletionFlag, CompletionProgram, ValueHint } from './completion-model.ts';
import { renderFish, renderZsh } from './completion-zsh-fish.ts';

export type { CompletionCommand, CompletionFlag, CompletionProgram, ValueHint } from './completion-model.ts';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** The value hints of kai's own flags, for completionProgramOf. */
export const KAI_VALUE_HINTS: Readonly<Record<string, FlagHint>> = {
  '--namespace': { kind: 'namespace', isRepeatable: true },
  '--exclude-namespace': { kind: 'namespace', isRepeatable: true },
  '--config': { kind: 'file' },
  '--kubeconfig': { kind: 'file' },
  '--input': { kind: 'file' },
  '--validate': { kind: 'file' },
};

export type FlagHint = ValueHint & { readonly isRepeatable?: boolean };

export function renderCompletion(shell: CompletionShell, program: CompletionProgram): string {
  switch (shell) {
    case 'bash':
      return renderBash(program);
    case 'zsh':
      return renderZsh(program);
    case 'fish':
      return renderFish(program);
  }
}

function valueNameOf(option: Option): string {
  return /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1]?.replace(/\.\.\.$/, '') ?? 'value';
}

function flagOf(option: Option, hints: Readonly<Record<string, FlagHint>>): CompletionFlag | undefined {
  if (option.long === undefined) return undefined;
  const takesValue = option.required || option.optional;
  const hint = hints[option.long];
  const choices = option.argChoices === undefined ? undefined : { kind: 'choices' as const, values: option.argChoices };
  return {
    long: option.long,
    short: option.short,
    description: option.description,
    value: takesValue ? (hint ?? choices ?? { kind: 'text' }) : undefined,
    valueName: valueNameOf(option),
    isRepeatable: option.variadic || hint?.isRepeatable === true,
  };
}

/** Describes a commander program for renderCompletion: visible commands and options only. */
export function completionProgramOf(program: Command, hints: Readonly<Record<string, FlagHint>> = KAI_VALUE_HINTS): CompletionProgram {
  const help = program.createHelp();
  const flagsOf = (command: Command): CompletionFlag[] =>
    help.visibleOptions(command).flatMap((option) => flagOf(option, hints) ?? []);
  return {
    name: program.name(),
    flags: flagsOf(program),
    commands: help.visibleCommands(program).map((command) => ({
      name: command.name(),
      description: command.description(),
      flags: flagsOf(command),
      argChoices: command.registeredArguments[0]?.argChoices ?? [],
    })),
  };
}
