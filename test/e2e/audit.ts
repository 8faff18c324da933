/**
 * Reads the kube-apiserver audit log (Metadata level for list/watch/get of pods, namespaces and
 * nodes; see cluster.ts) so tests can count the requests kai really made, e.g. pages of a list.
 */
import { readFileSync, statSync } from 'node:fs';

export interface AuditEvent {
  readonly verb: string;
  readonly requestURI: string;
  readonly user: { readonly username: string };
  readonly objectRef?: { readonly resource?: string; readonly namespace?: string; readonly name?: string };
  readonly responseStatus?: { readonly code?: number };
  readonly stage: string;
  readonly userAgent?: string;
}

/** The current end of the log: events after this mark belong to what runs next. */
export function auditMark(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readEvents(path: string, from: number): AuditEvent[] {
  const text = readFileSync(path).subarray(from).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditEvent)
    .filter((e) => e.stage === 'ResponseComplete');
}

async function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Events since `mark` by `username`, once the log has stopped growing (the apiserver writes an
 * event right after the response, so the last one can trail the client by a few milliseconds).
 */
export async function auditSince(path: string, mark: number, username: string): Promise<AuditEvent[]> {
  let size = -1;
  for (let i = 0; i < 20 && auditMark(path) !== size; i += 1) {
    size = auditMark(path);
    await sleep(100);
  }
  return readEvents(path, mark).filter((e) => e.user.username === username);
}

/** The query parameters of an event's request URI. */
export function queryOf(event: AuditEvent): URLSearchParams {
  return new URL(event.requestURI, 'https://apiserver').searchParams;
}

/** List calls (verb `list`, not watches) of one resource, optionally in one namespace. */
export function listCalls(events: readonly AuditEvent[], resource: string, namespace?: string): AuditEvent[] {
  return events.filter((e) => e.verb === 'list' && e.objectRef?.resource === resource && (namespace === undefined || e.objectRef.namespace === namespace));
}
