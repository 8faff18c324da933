/**
 * Writes a results file's table, targets and machine into docs/performance.md, between the
 * `<!-- bench:results:start -->` and `<!-- bench:results:end -->` markers. run.ts calls it after
 * a full run (every size); by hand: `node bench/update-docs.ts [bench/results/latest.json]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSteadyState, checkTargets, formatSteadyState, formatTable, formatTargets, type ResultsFile } from './report.ts';
import { REPO_ROOT } from './tools.ts';

export const DOCS_PATH = join(REPO_ROOT, 'docs/performance.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function describeRun(results: ResultsFile): string {
  const m = results.machine;
  const load = (key: string): string => (Array.isArray(m[key]) ? (m[key] as number[]).join(' / ') : '?');
  const built = results.kaiBuild?.['commit'];
  const checkout = `bench checkout \`${results.commit}\``;
  const kai = typeof built === 'string' && built !== '' ? `kai build-info commit \`${built.slice(0, 7)}\` (${checkout})` : checkout;
  return [
    `Run of ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${kai}, ${String(results.options['repeat'])} runs per tool`,
    `(median wall time; one run at 150k). Machine: ${String(m['cpus'])} × ${String(m['cpuModel'])}, ${String(m['memoryGb'])} GB RAM,`,
    `Node ${String(m['node'])}, kubectl ${results.kubectl ?? 'not installed'}. Load average (1/5/15 min) before: ${load('loadAverageBefore')},`,
    `after: ${load('loadAverageAfter')}.`,
  ].join('\n');
}

export function renderResultsSection(results: ResultsFile): string {
  const parts = [
    describeRun(results),
    '',
    formatTable(results.rows, 'markdown'),
    '',
    '```',
    // Verdicts are recomputed from the rows, so a wording fix in report.ts reaches old results too.
    formatTargets([...checkTargets(results.rows), ...(results.steadyState === null ? [] : checkSteadyState(results.steadyState))]),
    '```',
  ];
  if (results.steadyState !== null) parts.push('', `Periodic mode, ${results.steadyState.size}:`, '', formatSteadyState(results.steadyState));
  return parts.join('\n');
}

/** Replaces the marked section of docs/performance.md; throws when the markers are missing. */
export function updatePerformanceDoc(results: ResultsFile, path = DOCS_PATH): void {
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path}: the ${START} … ${END} markers are missing`);
  writeFileSync(path, `${doc.slice(0, start + START.length)}\n${renderResultsSection(results)}\n${doc.slice(end)}`);
}

if (import.meta.filename === process.argv[1]) {
  const file = process.argv[2] ?? join(REPO_ROOT, 'bench/results/latest.json');
  updatePerformanceDoc(JSON.parse(readFileSync(file, 'utf8')) as ResultsFile);
  console.log(`updated ${DOCS_PATH} from ${file}`);
}
