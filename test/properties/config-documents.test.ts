// Property: the config loader, fed documents test/config/property.test.ts does not generate —
// `.json` files (parsed as strict JSON) whole or cut short, and YAML using tags, anchors, merge
// keys and complex keys — returns a config or throws a ConfigError, never anything else.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { SETTINGS } from '../../src/config/schema.ts';
import { ConfigError } from '../../src/errors.ts';
import { makeWorld, type World } from '../config/helpers.ts';

let world: World;
beforeAll(() => {
  world = makeWorld();
});
afterAll(() => {
  world.cleanup();
});

async function outcome(name: string, text: string): Promise<'ok' | 'config-error'> {
  const configFile = world.write(`work/${name}`, text);
  try {
    await loadConfig({ configFile, cwd: world.cwd, homeDir: world.home, env: world.env, flags: {} });
    return 'ok';
  } catch (error: unknown) {
    if (error instanceof ConfigError && error.problems.length > 0) return 'config-error';
    throw error;
  }
}

const keys = [...new Set(SETTINGS.flatMap((s) => s.path.split('.')))];
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('json', 'periodic', 'digest', 10, -1, true));

/** Nested objects with real key names, so validation goes deep. */
const configObject: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, value, fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 5 })),
})).node;

/** YAML fragments with the features a JSON-ish generator never produces. */
const yamlFeature = fc.constantFrom(
  'output: !!str json',
  'quiet: !!bool "true"',
  'kubernetes: !!map { worker-pool-size: !!int "3" }',
  'polling-interval-seconds: !!float 1.5',
  'namespace-selectors: { include: !!set { a, b } }',
  'namespace-selectors: { exclude: !!omap [ { a: 1 } ] }',
  'log: !!binary aGVsbG8=',
  'anchore: !custom { url: x }',
  'base: &base { worker-pool-size: 4 }\nkubernetes: { <<: *base }',
  'kubernetes: &k { request-batch-size: 5 }\nother: *k',
  '? [complex, key]\n: 1',
  'mode: !!timestamp 2001-12-14',
  'output: *undefined_alias',
  '%YAML 1.1\n---\noutput: json',
  'output: json\n...\n---\nquiet: true',
);

describe('the config loader only ever throws ConfigError', () => {
  it('for .json files, whole or cut short', async () => {
    await fc.assert(
      fc.asyncProperty(configObject, fc.nat(), async (data, cut) => {
        const text = JSON.stringify(data);
        expect(['ok', 'config-error']).toContain(await outcome('kai.json', text));
        expect(['ok', 'config-error']).toContain(await outcome('kai.json', text.slice(0, cut % (text.length + 1))));
      }),
      { numRuns: 150 },
    );
  });

  it('for YAML with tags, anchors, merge keys and complex keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(yamlFeature, { minLength: 1, maxLength: 3 }), async (features) => {
        expect(['ok', 'config-error']).toContain(await outcome('kai.yaml', `${features.join('\n')}\n`));
      }),
      { numRuns: 150 },
    );
  });
});
