/** The bash completion script: one function, `complete -F`, no dependency on bash-completion. */
import {
  clusterFlagSpellings,
  flagsFor,
  identifierOf,
  spellings,
  type CompletionFlag,
  type CompletionProgram,
} from './completion-model.ts';

/** A word list for `compgen -W`, inside double quotes. */
const words = (items: readonly string[]): string => items.join(' ');

/** A case pattern matching any of `items` exactly, quoted for bash. */
const patternOf = (items: readonly string[]): string => items.map((i) => `'${i.replace(/'/g, `'\\''`)}'`).join('|');

function valueAction(flag: CompletionFlag, fn: string): string | undefined {
  const value = flag.value;
  if (value === undefined) return undefined;
  switch (value.kind) {
    case 'namespace':
      return `COMPREPLY=($(compgen -W "$(${fn}_namespaces)" -- "$cur"))`;
    case 'choices':
      return `COMPREPLY=($(compgen -W "${words(value.values)}" -- "$cur"))`;
    case 'file':
      return `compopt -o filenames 2>/dev/null; local IFS=$'\\n'; COMPREPLY=($(compgen -f -- "$cur"))`;
    case 'text':
      return 'COMPREPLY=()';
  }
}

/** `case "$cmd $flag" in` arms: command-specific flags first, then root flags under any command. */
function valueCases(program: CompletionProgram, fn: string): string[] {
  const arms = (command: string | undefined, flags: readonly CompletionFlag[]): string[] =>
    flags.flatMap((flag) => {
      const action = valueAction(flag, fn);
      if (action === undefined) return [];
      const pattern = spellings(flag)
        .map((s) => (command === undefined ? `*' ${s}'` : `'${command} ${s}'`))
        .join('|');
      return [`        ${pattern}) ${action}; return 0 ;;`];
    });
  // Command-specific arms first: `kai version -o` completes version's formats, not the root's.
  return [...program.commands.flatMap((command) => arms(command.name, command.flags)), ...arms(undefined, program.flags)];
}

function flagCases(program: CompletionProgram): string[] {
  const all = (command: Parameters<typeof flagsFor>[1]): string => words(flagsFor(program, command).flatMap(spellings));
  return [
    ...program.commands
      .filter((command) => command.flags.length > 0)
      .map((command) => `            ${patternOf([command.name])}) COMPREPLY=($(compgen -W "${all(command)}" -- "$cur")) ;;`),
    `            *) COMPREPLY=($(compgen -W "${all(undefined)}" -- "$cur")) ;;`,
  ];
}

function argCases(program: CompletionProgram): string[] {
  return [
    `        '') COMPREPLY=($(compgen -W "${words(program.commands.map((c) => c.name))}" -- "$cur")) ;;`,
    ...program.commands
      .filter((command) => command.argChoices.length > 0)
      .map((command) => `        ${patternOf([command.name])}) COMPREPLY=($(compgen -W "${words(command.argChoices)}" -- "$cur")) ;;`),
  ];
}

function valueFlagPattern(program: CompletionProgram): string {
  const flags = [...program.flags, ...program.commands.flatMap((c) => c.flags)].filter((f) => f.value !== undefined);
  return patternOf([...new Set(flags.flatMap(spellings))]);
}

function namespacesFunction(program: CompletionProgram, fn: string): string[] {
  const cluster = clusterFlagSpellings(program);
  const longs = cluster.filter((s) => s.startsWith('--')).map((s) => `'${s}='*`);
  return [
    `${fn}_namespaces() {`,
    '    # Namespace names from the live cluster; the command times out by itself and prints',
    '    # nothing on failure. Forward the flags that choose the cluster.',
    '    local i word next',
    '    local -a args=(__complete namespaces)',
    '    for ((i = 1; i < COMP_CWORD; i++)); do',
    '        word="${COMP_WORDS[i]}"',
    '        case "$word" in',
    ...(cluster.length === 0
      ? []
      : [
          `            ${patternOf(cluster)})`,
          '                next="${COMP_WORDS[i+1]}"',
          '                [[ "$next" == "=" ]] && next="${COMP_WORDS[i+2]}"',
          '                args+=("$word" "${next/#\\~/$HOME}") ;;',
          `            ${longs.join('|')}) args+=("$word") ;;`,
        ]),
    '        esac',
    '    done',
    '    "${COMP_WORDS[0]}" "${args[@]}" 2>/dev/null',
    '}',
  ];
}

function mainFunction(program: CompletionProgram, fn: string): string[] {
  return [
    `${fn}() {`,
    '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" flag="" cmd="" i',
    '    ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '    # bash splits --flag=value at "=": complete the value of the flag before it.',
    '    if [[ "$cur" == "=" ]]; then',
    '        flag="$prev"; cur=""',
    '    elif [[ "$prev" == "=" ]] && ((COMP_CWORD > 1)); then',
    '        flag="${COMP_WORDS[COMP_CWORD-2]}"',
    '    else',
    '        flag="$prev"',
    '    fi',
    '    for ((i = 1; i < COMP_CWORD; i++)); do',
    '        case "${COMP_WORDS[i]}" in',
    `            ${valueFlagPattern(program)}) ((i++)) ;;`,
    `            ${patternOf(program.commands.map((c) => c.name))}) cmd="\${COMP_WORDS[i]}"; break ;;`,
    '        esac',
    '    done',
    '    case "$cmd $flag" in',
    ...valueCases(program, fn),
    '    esac',
    '    if [[ "$cur" == -* ]]; then',
    '        case "$cmd" in',
    ...flagCases(program),
    '        esac',
    '        return 0',
    '    fi',
    '    case "$cmd" in',
    ...argCases(program),
    '    esac',
    '}',
  ];
}

export function renderBash(program: CompletionProgram): string {
  const fn = `_${identifierOf(program.name)}`;
  return [
    `# bash completion for ${program.name}`,
    `# Load in the current shell:  source <(${program.name} completion bash)`,
    `# Install for every shell:    ${program.name} completion bash > ~/.local/share/bash-completion/completions/${program.name}`,
    '',
    ...namespacesFunction(program, fn),
    '',
    ...mainFunction(program, fn),
    '',
    `complete -F ${fn} ${program.name}`,
    '',
  ].join('\n');
}
