/** `GET /version` (SPEC section 5): which API the server speaks and which Enterprise release it is. */
import { AnchoreRequestError } from './errors.ts';

export interface AnchoreVersion {
  /** `api.version`: "2" for Enterprise 5.x; absent or other on 4.x ('' when absent). */
  readonly apiVersion: string;
  /** `service.version`, e.g. "5.11.0" ('' when absent). */
  readonly serviceVersion: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function parseVersionBody(body: unknown, endpoint: string): AnchoreVersion {
  if (typeof body !== 'object' || body === null) {
    throw new AnchoreRequestError('GET /version: Anchore answered without a JSON object', {
      kind: 'Rejected',
      endpoint,
      hint: 'Check that anchore.url is the Anchore Enterprise API URL',
    });
  }
  return {
    apiVersion: asText(field(field(body, 'api'), 'version')),
    serviceVersion: asText(field(field(body, 'service'), 'version')),
  };
}

/** `5.11.0` -> [5, 11, 0]; undefined when the text does not start with a number. */
export function parseRelease(version: string): number[] | undefined {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
  return match?.[1] === undefined ? undefined : match[1].split('.').map(Number);
}

/** True when `version` is at least `minimum` (both dotted numbers); false when it cannot be parsed. */
export function isAtLeast(version: string, minimum: string): boolean {
  const have = parseRelease(version);
  const want = parseRelease(minimum) ?? [];
  if (have === undefined) return false;
  for (let i = 0; i < Math.max(have.length, want.length); i += 1) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** Enterprise releases that accept integration registration and health reports. */
export const REGISTRATION_MIN_VERSION = '5.11';
