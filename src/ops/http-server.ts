/**
 * The agent's operations endpoint: /healthz (liveness), /readyz (readiness) and /metrics
 * (Prometheus text format) for the Helm chart's probes and for scraping. node:http only: three
 * fixed routes do not need a framework.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.ts';
import type { LivenessVerdict, ReadinessVerdict } from './readiness.ts';

export interface OpsServerOptions {
  /** 0 picks a free port (tests); the agent's `health.port` in production. */
  readonly port: number;
  readonly host: string;
  readonly metrics: { render(): Promise<string>; readonly contentType: string };
  readonly readiness: () => ReadinessVerdict;
  readonly liveness: () => LivenessVerdict;
  readonly log: Logger;
}

export interface OpsServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    handleRequest(options, req, res).catch((error: unknown) => {
      options.log.error({ err: error, path: req.url }, 'ops endpoint failed');
      sendText(res, 500, 'internal error\n');
    });
  });
  await listen(server, options);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  options.log.info({ url }, 'ops server listening (/healthz, /readyz, /metrics)');
  return { url, close: () => closeServer(server) };
}

function listen(server: Server, options: OpsServerOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(new Error(`cannot listen on ${options.host}:${options.port} for health.port: ${error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
    // Prometheus and kubelet keep connections alive; without this close() waits for them to idle out.
    server.closeAllConnections();
  });
}

async function handleRequest(options: OpsServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendText(res, 405, 'method not allowed\n');
    return;
  }
  const path = new URL(req.url ?? '/', 'http://ops').pathname;
  switch (path) {
    case '/healthz': {
      const { alive, reason } = options.liveness();
      sendProbe(res, alive, reason);
      return;
    }
    case '/readyz': {
      const { ready, reason } = options.readiness();
      sendProbe(res, ready, reason);
      return;
    }
    case '/metrics': {
      const body = await options.metrics.render();
      res.setHeader('content-type', options.metrics.contentType);
      res.end(body);
      return;
    }
    default:
      sendText(res, 404, 'not found: try /healthz, /readyz or /metrics\n');
  }
}

function sendProbe(res: ServerResponse, isOk: boolean, reason: string): void {
  res.statusCode = isOk ? 200 : 503;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.end(`${JSON.stringify({ status: isOk ? 'ok' : 'failing', reason })}\n`);
}

function sendText(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(body);
}
