/**
 * The least Anchore Enterprise that lets kai run in periodic mode during a benchmark: /version
 * (5.11, API v2), integration registration, health reports, and inventory POSTs, each of which is
 * recorded with its arrival time. Loopback only, no auth checks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedInventory {
  readonly atMs: number;
  /** The raw JSON body: large at 150k pods, so it is searched, not parsed. */
  readonly body: string;
}

export interface SimAnchore {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Inventory POSTs received so far. */
  inventoryCount: number;
  /** The last one (only the last is kept: each is tens of MB at 150k pods). */
  lastInventory: ReceivedInventory | undefined;
  /** Called after each inventory POST is recorded. */
  onInventory: ((received: ReceivedInventory) => void) | undefined;
  close(): Promise<void>;
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSimAnchore(): Promise<SimAnchore> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const anchore: SimAnchore = {
    url: `http://127.0.0.1:${port}`,
    user: 'admin',
    password: 'kai-bench-password',
    inventoryCount: 0,
    lastInventory: undefined,
    onInventory: undefined,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
  const answer = (req: IncomingMessage, body: string): [number, unknown] => {
    const path = new URL(req.url ?? '/', 'http://anchore').pathname;
    if (req.method === 'GET' && path === '/version') return [200, { service: { version: '5.11.0' }, api: { version: '2' } }];
    if (path.endsWith('/system/integrations/registration')) return [200, { uuid: 'kai-bench-integration', ...(JSON.parse(body) as object) }];
    if (path.endsWith('/health-report')) return [200, {}];
    if (!path.endsWith('/kubernetes-inventory')) return [404, { message: `sim-anchore: no ${req.method ?? ''} ${path}` }];
    const received = { atMs: performance.now(), body };
    anchore.inventoryCount += 1;
    anchore.lastInventory = received;
    anchore.onInventory?.(received);
    return [201, {}];
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      const [code, json] = answer(req, body);
      reply(res, code, json);
    });
  });
  return anchore;
}
