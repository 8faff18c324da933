/**
 * Pagination against the real API server: with a small request-batch-size kai must follow the
 * server's continue tokens, page by page, and still report everything. The pages are counted in
 * the apiserver's audit log, not trusted from kai's own logs.
 */
import { describe, expect, it } from 'vitest';
import { auditMark, auditSince, listCalls, queryOf, type AuditEvent } from './audit.ts';
import { E2E_USERS } from './cluster.ts';
import { e2eContext } from './context.ts';
import { expectedImages } from './expected.ts';
import { kaiArgs, parseJsonReport, rowsOf } from './helpers.ts';
import { createKubeAdmin } from './kube-admin.ts';
import { describeRun, runKai, writeConfig, type KaiResult } from './run-kai.ts';
import { SEED_PODS } from './seed-data.ts';

const ctx = e2eContext();
const BIG_PODS = SEED_PODS.filter((p) => p.namespace === 'big').length;

async function runAudited(args: string[], env: Record<string, string> = {}): Promise<{ run: KaiResult; events: AuditEvent[] }> {
  const mark = auditMark(ctx.cluster.auditLogPath);
  const run = await runKai(kaiArgs('admin', ...args), { env });
  const events = await auditSince(ctx.cluster.auditLogPath, mark, E2E_USERS.admin.name);
  return { run, events };
}

async function namespaceCount(): Promise<number> {
  const admin = createKubeAdmin({ server: ctx.cluster.server, caPath: ctx.cluster.caPath, token: ctx.cluster.tokens.admin });
  try {
    return (await admin.request<{ items: unknown[] }>('GET', '/api/v1/namespaces')).items.length;
  } finally {
    await admin.close();
  }
}

/** Pods listed in `big`: per-namespace lists, or the cluster-wide list's pages. */
function podPages(events: readonly AuditEvent[]): AuditEvent[] {
  const inBig = listCalls(events, 'pods', 'big');
  return inBig.length > 0 ? inBig : listCalls(events, 'pods').filter((e) => e.objectRef?.namespace === undefined);
}

describe('pagination with request-batch-size 2 (KAI_KUBERNETES_REQUEST_BATCH_SIZE)', () => {
  it('requests every page with limit=2 and continue, and reports the same images', async () => {
    const { run, events } = await runAudited(['-o', 'json'], { KAI_KUBERNETES_REQUEST_BATCH_SIZE: '2' });
    expect(run.code, describeRun(run)).toBe(0);
    expect(rowsOf(parseJsonReport(run))).toEqual(expectedImages());

    const nsPages = listCalls(events, 'namespaces');
    expect(nsPages.length, 'namespace list pages').toBe(Math.ceil((await namespaceCount()) / 2));
    for (const page of nsPages) expect(queryOf(page).get('limit')).toBe('2');
    expect(nsPages.filter((p) => queryOf(p).has('continue')).length).toBe(nsPages.length - 1);

    const pages = podPages(events);
    expect(pages.length, 'pod list pages').toBeGreaterThanOrEqual(Math.ceil(BIG_PODS / 2));
    for (const p of pages) expect(queryOf(p).get('limit')).toBe('2');
    expect(pages.every((p) => p.responseStatus?.code === 200)).toBe(true);
  });

  it('takes the batch size from the config file key kubernetes.request-batch-size', async () => {
    const config = writeConfig('kubernetes:\n  request-batch-size: 4\n');
    const { run, events } = await runAudited(['-c', config, '-n', 'big']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(rowsOf(parseJsonReport(run))).toEqual(expectedImages({ include: ['big'] }));
    const pages = listCalls(events, 'pods', 'big');
    expect(pages).toHaveLength(Math.ceil(BIG_PODS / 4));
    expect(pages.map((p) => queryOf(p).get('limit'))).toEqual(pages.map(() => '4'));
  });

  it('the --request-batch-size flag wins over the environment', async () => {
    const { run, events } = await runAudited(['--request-batch-size', '3', '-n', 'big'], { KAI_KUBERNETES_REQUEST_BATCH_SIZE: '1' });
    expect(run.code, describeRun(run)).toBe(0);
    expect(listCalls(events, 'pods', 'big')).toHaveLength(Math.ceil(BIG_PODS / 3));
  });

  it('makes one request per list with the default batch size of 100', async () => {
    const { run, events } = await runAudited(['-o', 'json']);
    expect(run.code, describeRun(run)).toBe(0);
    const lists = [...listCalls(events, 'namespaces'), ...listCalls(events, 'pods')];
    expect(lists.length).toBeGreaterThan(0);
    for (const l of lists) {
      expect(queryOf(l).get('limit')).toBe('100');
      expect(queryOf(l).has('continue')).toBe(false);
    }
  });
});
