import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileNamespaceSelectors,
  compilePatternList,
  isDnsLabel,
  type NamespaceMatcher,
} from '../../src/inventory/namespace-filter.ts';

function matcherFor(include: string[], exclude: string[]): NamespaceMatcher {
  const compiled = compileNamespaceSelectors({ include, exclude, ignoreEmpty: false });
  if (!('matcher' in compiled)) throw new Error(`unexpected problems ${JSON.stringify(compiled.problems)}`);
  return compiled.matcher;
}

const NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'payments', 'prod-api', 'my-kube-tools'];

describe('compileNamespaceSelectors', () => {
  it.each([
    { case: 'no selectors: everything', include: [], exclude: [], want: NAMESPACES },
    { case: 'include is exact names', include: ['default', 'payments'], exclude: [], want: ['default', 'payments'] },
    { case: 'include is never a regex', include: ['kube-.*'], exclude: [], want: [] },
    { case: 'DNS-label exclude is an exact name', include: [], exclude: ['kube'], want: NAMESPACES },
    { case: 'DNS-label exclude removes that name only', include: [], exclude: ['default'], want: NAMESPACES.filter((n) => n !== 'default') },
    {
      case: '^kube-* is an unanchored-at-end regex',
      include: [],
      exclude: ['^kube-*'],
      want: ['default', 'payments', 'prod-api', 'my-kube-tools'],
    },
    { case: 'regex is unanchored: kube- matches inside names', include: [], exclude: ['kube-.'], want: ['default', 'payments', 'prod-api'] },
    { case: 'a literal with a dot is a regex', include: [], exclude: ['prod.api'], want: NAMESPACES.filter((n) => n !== 'prod-api') },
    { case: 'exclude wins over include', include: ['default', 'kube-system'], exclude: ['kube-system'], want: ['default'] },
    { case: 'exclude regex wins over include', include: ['kube-public', 'payments'], exclude: ['^kube'], want: ['payments'] },
    { case: 'include of an absent namespace selects nothing extra', include: ['nope'], exclude: [], want: [] },
    { case: 'upper case is not a DNS label, so a regex', include: [], exclude: ['DEFAULT|payments'], want: NAMESPACES.filter((n) => n !== 'payments') },
  ])('$case', ({ include, exclude, want }) => {
    const matcher = matcherFor(include, exclude);
    expect(NAMESPACES.filter((name) => matcher.isSelected(name))).toEqual(want);
    expect(matcher.include).toEqual(include);
  });

  it('reports every invalid exclude regex with its index, and nothing else', () => {
    const compiled = compileNamespaceSelectors({ include: [], exclude: ['default', '(', '^ok-.*', '[a-'], ignoreEmpty: false });
    if (!('problems' in compiled)) throw new Error('expected problems');
    expect(compiled.problems.map((p) => p.path)).toEqual(['namespace-selectors.exclude[1]', 'namespace-selectors.exclude[3]']);
    expect(compiled.problems[0]?.message).toMatch(/^expected a valid regular expression, got "\(" \(.+\); fix or remove the pattern$/);
    expect(compiled.problems[1]?.message).toContain('got "[a-"');
  });
});

describe('isDnsLabel', () => {
  it.each([
    { value: 'default', want: true },
    { value: 'kube-system', want: true },
    { value: 'a', want: true },
    { value: '0abc', want: true },
    { value: '-abc', want: false },
    { value: 'abc-', want: false },
    { value: 'Abc', want: false },
    { value: 'a.b', want: false },
    { value: '^kube-*', want: false },
    { value: '', want: false },
  ])('$value → $want', ({ value, want }) => {
    expect(isDnsLabel(value)).toBe(want);
  });
});

describe('compilePatternList', () => {
  it('compiles unanchored regexes', () => {
    const compiled = compilePatternList(['^team$', 'app\\.kubernetes'], 'metadata-collection.pods.include-labels');
    expect('regexes' in compiled && compiled.regexes.map((r) => r.test('app.kubernetes.io/name'))).toEqual([false, true]);
  });

  it('names the key path and index of each bad pattern', () => {
    const compiled = compilePatternList(['ok', '*bad', '(x'], 'account-routes.team-a.namespaces');
    if (!('problems' in compiled)) throw new Error('expected problems');
    expect(compiled.problems.map((p) => [p.path, p.message.includes(p.path.endsWith('[1]') ? '"*bad"' : '"(x"')])).toEqual([
      ['account-routes.team-a.namespaces[1]', true],
      ['account-routes.team-a.namespaces[2]', true],
    ]);
  });
});

describe('never throws on arbitrary input', () => {
  it('compiles and matches arbitrary selectors and names', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.string()), fc.string(), (include, exclude, name) => {
        const compiled = compileNamespaceSelectors({ include, exclude, ignoreEmpty: false });
        if ('matcher' in compiled) {
          const selected = compiled.matcher.isSelected(name);
          if (exclude.includes(name) && isDnsLabel(name)) expect(selected).toBe(false);
        } else {
          expect(compiled.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
