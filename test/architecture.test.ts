// Enforces the dependency direction of STYLE.md section (b) by scanning import specifiers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = resolve(import.meta.dirname, '../src');

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listSourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  readonly file: string;
  readonly specifier: string;
  /** The src/ folder (or file) the import resolves to, or the package name. */
  readonly target: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specifiers.map((specifier) => {
    if (!specifier.startsWith('.')) return { file, specifier, target: specifier };
    const abs = resolve(dirname(file), specifier);
    return { file, specifier, target: relative(srcDir, abs).split('/')[0] ?? '' };
  });
}

const files = listSourceFiles(srcDir);
const moduleOf = (file: string): string => relative(srcDir, file).split('/')[0] ?? '';
const allImports = files.flatMap(importsOf);

describe('architecture', () => {
  it.each(['inventory', 'report'])('%s/ is pure: no node:*, no logger, no adapters', (folder) => {
    const bad = allImports.filter(
      (i) =>
        moduleOf(i.file) === folder &&
        (i.target.startsWith('node:') ||
          ['log', 'kube', 'anchore', 'agent', 'cli', 'config', 'ops', 'main.ts', 'pino', 'undici'].includes(i.target)),
    );
    expect(bad.map((i) => `${relative(srcDir, i.file)} -> ${i.specifier}`)).toEqual([]);
  });

  it.each([
    ['kube', 'anchore'],
    ['anchore', 'kube'],
  ])('%s/ never imports %s/', (from, to) => {
    const bad = allImports.filter((i) => moduleOf(i.file) === from && i.target === to);
    expect(bad.map((i) => `${relative(srcDir, i.file)} -> ${i.specifier}`)).toEqual([]);
  });

  it('nothing imports main.ts or cli/ except main.ts and cli/ itself', () => {
    const bad = allImports.filter(
      (i) => (i.target === 'main.ts' || i.target === 'cli') && !['main.ts', 'cli'].includes(moduleOf(i.file)),
    );
    expect(bad.map((i) => `${relative(srcDir, i.file)} -> ${i.specifier}`)).toEqual([]);
  });

  it('only main.ts calls process.exit', () => {
    const offenders = files.filter((f) => moduleOf(f) !== 'main.ts' && /process\.exit\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(srcDir, f))).toEqual([]);
  });

  it('no module-level mutable state (top-level let/var)', () => {
    const offenders = files.filter((f) => /^(?:export\s+)?(?:let|var)\s/m.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(srcDir, f))).toEqual([]);
  });
});
