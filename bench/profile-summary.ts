/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, e.g. from `npm run bench -- --cpu-prof`): self
 * time per function and per source file, heaviest first, so findings can name what costs what.
 *
 *   node bench/profile-summary.ts bench/results/profiles/CPU.….cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileLine {
  readonly name: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: readonly ProfileLine[];
  readonly byFile: readonly ProfileLine[];
}

function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  return url.replace(/^file:\/\/.*\/(dist|src|bench)\//, '$1/');
}

function top(map: Map<string, number>, totalUs: number, count: number): ProfileLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), percent: Math.round((us / totalUs) * 1000) / 10 }));
}

export function summarizeProfile(profile: CpuProfile, count = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalUs += us;
    const file = shortUrl(frame.url);
    const name = `${frame.functionName === '' ? '(anonymous)' : frame.functionName} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  return { totalMs: Math.round(totalUs / 1000), byFunction: top(byFunction, totalUs, count), byFile: top(byFile, totalUs, count) };
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const lines = (title: string, rows: readonly ProfileLine[]): string[] => [
    title,
    ...rows.map((r) => `${String(r.selfMs).padStart(7)} ms ${r.percent.toFixed(1).padStart(5)}%  ${r.name}`),
  ];
  return [`sampled ${summary.totalMs} ms`, ...lines('self time by function:', summary.byFunction), '', ...lines('self time by file:', summary.byFile)].join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: node bench/profile-summary.ts FILE.cpuprofile [top]');
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  console.log(formatProfileSummary(summarizeProfile(profile, Number(process.argv[3] ?? '25'))));
}
