/**
 * Generated documentation of the config schema: the README table and config.example.yaml. Pure
 * string functions; scripts/gen-docs.ts writes them and test/config/docs.test.ts checks the
 * committed files are not stale.
 */
import { stringify } from 'yaml';
import type { Setting } from './kinds.ts';
import { SETTINGS } from './schema.ts';

export const CONFIG_TABLE_START = '<!-- config-table:start -->';
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

function scalar(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : stringify(value).trim();
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null) return '{}';
  return String(value);
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The one-line doc, with the allowed values of an enum. */
function docOf(setting: Setting): string {
  if (setting.kind !== 'enum') return setting.doc;
  return `${setting.doc} (one of: ${setting.values.map((v) => (v === '' ? '""' : v)).join(' | ')})`;
}

function tableRow(setting: Setting): string {
  const flag = setting.flag === undefined ? '' : `\`${setting.flag}\``;
  const doc = setting.secret ? `${docOf(setting)} (secret: redacted by \`kai config\`)` : docOf(setting);
  return `| \`${setting.path}\` | \`${cell(scalar(setting.default))}\` | \`${setting.env}\` | ${cell(flag)} | ${cell(doc)} |`;
}

/** The markdown table of every key: key, default, env var, flag, description. */
export function renderConfigTable(): string {
  return [
    '| Key | Default | Environment | Flag | Description |',
    '|---|---|---|---|---|',
    ...SETTINGS.map(tableRow),
  ].join('\n');
}

/** Replaces what lies between the config-table markers; undefined when the markers are missing. */
export function replaceConfigTable(readme: string): string | undefined {
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + CONFIG_TABLE_START.length)}\n${renderConfigTable()}\n${readme.slice(end)}`;
}

function commentOf(setting: Setting): string {
  const flag = setting.flag === undefined ? '' : `, ${setting.flag.replace(/ <.*$/, '')}`;
  return `# ${docOf(setting)} (${setting.env}${flag})`;
}

/** Every key with its default and a one-line comment, nested as the config file expects. */
export function renderExampleYaml(): string {
  const lines = [
    '# kai configuration: every key with its default. Generated from src/config/schema.ts by',
    '# `node scripts/gen-docs.ts`; do not edit by hand. Precedence: flags > KAI_* env > file > defaults.',
  ];
  const seen = new Set<string>();
  let open: string[] = [];
  for (const setting of SETTINGS) {
    const segments = setting.path.split('.');
    const leaf = segments.pop() ?? '';
    let shared = 0;
    while (shared < open.length && open[shared] === segments[shared]) shared += 1;
    for (let depth = shared; depth < segments.length; depth += 1) {
      const parent = segments.slice(0, depth + 1).join('.');
      // A parent seen before and closed again would be a duplicate YAML key.
      if (seen.has(parent)) throw new Error(`schema.ts: keys under "${parent}" must be declared together`);
      seen.add(parent);
      if (depth === 0) lines.push('');
      lines.push(`${'  '.repeat(depth)}${segments[depth] ?? ''}:`);
    }
    open = segments;
    const indent = '  '.repeat(segments.length);
    if (segments.length === 0) lines.push('');
    lines.push(`${indent}${commentOf(setting)}`, `${indent}${leaf}: ${scalar(setting.default)}`);
  }
  return `${lines.join('\n')}\n`;
}
