/**
 * Turns result rows into the printed table, the target verdicts of issue 6, and the results JSON
 * (bench/results/latest.json) that runs can be compared with.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResultRow } from './harness.ts';
import type { SteadyStateResult } from './steady-state.ts';
import { REPO_ROOT } from './tools.ts';

export interface TargetVerdict {
  readonly target: string;
  readonly measured: string;
  /** null when the figures needed were not measured (size or tool skipped). */
  readonly isMet: boolean | null;
}

export const TABLE_COLUMNS = ['size', 'tool', 'wall s', 'cpu s', 'requests', 'list req', 'MB read', 'pods/s', 'peak RSS MB', 'x floor'] as const;

function cell(value: number | null, digits = 0): string {
  if (value === null) return '–';
  return digits === 0 ? String(Math.round(value)) : value.toFixed(digits);
}

function rowCells(row: ResultRow): string[] {
  if (row.runs === 0) return [row.size, row.tool, ...TABLE_COLUMNS.slice(2).map(() => '–')];
  return [
    row.size,
    row.tool,
    cell(row.wallS, 2),
    cell(row.cpuS, 2),
    cell(row.requests),
    cell(row.listRequests),
    cell(row.mbRead, 1),
    cell(row.podsPerS),
    cell(row.peakRssMb),
    row.ratioToFloor === null ? '–' : `${row.ratioToFloor.toFixed(2)}x`,
  ];
}

