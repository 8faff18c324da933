/** The program description the completion generators work from, and helpers they share. */

/** What a flag's value completes to. */
export type ValueHint =
  | { readonly kind: 'text' }
  | { readonly kind: 'file' }
  | { readonly kind: 'namespace' }
  | { readonly kind: 'choices'; readonly values: readonly string[] };

export interface CompletionFlag {
  /** `--namespace` */
  readonly long: string;
  /** `-n`, if the flag has a short form */
  readonly short: string | undefined;
  readonly description: string;
  /** undefined for a switch (`-q`); what the value completes to otherwise. */
  readonly value: ValueHint | undefined;
  /** The value's name in messages: `<seconds>` gives "seconds". */
  readonly valueName: string;
  readonly isRepeatable: boolean;
}

export interface CompletionCommand {
  readonly name: string;
  readonly description: string;
  readonly flags: readonly CompletionFlag[];
  /** Values of the first positional argument (`kai completion <shell>`). */
  readonly argChoices: readonly string[];
}

export interface CompletionProgram {
  /** The command the script completes: `kai`. */
  readonly name: string;
  /** Root flags: accepted before and after a subcommand, as commander parses them. */
  readonly flags: readonly CompletionFlag[];
  readonly commands: readonly CompletionCommand[];
}

/** Flags whose value selects the cluster: forwarded to `kai __complete namespaces`. */
export const CLUSTER_FLAGS = ['--kubeconfig', '--context', '--config'] as const;

/** The flags a command accepts: its own first, then the root flags it does not redefine. */
export function flagsFor(program: CompletionProgram, command: CompletionCommand | undefined): CompletionFlag[] {
  const own = command?.flags ?? [];
  const names = new Set(own.flatMap((f) => [f.long, f.short ?? '']));
  const inherited = program.flags.filter((f) => !names.has(f.long) && (f.short === undefined || !names.has(f.short)));
  return [...own, ...inherited];
}

/** `-o` and `--output` for one flag, short first. */
export function spellings(flag: CompletionFlag): string[] {
  return flag.short === undefined ? [flag.long] : [flag.short, flag.long];
}

/** A shell function name derived from the program name (`kai` → `kai`, `my-kai` → `my_kai`). */
export function identifierOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The cluster-selecting flags the program actually has, with their short forms. */
export function clusterFlagSpellings(program: CompletionProgram): string[] {
  return program.flags.filter((f) => (CLUSTER_FLAGS as readonly string[]).includes(f.long)).flatMap(spellings);
}
