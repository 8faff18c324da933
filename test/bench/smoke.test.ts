// The benchmark is not a test and does not run in CI; this smoke run of its smallest size does, so
// the harness (simulated server, floor, kai, output check, table) cannot rot. No timing assertions.
import { afterAll, describe, expect, it } from 'vitest';
import { runBenchmark, SIZES, type ResultRow } from '../../bench/harness.ts';
import { checkTargets, formatTable } from '../../bench/report.ts';
import { SimCluster } from '../../bench/sim-cluster.ts';
import { startSimServer } from '../../bench/sim-server.ts';
import { measureSteadyState } from '../../bench/steady-state.ts';
import { findKubectl, snapshotKaiBuild, TOOLS } from '../../bench/tools.ts';
import { checkKaiOutput, expectedResults } from '../../bench/verify.ts';

const kai = snapshotKaiBuild();
afterAll(() => {
  kai.remove();
});

function rowOf(rows: readonly ResultRow[], tool: string): ResultRow {
  const row = rows.find((r) => r.tool === tool);
  if (row === undefined) throw new Error(`no ${tool} row`);
  return row;
}

describe('bench smoke run (1k pods / 10 namespaces)', () => {
  it('measures floor, kai and kubectl, and kai prints the generated cluster exactly', async () => {
    const rows = await runBenchmark({
      sizes: [SIZES['1k/10ns']],
      tools: TOOLS,
      repeat: 1,
      kubectlMaxPods: 10_000,
      kaiArgs: [],
      nodeArgs: [],
      timeoutMs: 60_000,
      log: () => undefined,
      kubectlVersion: findKubectl(),
      kaiBin: kai.bin,
    });
    expect(rows.map((r) => r.tool)).toEqual(['floor', 'kai', 'kubectl']);
    const kaiRow = rowOf(rows, 'kai');
    expect(kaiRow.note).toBe('');
    expect(kaiRow.output).toMatchObject({ isCorrect: true, namespaces: 10 });
    expect(kaiRow.requests).toBeGreaterThan(0);
    expect(kaiRow.mbRead).toBeGreaterThan(3);
    expect(kaiRow.peakRssMb).toBeGreaterThan(10);
    expect(kaiRow.ratioToFloor).toBeGreaterThan(0);
    const floorRow = rowOf(rows, 'floor');
    expect(floorRow).toMatchObject({ note: '', requests: 2, listRequests: 2, ratioToFloor: 1 });
    const kubectlRow = rowOf(rows, 'kubectl');
    if (kubectlRow.runs === 0) expect(kubectlRow.note).toMatch(/apt-get install kubectl/);
    else expect(kubectlRow.note).toBe('');
    expect(formatTable(rows)).toMatch(/\| 1k\/10ns +\| kai +\| +\d+\.\d\d \|/);
    expect(checkTargets(rows)[0]).toMatchObject({ isMet: true });
  }, 60_000);
});

describe('bench periodic-mode measurement (1k pods)', () => {
  it('counts requests per agent cycle and sees a changed pod in the next report', async () => {
    if (kai.bin === undefined) throw new Error('kai is not built: the global setup runs npm run build');
    const result = await measureSteadyState({
      size: SIZES['1k/10ns'],
      kaiBin: kai.bin,
      steadyCycles: 1,
      intervalSeconds: 1,
      timeoutMs: 20_000,
      log: () => undefined,
    });
    expect(result.note).toBe('');
    expect(result.firstCycle?.requests).toBeGreaterThan(0);
    expect(result.steadyCycles).toHaveLength(1);
    expect(result.isChangeReported).toBe(true);
    expect(result.peakRssMb).toBeGreaterThan(10);
  }, 60_000);
});

