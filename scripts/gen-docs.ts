// Regenerates config.example.yaml, docs/config-table.md and the README config table (between the
// config-table markers, only if README.md has them) from src/config/schema.ts.
// Run: node scripts/gen-docs.ts   (Node 22 strips the types)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderConfigTable, renderExampleYaml, replaceConfigTable } from '../src/config/docs.ts';

const root = join(import.meta.dirname, '..');

function write(relativePath: string, text: string): void {
  const path = join(root, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${relativePath}`);
}

write('config.example.yaml', renderExampleYaml());
write('docs/config-table.md', `${renderConfigTable()}\n`);

const readmePath = join(root, 'README.md');
if (existsSync(readmePath)) {
  const updated = replaceConfigTable(readFileSync(readmePath, 'utf8'));
  if (updated === undefined) {
    console.log('README.md has no <!-- config-table:start --> / <!-- config-table:end --> markers: left alone');
  } else {
    writeFileSync(readmePath, updated);
    console.log('updated the config table in README.md');
  }
}
