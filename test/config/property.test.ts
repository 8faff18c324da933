// Property: whatever a config file, env value or flag holds, loadConfig either returns a config
// or throws a ConfigError, never anything else.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { SETTINGS } from '../../src/config/schema.ts';
import { load, makeWorld, type LoadArgs, type World } from './helpers.ts';

let world: World;
beforeAll(() => {
  world = makeWorld();
});
afterAll(() => {
  world.cleanup();
});

async function outcome(args: LoadArgs): Promise<'ok' | 'config-error'> {
  try {
    await load(world, args);
    return 'ok';
  } catch (error: unknown) {
    if (error instanceof ConfigError && error.problems.length > 0 && error.exitCode === 2) return 'config-error';
    throw error;
  }
}

const paths = SETTINGS.map((s) => s.path);
const segments = [...new Set(paths.flatMap((p) => p.split('.')))];
const jsonish = fc.jsonValue({ maxDepth: 3 });
/** Objects shaped like configs: known keys (so validation runs deep) mixed with random ones. */
const configish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    jsonish,
    fc.dictionary(fc.oneof(fc.constantFrom(...segments, 'namespaces', 'kubernetes-request-timeout-seconds'), fc.string()), tie('node'), { maxKeys: 6 }),
  ),
})).node;

describe('loadConfig never throws anything but ConfigError', () => {
  it('for arbitrary config-shaped files', async () => {
    await fc.assert(
      fc.asyncProperty(configish, async (data) => {
        expect(['ok', 'config-error']).toContain(await outcome({ file: stringify(data) }));
      }),
      { numRuns: 150 },
    );
  });

  it('for arbitrary file text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        expect(['ok', 'config-error']).toContain(await outcome({ file: text }));
      }),
      { numRuns: 150 },
    );
  });

  it('for arbitrary env strings and flag values on known keys', async () => {
    const flagValue = fc.oneof(fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.integer(), jsonish);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...SETTINGS.map((s) => s.env)), fc.string(), { maxKeys: 5 }),
        fc.dictionary(fc.constantFrom(...paths), flagValue, { maxKeys: 5 }),
        async (env, flags) => {
          expect(['ok', 'config-error']).toContain(await outcome({ env, flags }));
        },
      ),
      { numRuns: 150 },
    );
  });
});
