// The generated docs are not stale: config.example.yaml, docs/config-table.md and the README table
// must equal what src/config/docs.ts generates from the schema. Fix: node scripts/gen-docs.ts
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/build.ts';
import {
  CONFIG_TABLE_END,
  CONFIG_TABLE_START,
  renderConfigTable,
  renderExampleYaml,
  replaceConfigTable,
} from '../../src/config/docs.ts';
import { SETTINGS } from '../../src/config/schema.ts';
import { load, makeWorld, type World } from './helpers.ts';

const root = join(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const STALE = 'stale: run `node scripts/gen-docs.ts` and commit the result';

describe('generated docs are up to date', () => {
  it('config.example.yaml', () => {
    expect(read('config.example.yaml'), STALE).toBe(renderExampleYaml());
  });

  it('docs/config-table.md', () => {
    expect(read('docs/config-table.md'), STALE).toBe(`${renderConfigTable()}\n`);
  });

  it('README.md, once it exists, carries the markers and the current table between them', () => {
    const readme = existsSync(join(root, 'README.md')) ? read('README.md') : undefined;
    const missing = `README.md needs a line ${CONFIG_TABLE_START} and a line ${CONFIG_TABLE_END}; then ${STALE}`;
    if (readme !== undefined) {
      expect(readme.includes(CONFIG_TABLE_START) && readme.includes(CONFIG_TABLE_END), missing).toBe(true);
      expect(replaceConfigTable(readme), STALE).toBe(readme);
    }
    expect(readme === undefined || readme.includes(renderConfigTable())).toBe(true);
  });
});

describe('the generators', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => {
    world.cleanup();
  });

  it('the example file is a valid config equal to the defaults', async () => {
    const path = world.write('example.yaml', renderExampleYaml());
    const loaded = await load(world, { configFile: path });
    expect([loaded.config, loaded.warnings]).toEqual([defaultConfig(), []]);
  });

  it('the table has one row per key, in schema order, with env and flag', () => {
    const rows = renderConfigTable().split('\n').slice(2);
    expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1])).toEqual(SETTINGS.map((s) => s.path));
    expect(rows[0]).toBe('| `output` | `json` | `KAI_OUTPUT` | `-o, --output <format>` | report format on stdout (one of: json \\| table \\| inventory \\| yaml \\| csv \\| markdown) |');
  });

  it('replaces only what lies between the markers', () => {
    const readme = `# kai\n\n${CONFIG_TABLE_START}\nold table\n${CONFIG_TABLE_END}\n\n## Exit codes\n`;
    expect(replaceConfigTable(readme)).toBe(`# kai\n\n${CONFIG_TABLE_START}\n${renderConfigTable()}\n${CONFIG_TABLE_END}\n\n## Exit codes\n`);
    expect(replaceConfigTable('# no markers\n')).toBeUndefined();
    expect(replaceConfigTable(`${CONFIG_TABLE_END}\n${CONFIG_TABLE_START}\n`)).toBeUndefined();
  });
});
