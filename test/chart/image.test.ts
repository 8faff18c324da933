/**
 * The Dockerfile cannot be built on these machines (no registry but npm's and Debian's), so these
 * checks pin what the chart relies on: the user id, the entrypoint, the port, and a build context
 * that contains every file the build copies.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readValues, valueAt } from './chart-files.ts';

const root = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
const finalStage = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));
const values = readValues();

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [relative(root, path)];
  });
}

/**
 * .dockerignore as Docker reads it: patterns over root-relative paths (a match on a parent
 * directory counts), in order, the last match deciding; `!` re-includes.
 */
function dockerIgnored(): (path: string) => boolean {
  const rules = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const isNegated = line.startsWith('!');
      const body = line
        .replace(/^!/, '')
        .replace(/^\//, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '(?:.*/)?')
        .replace(/\*/g, '[^/]*');
      return { isNegated, re: new RegExp(`^${body}(?:/.*)?$`) };
    });
  return (path) => rules.reduce((isIgnored, rule) => (rule.re.test(path) ? !rule.isNegated : isIgnored), false);
}

describe('Dockerfile', () => {
  it('builds in one stage and ships from a second, both on Node.js 22', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(instructions.filter((line) => line.startsWith('FROM '))).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE}']);
  });

  it('installs only production dependencies in the final stage, without running the build script', () => {
    const install = finalStage.find((line) => line.includes('npm ci'));
    expect(install).toContain('--omit=dev');
    expect(install).toContain('--ignore-scripts');
    expect(finalStage.join('\n')).toContain('COPY --from=build /src/dist ./dist');
  });

  it('runs as the numeric non-root user the chart declares', () => {
    const user = finalStage.filter((line) => line.startsWith('USER ')).at(-1);
    const uid = valueAt(values, 'securityContext.runAsUser');
    expect(user).toBe(`USER ${String(uid)}:${String(valueAt(values, 'securityContext.runAsGroup'))}`);
    expect(uid).toBeGreaterThan(0);
  });

  it('starts node directly (exec form, no shell) on the launcher the package ships', () => {
    expect(finalStage.at(-1)).toBe('ENTRYPOINT ["node", "/app/bin/kai.js"]');
    expect(finalStage.join('\n')).toContain('COPY bin ./bin');
    // The launcher loads what the build stage produced under dist/, which the final stage copies.
    const launcher = readFileSync(join(root, 'bin/kai.js'), 'utf8');
    expect(launcher).toMatch(/import\(?\s*'\.\.\/dist\/[\w.-]+\.m?js'/);
  });

  it('exposes the health port the chart probes', () => {
    expect(finalStage).toContain(`EXPOSE ${String(valueAt(values, 'config.health.port'))}`);
  });

  it('has a build context holding every file the build copies, and no dependencies or git history', () => {
    const isIgnored = dockerIgnored();
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources).toEqual(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs', 'src', 'package.json', 'package-lock.json', 'bin', 'examples']);
    const needed = sources.flatMap((source) => (statSync(join(root, source)).isDirectory() ? listFiles(join(root, source)) : [source]));
    expect(needed.filter(isIgnored)).toEqual([]);
    expect(['node_modules', '.git', 'dist', 'test/chart/image.test.ts', '.env', 'scripts/gen-docs.ts'].filter((p) => !isIgnored(p))).toEqual([]);
    expect(existsSync(join(root, 'package-lock.json'))).toBe(true);
  });
});
