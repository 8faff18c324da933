/** The zsh (`_arguments`) and fish (`complete -c`) completion scripts. */
import {
  clusterFlagSpellings,
  flagsFor,
  identifierOf,
  spellings,
  type CompletionFlag,
  type CompletionProgram,
  type ValueHint,
} from './completion-model.ts';

/** Single-quoted for zsh and bash: `'` becomes `'\''`. */
const quoteSh = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
/** Text inside an `_arguments` spec's `[...]` or after `:`: brackets and colons escaped. */
const escapeSpec = (text: string): string => text.replace(/([\\[\]:])/g, '\\$1');

function zshAction(value: ValueHint, fn: string): string {
  switch (value.kind) {
    case 'namespace':
      return `${fn}_namespaces`;
    case 'choices':
      return `(${value.values.join(' ')})`;
    case 'file':
      return '_files';
    case 'text':
      return ' ';
  }
}

/** One `_arguments` spec per flag: `'(-o --output)'{-o,--output}'[desc]:format:(json table)'`. */
function zshSpec(flag: CompletionFlag, fn: string): string {
  const names = spellings(flag);
  const exclusion = flag.isRepeatable ? "'*'" : quoteSh(`(${names.join(' ')})`);
  const nameWords = names.length === 1 ? names[0] : `{${names.join(',')}}`;
  const value = flag.value === undefined ? '' : `:${escapeSpec(flag.valueName)}:${zshAction(flag.value, fn)}`;
  return `${exclusion}${nameWords}${quoteSh(`[${escapeSpec(flag.description)}]${value}`)}`;
}

function zshNamespaces(program: CompletionProgram, fn: string): string[] {
  const cluster = clusterFlagSpellings(program);
  const longs = cluster.filter((s) => s.startsWith('--')).map((s) => `${s}=*`);
  return [
    `${fn}_namespaces() {`,
    '    # Namespace names from the live cluster; the command times out by itself and prints',
    '    # nothing on failure. Forward the flags that choose the cluster.',
    '    local -a args namespaces',
    '    local i',
    '    args=(__complete namespaces)',
    `    for (( i = 2; i < \${#${fn}_words}; i++ )); do`,
    `        case \${${fn}_words[i]} in`,
    ...(cluster.length === 0
      ? []
      : [
          `            ${cluster.join('|')}) args+=(\${${fn}_words[i]} \${${fn}_words[i+1]/#\\~/$HOME}) ;;`,
          `            ${longs.join('|')}) args+=(\${${fn}_words[i]}) ;;`,
        ]),
    '        esac',
    '    done',
    `    namespaces=(\${(f)"$(\${${fn}_words[1]} \${args[@]} 2>/dev/null)"})`,
    "    _wanted namespaces expl 'namespace' compadd -a namespaces",
    '}',
  ];
}

function zshMain(program: CompletionProgram, fn: string): string[] {
  const specs = (flags: readonly CompletionFlag[]): string[] => flags.map((f) => `        ${zshSpec(f, fn)} \\`);
  const describe = program.commands.map((c) => `        ${quoteSh(`${c.name}:${c.description.replace(/:/g, '\\:')}`)}`);
  const commandArms = program.commands.flatMap((command) => [
    `        ${command.name})`,
    '            _arguments -s \\',
    ...specs(flagsFor(program, command)).map((line) => `    ${line}`),
    ...(command.argChoices.length > 0 ? [`            ${quoteSh(`1:${command.name}:(${command.argChoices.join(' ')})`)} \\`] : []),
    '                && ret=0 ;;',
  ]);
  return [
    `${fn}() {`,
    '    local curcontext="$curcontext" state line ret=1',
    '    typeset -A opt_args',
    `    # _arguments rewrites $words for subcommands; keep the whole line for ${fn}_namespaces.`,
    `    local -a ${fn}_words`,
    `    ${fn}_words=("\${words[@]}")`,
    "    _arguments -C -s -A '-*' \\",
    ...specs(program.flags),
    "        '1: :->command' \\",
    "        '*:: :->args' && ret=0",
    '    case $state in',
    '    command)',
    '        local -a commands',
    '        commands=(',
    ...describe.map((line) => `    ${line}`),
    '        )',
    `        _describe -t commands ${quoteSh(`${program.name} command`)} commands && ret=0 ;;`,
    '    args)',
    '        curcontext="${curcontext%:*:*}:' + program.name + '-$words[1]:"',
    '        case $words[1] in',
    ...commandArms.map((line) => `    ${line}`),
    '        esac ;;',
    '    esac',
    '    return ret',
    '}',
  ];
}

