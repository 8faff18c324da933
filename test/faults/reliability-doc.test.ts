// docs/reliability.md lists exactly the scenarios the fault suite runs: its generated block must
// equal what test/faults/reliability-table.ts renders from the scenario lists.
// Rewrite it with: KAI_WRITE_DOCS=1 npx vitest run test/faults/reliability-doc.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-kai.ts';
import { ANCHORE_SCENARIOS } from './anchore-scenarios.ts';
import { KUBE_SCENARIOS } from './kube-scenarios.ts';
import { BEGIN, END, readablePattern, renderReliabilityTables } from './reliability-table.ts';
import { SECRET_ERROR_CASES, SECRET_SCENARIOS } from './secret-scenarios.ts';
import { SIGNAL_SCENARIOS } from './signal-scenarios.ts';

const DOC = join(REPO_ROOT, 'docs/reliability.md');
const PROPERTIES = join(REPO_ROOT, 'test/properties');

describe('docs/reliability.md', () => {
  it('holds the scenario tables of the suite as it is', () => {
    const text = readFileSync(DOC, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const rendered = renderReliabilityTables(PROPERTIES);
    if (process.env['KAI_WRITE_DOCS'] === '1') writeFileSync(DOC, `${text.slice(0, start)}${rendered}${text.slice(end + END.length)}`);
    else expect(text.slice(start, end + END.length)).toBe(rendered);
  });

  it.each([
    { list: 'kube', names: KUBE_SCENARIOS.map((s) => s.name) },
    { list: 'anchore', names: ANCHORE_SCENARIOS.map((s) => s.name) },
    { list: 'signals', names: SIGNAL_SCENARIOS.map((s) => s.name) },
    { list: 'secrets', names: [...SECRET_SCENARIOS, ...SECRET_ERROR_CASES].map((s) => s.name) },
  ])('names every $list scenario once, so each row is one test', ({ names }) => {
    expect(new Set(names).size).toBe(names.length);
  });

  it.each([
    { pattern: /list pods in namespace "ns-03": 503 Service Unavailable.*gave up after 5 attempts/, want: 'list pods in namespace "ns-03": 503 Service Unavailable … gave up after 5 attempts' },
    { pattern: /no answer from http:\/\/127\.0\.0\.1:\d+ within 1 s/, want: 'no answer from http://127.0.0.1:N within 1 s' },
  ])('renders reason patterns readably: $want', ({ pattern, want }) => {
    expect(readablePattern(pattern)).toBe(want);
  });
});
