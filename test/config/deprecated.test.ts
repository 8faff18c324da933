// Keys of the Go agent that still work, with a warning naming the replacement (SPEC section 2).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { load, makeWorld, type LoadArgs, type World } from './helpers.ts';

let world: World;
beforeEach(() => {
  world = makeWorld();
});
afterEach(() => {
  world.cleanup();
});

const TIMEOUT_WARNING = '"kubernetes-request-timeout-seconds" is deprecated; use "kubernetes.request-timeout-seconds" instead';
const NAMESPACES_WARNING = '"namespaces" is deprecated; use "namespace-selectors.include" instead';

describe('kubernetes-request-timeout-seconds', () => {
  it.each<{ name: string; args: LoadArgs; want: number }>([
    { name: '> 0 wins over the default', args: { file: 'kubernetes-request-timeout-seconds: 5\n' }, want: 5 },
    {
      name: '> 0 wins over the new key in the same file',
      args: { file: 'kubernetes-request-timeout-seconds: 5\nkubernetes:\n  request-timeout-seconds: 30\n' },
      want: 5,
    },
    {
      name: '<= 0 (the Go default -1) leaves the new key alone',
      args: { file: 'kubernetes-request-timeout-seconds: -1\nkubernetes:\n  request-timeout-seconds: 30\n' },
      want: 30,
    },
    {
      name: 'the new key from env wins (env > file)',
      args: { file: 'kubernetes-request-timeout-seconds: 5\n', env: { KAI_KUBERNETES_REQUEST_TIMEOUT_SECONDS: '40' } },
      want: 40,
    },
    {
      name: 'the new key from a flag wins (flags > file)',
      args: { file: 'kubernetes-request-timeout-seconds: 5\n', flags: { 'kubernetes.request-timeout-seconds': '50' } },
      want: 50,
    },
  ])('$name', async ({ args, want }) => {
    const loaded = await load(world, args);
    expect([loaded.config.kubernetes.requestTimeoutSeconds, loaded.warnings]).toEqual([want, [TIMEOUT_WARNING]]);
  });
});

describe('namespaces', () => {
  it.each<{ name: string; file: string; include: string[]; warning: string }>([
    { name: 'used as include when include is empty', file: 'namespaces: [a, b]\n', include: ['a', 'b'], warning: NAMESPACES_WARNING },
    { name: '[all] means all namespaces', file: 'namespaces: [all]\n', include: [], warning: NAMESPACES_WARNING },
    { name: 'an empty list changes nothing', file: 'namespaces: []\n', include: [], warning: NAMESPACES_WARNING },
    {
      name: 'ignored when include is set',
      file: 'namespaces: [a]\nnamespace-selectors:\n  include: [c]\n',
      include: ['c'],
      warning: `${NAMESPACES_WARNING} (ignored: namespace-selectors.include is set)`,
    },
  ])('$name', async ({ file, include, warning }) => {
    const loaded = await load(world, { file });
    expect([loaded.config.namespaceSelectors.include, loaded.warnings]).toEqual([include, [warning]]);
  });

  it('entries must be namespace names', async () => {
    await expect(load(world, { file: 'namespaces: [ok, "Bad!"]\n' })).rejects.toMatchObject({
      problems: [
        {
          path: 'namespaces[1]',
          message: 'expected a namespace name (lowercase letters, digits and "-", at most 63 characters), got "Bad!"; patterns belong in namespace-selectors.exclude',
        },
      ],
    });
  });

  it('both deprecated keys at once give both warnings, timeout first', async () => {
    const loaded = await load(world, { file: 'namespaces: [a]\nkubernetes-request-timeout-seconds: 9\n' });
    expect(loaded.warnings).toEqual([TIMEOUT_WARNING, NAMESPACES_WARNING]);
  });
});
