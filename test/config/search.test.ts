// Config file search when -c is not given (SPEC section 2), in temp dirs for cwd, home and XDG.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchPaths } from '../../src/config/files.ts';
import { load, makeWorld, type World } from './helpers.ts';

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => {
  world.cleanup();
});

const LOCATIONS = [
  { name: './.kai.yaml', at: 'work/.kai.yaml' },
  { name: './.kai/config.yaml', at: 'work/.kai/config.yaml' },
  { name: '~/.kai.yaml', at: 'home/.kai.yaml' },
  { name: '$XDG_CONFIG_HOME/kai/config.yaml', at: 'xdg-home/kai/config.yaml' },
  { name: '$XDG_CONFIG_DIRS/kai/config.yaml (/etc/xdg by default)', at: 'xdg-dirs/kai/config.yaml' },
];

describe('search paths', () => {
  it('lists the SPEC order, with XDG defaults when the variables are unset', () => {
    expect(searchPaths({ cwd: '/w', homeDir: '/h', env: {} })).toEqual([
      '/w/.kai.yaml',
      '/w/.kai/config.yaml',
      '/h/.kai.yaml',
      '/h/.config/kai/config.yaml',
      '/etc/xdg/kai/config.yaml',
    ]);
    expect(searchPaths({ cwd: '/w', homeDir: '/h', env: { XDG_CONFIG_HOME: '/x', XDG_CONFIG_DIRS: '/a:/b' } }).slice(3)).toEqual([
      '/x/kai/config.yaml',
      '/a/kai/config.yaml',
      '/b/kai/config.yaml',
    ]);
  });

  it.each(LOCATIONS.map((l, i) => ({ ...l, index: i })))('finds $name', async ({ at }) => {
    const path = world.write(at, 'output: table\n');
    const loaded = await load(world);
    expect([loaded.config.output, loaded.source]).toEqual(['table', path]);
  });

  it.each(LOCATIONS.slice(0, -1).map((l, i) => ({ ...l, index: i })))('$name wins over every later location', async ({ at, index }) => {
    for (const later of LOCATIONS.slice(index + 1)) world.write(later.at, 'output: csv\n');
    const path = world.write(at, 'output: table\n');
    const loaded = await load(world);
    expect([loaded.config.output, loaded.source]).toEqual(['table', path]);
  });

  it('~/.config/kai/config.yaml when XDG_CONFIG_HOME is unset', async () => {
    const path = world.write('home/.config/kai/config.yaml', 'output: yaml\n');
    const loaded = await load(world, { env: { XDG_CONFIG_HOME: '' } });
    expect([loaded.config.output, loaded.source]).toEqual(['yaml', path]);
  });

  it('no file anywhere is fine: defaults, no source', async () => {
    const loaded = await load(world);
    expect([loaded.config.output, loaded.source, loaded.warnings]).toEqual(['json', undefined, []]);
  });

  it('a file named .kai (not a directory) does not stop the search', async () => {
    world.write('work/.kai', 'not a directory');
    const path = world.write('home/.kai.yaml', 'output: markdown\n');
    expect((await load(world)).source).toBe(path);
  });

  it('-c skips the search entirely', async () => {
    world.write('work/.kai.yaml', 'output: table\n');
    const explicit = world.write('elsewhere.yaml', 'output: csv\n');
    const loaded = await load(world, { configFile: explicit });
    expect([loaded.config.output, loaded.source]).toEqual(['csv', explicit]);
  });

  it('never executes a JavaScript config: .kai.js / .kai.cjs are ignored', async () => {
    world.write('work/.kai.js', 'throw new Error("executed")');
    world.write('work/.kai.cjs', 'throw new Error("executed")');
    expect((await load(world)).source).toBeUndefined();
  });

  it('a -c file with JavaScript in it is parsed as YAML data, not run', async () => {
    const path = world.write('work/evil.js', 'process.exit(9)\n');
    await expect(load(world, { configFile: path })).rejects.toMatchObject({
      problems: [{ path: '', message: 'the config file must hold a mapping of keys at the top level, got a string' }],
    });
  });
});
