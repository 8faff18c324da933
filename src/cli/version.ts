/** `kai version`: what is running, for bug reports and for pipelines (`-o json`). */
import { readFile } from 'node:fs/promises';

export interface VersionInfo {
  readonly application: 'kai';
  readonly version: string;
  readonly commit: string;
  readonly buildDate: string;
  readonly nodeVersion: string;
  readonly platform: string;
}

async function readJsonFile(url: URL): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(url, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // A missing build-info.json only means "built without git": report what is known.
    return {};
  }
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Reads package.json and dist/build-info.json relative to the compiled code. */
export async function readVersionInfo(): Promise<VersionInfo> {
  const pkg = await readJsonFile(new URL('../../package.json', import.meta.url));
  const build = await readJsonFile(new URL('../build-info.json', import.meta.url));
  return {
    application: 'kai',
    version: asString(pkg['version']),
    commit: asString(build['commit']),
    buildDate: asString(build['buildDate']),
    nodeVersion: process.version,
    platform: `${process.platform}/${process.arch}`,
  };
}

export function renderVersionText(info: VersionInfo): string {
  const rows: [string, string][] = [
    ['Application:', info.application],
    ['Version:', info.version],
    ['Commit:', info.commit || 'unknown'],
    ['Build date:', info.buildDate || 'unknown'],
    ['Node version:', info.nodeVersion],
    ['Platform:', info.platform],
  ];
  return rows.map(([k, v]) => `${k.padEnd(14)}${v}\n`).join('');
}
