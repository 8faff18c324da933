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

async function readJsonFile(url: URL): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(url, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not at this location: try the next one
  }
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Reads dist/build-info.json (written by the build, next to the bundle) or, when running from
 * source, package.json. The code runs from dist/kai.mjs, dist/cli/version.js or src/cli/version.ts,
 * so each candidate location is tried in turn.
 */
export async function readVersionInfo(): Promise<VersionInfo> {
  const candidates = ['./build-info.json', '../build-info.json', '../../dist/build-info.json', '../../package.json'];
  let found: Record<string, unknown> = {};
  for (const candidate of candidates) {
    const json = await readJsonFile(new URL(candidate, import.meta.url));
    if (json !== undefined) {
      found = json;
      break;
    }
  }
  return {
    application: 'kai',
    version: asString(found['version']),
    commit: asString(found['commit']),
    buildDate: asString(found['buildDate']),
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
