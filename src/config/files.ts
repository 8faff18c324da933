/**
 * Finding and reading the config file. Data only: YAML (and so JSON) parsed with the `yaml`
 * package; a config file is never executed (STYLE.md habit 4). We read the files ourselves rather
 * than through cosmiconfig because the search list spans cwd, home and XDG dirs that tests inject.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { ConfigProblem } from '../errors.ts';

export interface SearchInput {
  readonly cwd: string;
  readonly homeDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type FileRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly path: string; readonly data: unknown }
  | { readonly kind: 'problem'; readonly path: string; readonly problem: ConfigProblem };

/**
 * `./.kai.yaml`, `./.kai/config.yaml`, `~/.kai.yaml`, `$XDG_CONFIG_HOME/kai/config.yaml`
 * (default `~/.config`), then `kai/config.yaml` in each of `$XDG_CONFIG_DIRS` (default `/etc/xdg`).
 */
export function searchPaths(input: SearchInput): string[] {
  const xdgHome = nonEmpty(input.env['XDG_CONFIG_HOME']) ?? join(input.homeDir, '.config');
  const xdgDirs = (nonEmpty(input.env['XDG_CONFIG_DIRS']) ?? '/etc/xdg').split(':').filter((d) => d !== '');
  return [
    join(input.cwd, '.kai.yaml'),
    join(input.cwd, '.kai', 'config.yaml'),
    join(input.homeDir, '.kai.yaml'),
    join(xdgHome, 'kai', 'config.yaml'),
    ...xdgDirs.map((dir) => join(dir, 'kai', 'config.yaml')),
  ];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
};

/** The reason part of an fs error, in words (no stack, no errno number). */
export function describeFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return REASONS[code] ?? (error instanceof Error ? error.message : String(error));
}

function isAbsent(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A `.json` file follows JSON's rules: YAML would accept `{"output": }` as `output: null`. */
function parseJsonText(text: string, path: string): FileRead {
  try {
    return { kind: 'ok', path, data: JSON.parse(text) as unknown };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'problem', path, problem: { path: '', message: `invalid JSON in ${JSON.stringify(path)}: ${reason}` } };
  }
}

/** Parse YAML/JSON text; the first syntax error becomes one problem with its line and column. */
export function parseConfigText(text: string, path: string): FileRead {
  if (path.toLowerCase().endsWith('.json')) return parseJsonText(text, path);
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const reason = (first.message.split('\n')[0] ?? '').replace(/:$/, '');
    return { kind: 'problem', path, problem: { path: '', message: `invalid YAML in ${JSON.stringify(path)}: ${reason}` } };
  }
  try {
    return { kind: 'ok', path, data: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'problem', path, problem: { path: '', message: `invalid YAML in ${JSON.stringify(path)}: ${reason}` } };
  }
}

async function readOne(path: string, isRequired: boolean): Promise<FileRead> {
  try {
    return parseConfigText(await readFile(path, 'utf8'), path);
  } catch (error: unknown) {
    if (!isRequired && isAbsent(error)) return { kind: 'none' };
    const what = isRequired ? 'config file' : 'config file found at';
    const next = isRequired ? '; check the -c/--config path' : '; fix its permissions or remove it';
    return {
      kind: 'problem',
      path,
      problem: { path: '', message: `cannot read ${what} ${JSON.stringify(path)}: ${describeFsError(error)}${next}` },
    };
  }
}

/** The explicit `-c` file (relative to cwd), else the first file of the search list, else none. */
export async function readConfigFile(configFile: string | undefined, input: SearchInput): Promise<FileRead> {
  if (configFile !== undefined) {
    const path = isAbsolute(configFile) ? configFile : resolve(input.cwd, configFile);
    return readOne(path, true);
  }
  for (const path of searchPaths(input)) {
    const read = await readOne(path, false);
    if (read.kind !== 'none') return read;
  }
  return { kind: 'none' };
}