describe('bench output check', () => {
  const cluster = new SimCluster({ label: 'tiny', pods: 60, namespaces: 4, latencyMs: 0 });
  const expected = expectedResults(cluster);
  const report = (results: unknown): string => JSON.stringify({ timestamp: 't', results, cluster_name: 'sim' });

  it('accepts the expected report', () => {
    expect(checkKaiOutput(report(expected), expected)).toMatchObject({ isCorrect: true, namespaces: 4 });
  });

  it.each([
    { name: 'a namespace missing', results: expected.slice(1), want: /3 namespaces in the output, 4 expected/ },
    { name: 'an image missing', results: expected.map((ns, i) => (i === 2 ? { ...ns, images: ns.images.slice(1) } : ns)), want: /namespace #2 differs/ },
    { name: 'images reordered', results: expected.map((ns, i) => (i === 0 ? { ...ns, images: [...ns.images].reverse() } : ns)), want: /namespace #0 differs/ },
  ])('rejects output with $name', ({ results, want }) => {
    const check = checkKaiOutput(report(results), expected);
    expect(check.isCorrect).toBe(false);
    expect(check.detail).toMatch(want);
  });

  it('rejects output that is not JSON', () => {
    expect(checkKaiOutput('No Images found\n', expected)).toMatchObject({ isCorrect: false, detail: expect.stringMatching(/not JSON/) as unknown });
  });
});

describe('simulated API server', () => {
  it.each([
    { path: '/api/v1/pods', limit: 7, want: 45 },
    { path: '/api/v1/namespaces/web-prod-00004/pods', limit: 4, want: 9 },
    { path: '/api/v1/namespaces/no-such-namespace/pods', limit: 4, want: 0 },
  ])('pages $path with limit $limit: every pod once', async ({ path, limit, want }) => {
    const sim = await startSimServer(new SimCluster({ label: 't', pods: 45, namespaces: 5, latencyMs: 0 }), { tls: false });
    try {
      const names: string[] = [];
      let cont = '';
      do {
        const res = await fetch(`${sim.url}${path}?limit=${limit}${cont === '' ? '' : `&continue=${cont}`}`, { headers: { authorization: `Bearer ${sim.token}` } });
        const page = (await res.json()) as { items: { metadata: { namespace: string; name: string } }[]; metadata: { continue?: string } };
        expect(page.items.length).toBeLessThanOrEqual(limit);
        names.push(...page.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
        cont = page.metadata.continue ?? '';
      } while (cont !== '');
      expect(names).toHaveLength(want);
      expect(new Set(names).size).toBe(want);
      expect(sim.counters.listRequests).toBe(Math.max(1, Math.ceil(want / limit)));
    } finally {
      await sim.close();
    }
  });

  it.each([
    { path: '/api/v1/pods', kind: 'Pod' },
    { path: '/api/v1/namespaces', kind: 'Namespace' },
    { path: '/api/v1/nodes', kind: 'Node' },
  ])('keeps a watch of $path open and sends it bookmarks', async ({ path, kind }) => {
    const sim = await startSimServer(new SimCluster({ label: 't', pods: 10, namespaces: 2, latencyMs: 0 }), { tls: false });
    try {
      const res = await fetch(`${sim.url}${path}?watch=1&allowWatchBookmarks=true&resourceVersion=1`, { headers: { authorization: `Bearer ${sim.token}` } });
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await expect.poll(() => sim.activeWatches).toBe(1);
      sim.sendBookmarks();
      const first = await reader.read();
      const event = JSON.parse(new TextDecoder().decode(first.value)) as { type: string; object: { kind: string } };
      expect(event).toMatchObject({ type: 'BOOKMARK', object: { kind } });
      expect(sim.counters).toMatchObject({ listRequests: 0, byRoute: { watch: 1 } });
      await reader.cancel();
    } finally {
      await sim.close();
    }
  });

  it('serves realistic pods of about 3–4 KB and refuses requests without the token', async () => {
    const sim = await startSimServer(new SimCluster({ label: 't', pods: 200, namespaces: 2, latencyMs: 0 }), { tls: false });
    try {
      const denied = await fetch(`${sim.url}/api/v1/pods`);
      expect(denied.status).toBe(401);
      const res = await fetch(`${sim.url}/api/v1/pods?limit=200`, { headers: { authorization: `Bearer ${sim.token}` } });
      const text = await res.text();
      const pods = (JSON.parse(text) as { items: { metadata: { managedFields: unknown[] }; spec: { containers: unknown[] } }[] }).items;
      expect(pods).toHaveLength(200);
      expect(text.length / 200).toBeGreaterThan(3000);
      expect(text.length / 200).toBeLessThan(5000);
      expect(pods.every((p) => p.metadata.managedFields.length > 0 && p.spec.containers.length > 0)).toBe(true);
      expect(sim.counters.bytes).toBeGreaterThan(text.length);
    } finally {
      await sim.close();
    }
  });
});
