/**
 * The floor: the least work that still reads every pod. It pages `/api/v1/pods?limit=500` with
 * fetch + JSON.parse, counts the items and keeps nothing else. Run as its own process by the
 * benchmark, like kai and kubectl, so all three pay process start-up:
 *
 *   KAI_BENCH_URL=http://127.0.0.1:PORT KAI_BENCH_TOKEN=… node bench/floor.ts [limit]
 *
 * Prints `{"pods":N,"pages":M}` on stdout.
 */

interface PodListPage {
  readonly items: readonly unknown[];
  readonly metadata?: { readonly continue?: string };
}

async function fetchAllPods(base: string, token: string, limit: number): Promise<{ pods: number; pages: number }> {
  let pods = 0;
  let pages = 0;
  let continueToken = '';
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    if (continueToken !== '') query.set('continue', continueToken);
    const res = await fetch(`${base}/api/v1/pods?${query.toString()}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!res.ok) throw new Error(`floor: GET /api/v1/pods answered ${res.status}`);
    const page = JSON.parse(await res.text()) as PodListPage;
    pods += page.items.length;
    pages += 1;
    continueToken = page.metadata?.continue ?? '';
  } while (continueToken !== '');
  return { pods, pages };
}

const base = process.env['KAI_BENCH_URL'] ?? '';
const bearer = process.env['KAI_BENCH_TOKEN'] ?? '';
if (base === '') throw new Error('floor: set KAI_BENCH_URL to the simulated API server (http://127.0.0.1:PORT)');
const result = await fetchAllPods(base, bearer, Number(process.argv[2] ?? '500'));
process.stdout.write(`${JSON.stringify(result)}\n`);