export function renderZsh(program: CompletionProgram): string {
  const fn = `_${identifierOf(program.name)}`;
  return [
    `#compdef ${program.name}`,
    `# zsh completion for ${program.name}`,
    `# Load in the current shell:  source <(${program.name} completion zsh)`,
    `# Install:                    ${program.name} completion zsh > "\${fpath[1]}/${fn}"`,
    '',
    ...zshNamespaces(program, fn),
    '',
    ...zshMain(program, fn),
    '',
    `if [[ "\${funcstack[1]}" == "${fn}" ]]; then`,
    `    ${fn} "$@"`,
    'else',
    `    compdef ${fn} ${program.name}`,
    'fi',
    '',
  ].join('\n');
}

/** Single-quoted for fish: `\` and `'` escaped. */
const quoteFish = (text: string): string => `'${text.replace(/[\\']/g, '\\$&')}'`;

function fishValue(value: ValueHint | undefined, fn: string): string {
  if (value === undefined) return '';
  switch (value.kind) {
    case 'namespace':
      return ` -x -a '(${fn}_namespaces)'`;
    case 'choices':
      return ` -x -a ${quoteFish(value.values.join(' '))}`;
    case 'file':
      return ' -r -F';
    case 'text':
      return ' -x';
  }
}

interface FishScope {
  readonly name: string;
  readonly fn: string;
  /** A fish condition (`__fish_seen_subcommand_from version`), or '' for everywhere. */
  readonly condition: string;
}

function fishFlag(flag: CompletionFlag, scope: FishScope): string {
  const short = flag.short === undefined ? '' : ` -s ${flag.short.slice(1)}`;
  const when = scope.condition === '' ? '' : ` -n ${quoteFish(scope.condition)}`;
  const value = fishValue(flag.value, scope.fn);
  return `complete -c ${scope.name}${when}${short} -l ${flag.long.slice(2)}${value} -d ${quoteFish(flag.description)}`;
}

function fishNamespaces(program: CompletionProgram, fn: string): string[] {
  const cluster = clusterFlagSpellings(program);
  const longs = cluster.filter((s) => s.startsWith('--')).map((s) => quoteFish(`${s}=*`));
  return [
    `function ${fn}_namespaces --description 'namespace names from the live cluster'`,
    '    # The command times out by itself and prints nothing on failure.',
    '    set -l words (commandline -opc)',
    '    set -l args __complete namespaces',
    '    for i in (seq 2 (count $words))',
    '        switch $words[$i]',
    ...(cluster.length === 0
      ? []
      : [
          `            case ${cluster.join(' ')}`,
          '                set -l next (math $i + 1)',
          '                test $next -le (count $words); and set -a args $words[$i] $words[$next]',
          `            case ${longs.join(' ')}`,
          '                set -a args $words[$i]',
        ]),
    '        end',
    '    end',
    '    $words[1] $args 2>/dev/null',
    'end',
  ];
}

export function renderFish(program: CompletionProgram): string {
  const fn = `__${identifierOf(program.name)}`;
  const names = program.commands.map((c) => c.name).join(' ');
  const rootLines = program.flags.map((flag) => {
    const redefining = program.commands.filter((c) => c.flags.some((f) => f.long === flag.long || (f.short !== undefined && f.short === flag.short)));
    const condition = redefining.length === 0 ? '' : `not __fish_seen_subcommand_from ${redefining.map((c) => c.name).join(' ')}`;
    return fishFlag(flag, { name: program.name, fn, condition });
  });
  return [
    `# fish completion for ${program.name}`,
    `# Load in the current shell:  ${program.name} completion fish | source`,
    `# Install:                    ${program.name} completion fish > ~/.config/fish/completions/${program.name}.fish`,
    '',
    ...fishNamespaces(program, fn),
    '',
    `complete -c ${program.name} -f`,
    ...program.commands.map(
      (c) => `complete -c ${program.name} -n ${quoteFish(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${quoteFish(c.description)}`,
    ),
    ...rootLines,
    ...program.commands.flatMap((c) =>
      c.flags.map((flag) => fishFlag(flag, { name: program.name, fn, condition: `__fish_seen_subcommand_from ${c.name}` })),
    ),
    ...program.commands
      .filter((c) => c.argChoices.length > 0)
      .map((c) => `complete -c ${program.name} -n ${quoteFish(`__fish_seen_subcommand_from ${c.name}`)} -a ${quoteFish(c.argChoices.join(' '))}`),
    '',
  ].join('\n');
}