/** A plain-text table (also valid Markdown) of every row, then the notes of skipped or failed runs. */
export function formatTable(rows: readonly ResultRow[], style: 'text' | 'markdown' = 'text'): string {
  const body = rows.map(rowCells);
  const all = [[...TABLE_COLUMNS], ...body];
  const widths = TABLE_COLUMNS.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const isNumeric = (i: number): boolean => i >= 2;
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (isNumeric(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (style === 'markdown' && isNumeric(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const notes = rows.filter((r) => r.note !== '').map((r) => `- ${r.size} ${r.tool}: ${r.note}`);
  return [line(TABLE_COLUMNS), rule, ...body.map(line), ...(notes.length === 0 ? [] : ['', ...notes])].join('\n');
}

function find(rows: readonly ResultRow[], size: string, tool: string): ResultRow | undefined {
  const row = rows.find((r) => r.size === size && r.tool === tool);
  return row === undefined || row.runs === 0 || row.note !== '' ? undefined : row;
}

function floorRatioTarget(rows: readonly ResultRow[], size: string, max: number): TargetVerdict {
  const kai = find(rows, size, 'kai');
  const target = `${size}: kai wall time <= ${max}x the floor`;
  if (kai?.ratioToFloor === null || kai === undefined) return { target, measured: 'not measured', isMet: null };
  return { target, measured: `${kai.ratioToFloor.toFixed(2)}x (${cell(kai.wallS, 2)} s)`, isMet: kai.ratioToFloor <= max };
}

function kubectlTarget(rows: readonly ResultRow[]): TargetVerdict {
  const kai = find(rows, '10k/100ns', 'kai');
  const kubectl = find(rows, '10k/100ns', 'kubectl');
  const target = '10k/100ns: kai >= 8x faster than kubectl get pods -A -o json';
  if (kai?.wallS == null || kubectl?.wallS == null) return { target, measured: 'not measured', isMet: null };
  const speedup = kubectl.wallS / kai.wallS;
  return { target, measured: `${speedup.toFixed(2)}x (kubectl ${cell(kubectl.wallS, 2)} s)`, isMet: speedup >= 8 };
}

function memoryTarget(rows: readonly ResultRow[]): TargetVerdict {
  const kai = rows.find((r) => r.size === '150k/10000ns' && r.tool === 'kai');
  const target = '150k/10000ns: completes, correct JSON output, peak RSS <= 300 MB';
  if (kai === undefined || kai.runs === 0) return { target, measured: 'not measured', isMet: null };
  if (kai.note !== '') return { target, measured: kai.note.slice(0, 160), isMet: false };
  return { target, measured: `${cell(kai.peakRssMb)} MB, ${kai.output?.detail ?? ''}`, isMet: (kai.peakRssMb ?? Infinity) <= 300 && kai.output?.isCorrect === true };
}

function correctnessTarget(rows: readonly ResultRow[]): TargetVerdict {
  const kaiRows = rows.filter((r) => r.tool === 'kai' && r.runs > 0);
  const wrong = kaiRows.filter((r) => r.output?.isCorrect !== true);
  return {
    target: 'every size: kai exits 0 and its JSON equals the generated cluster\'s report',
    measured: wrong.length === 0 ? `${kaiRows.length} sizes correct` : wrong.map((r) => `${r.size}: ${r.note || r.output?.detail || 'no output'}`).join('; '),
    isMet: kaiRows.length === 0 ? null : wrong.length === 0,
  };
}

/** The targets of issue 6 that one-shot runs can check. */
export function checkTargets(rows: readonly ResultRow[]): TargetVerdict[] {
  return [
    correctnessTarget(rows),
    floorRatioTarget(rows, '10k/100ns', 1.5),
    kubectlTarget(rows),
    floorRatioTarget(rows, '10k/2000ns+20ms', 2),
    memoryTarget(rows),
  ];
}

export function formatTargets(verdicts: readonly TargetVerdict[]): string {
  const mark = (v: TargetVerdict): string => (v.isMet === null ? 'n/a ' : v.isMet ? 'MET ' : 'MISS');
  return verdicts.map((v) => `${mark(v)}  ${v.target}: ${v.measured}`).join('\n');
}

/** Periodic-mode verdicts: <= 10 requests per unchanged cycle, a changed pod shows up next cycle. */
export function checkSteadyState(result: SteadyStateResult): TargetVerdict[] {
  const requests = result.maxSteadyRequests;
  return [
    {
      target: `${result.size} periodic: <= 10 API requests per steady-state cycle`,
      measured: requests === null ? `not measured: ${result.note}` : `${requests} at most (first cycle ${result.firstCycle?.requests ?? '?'}), peak RSS ${result.peakRssMb} MB`,
      isMet: requests === null ? null : requests <= 10,
    },
    {
      target: `${result.size} periodic: a changed pod shows up in the next report`,
      measured: result.note === '' ? String(result.isChangeReported) : result.note.slice(0, 200),
      isMet: result.note === '' ? result.isChangeReported : null,
    },
  ];
}

export function formatSteadyState(result: SteadyStateResult): string {
  const cycles = [result.firstCycle, ...result.steadyCycles].filter((c) => c !== null);
  const lines = cycles.map((c, i) => `| ${i === 0 ? 'first (full list)' : `steady ${i}`} | ${c.requests} | ${c.listRequests} | ${c.watchRequests} | ${c.mbRead.toFixed(1)} | ${c.rssMb} |`);
  return ['| cycle | requests | list req | watch req | MB read | RSS MB |', '|---|---:|---:|---:|---:|---:|', ...lines].join('\n');
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} (src/ modified)` : head;
  } catch {
    return 'unknown';
  }
}

export interface ResultsFile {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The checkout the benchmark ran from (`(src/ modified)` when src/ had uncommitted changes). */
  readonly commit: string;
  /** dist/build-info.json of the kai build measured (version, commit, build date), when found. */
  readonly kaiBuild: Readonly<Record<string, unknown>> | null;
  readonly machine: Readonly<Record<string, unknown>>;
  readonly kubectl: string | null;
  readonly options: Readonly<Record<string, unknown>>;
  readonly rows: readonly ResultRow[];
  readonly targets: readonly TargetVerdict[];
  /** Periodic mode (`--steady-state`); null when not measured. */
  readonly steadyState: SteadyStateResult | null;
}

function readBuildInfo(kaiBin: string | undefined): Readonly<Record<string, unknown>> | null {
  if (kaiBin === undefined) return null;
  try {
    return JSON.parse(readFileSync(join(dirname(kaiBin), '../dist/build-info.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function writeResults(path: string, results: Omit<ResultsFile, 'commit' | 'kaiBuild'>, kaiBin: string | undefined): ResultsFile {
  const file: ResultsFile = { ...results, commit: gitCommit(), kaiBuild: readBuildInfo(kaiBin) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}
