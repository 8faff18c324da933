/**
 * Commander options derived from the config schema: a flag is declared once, in SETTINGS, with its
 * doc; its value reaches loadConfig keyed by the setting's path, so flags share the env/file
 * validation and never carry a second default (STYLE.md habit 3).
 */
import { Option, type Command } from 'commander';
import { SETTINGS } from '../config/schema.ts';
import { isRepeatable } from '../config/kinds.ts';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds every schema flag to `command`; returns attribute name → setting path. */
export function addSettingOptions(command: Command): ReadonlyMap<string, string> {
  const pathByAttribute = new Map<string, string>();
  for (const setting of SETTINGS) {
    if (setting.flag === undefined) continue;
    const option = new Option(setting.flag, setting.doc);
    if (isRepeatable(setting)) option.argParser(collect);
    if (setting.kind === 'enum') option.choices(setting.values);
    command.addOption(option);
    pathByAttribute.set(option.attributeName(), setting.path);
  }
  return pathByAttribute;
}

/** The flags the user actually gave, keyed by setting path. Unset flags stay absent. */
export function flagsByPath(
  options: Readonly<Record<string, unknown>>,
  pathByAttribute: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const [attribute, path] of pathByAttribute) {
    const value = options[attribute];
    if (value !== undefined) flags[path] = value;
  }
  return flags;
}
