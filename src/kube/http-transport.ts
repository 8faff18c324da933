/**
 * One shared undici Agent (keep-alive) built from the kubeconfig's TLS material, and the raw
 * request primitive the client builds on. Auth headers come from client-node's KubeConfig, so
 * exec plugins, auth providers and rotating service-account tokens keep working.
 */
import type { RequestOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError, UsageError } from '../errors.ts';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Dispatcher.ResponseData['body'];
}

export interface HttpTransport {
  readonly server: string;
  send(options: { path: string; signal: AbortSignal; isStream: boolean }): Promise<RawResponse>;
  /** Forget cached auth headers (after a 401, in case the token rotated). */
  invalidateAuth(): void;
  close(): Promise<void>;
}

/** Auth headers are recomputed at most this often: exec plugins and token files cache anyway. */
const AUTH_CACHE_MS = 30_000;

async function readHttpsOptions(kc: KubeConfig): Promise<RequestOptions> {
  const opts: RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  return opts;
}

/** An exec plugin's stderr or a file error, as one line. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'unknown error';
}

const CREDENTIALS_HINT = 'check the kubeconfig user: its certificate/key/CA files, or run its exec plugin by hand to see why it fails';

function toHeaderRecord(opts: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(opts.headers ?? {})) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (typeof opts.auth === 'string' && opts.auth !== '' && headers['authorization'] === undefined) {
    headers['authorization'] = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  }
  return headers;
}

/**
 * client-node refuses an http:// server unless skipTLSVerify is set; kubectl allows it (e.g.
 * `kubectl proxy`), and there is no TLS to verify, so mark such clusters before asking for options.
 */
function allowPlainHttp(kc: KubeConfig): void {
  kc.clusters = kc.clusters.map((c) => (c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c));
}

/**
 * One SecureContext for every connection: given `ca`/`cert`/`key`, each TLS connect would parse
 * the PEMs into a new context (measured: 40 ms of CPU for the 100 connections of a full pool).
 */
function tlsOptions(opts: RequestOptions): Record<string, unknown> {
  const tls: Record<string, unknown> = {
    secureContext: createSecureContext({
      ...(opts.ca === undefined ? {} : { ca: opts.ca }),
      ...(opts.cert === undefined ? {} : { cert: opts.cert }),
      ...(opts.key === undefined ? {} : { key: opts.key }),
    }),
  };
  if (opts.rejectUnauthorized === false) tls['rejectUnauthorized'] = false;
  if (opts.servername !== undefined) tls['servername'] = opts.servername;
  return tls;
}

function pemText(value: RequestOptions['ca']): string {
  if (value === undefined) return '';
  const parts = Array.isArray(value) ? value : [value];
  return parts.map((part) => (typeof part === 'string' ? part : Buffer.from(part as Uint8Array).toString('latin1'))).join('\n');
}

/**
 * Node silently ignores a CA that holds no PEM block and reports a bad client key as a network
 * failure: check the kubeconfig's TLS material up front and name the field (exit 2).
 */
function checkTlsMaterial(opts: RequestOptions, kc: KubeConfig, source: string): void {
  const where = `kubeconfig "${source}", context "${kc.getCurrentContext()}"`;
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (opts.ca !== undefined && !pemText(opts.ca).includes('-----BEGIN CERTIFICATE-----')) {
    const field = cluster?.caFile === undefined ? 'certificate-authority-data' : `certificate-authority "${cluster.caFile}"`;
    throw new UsageError(`${where}: ${field} holds no PEM certificate`, {
      hint: 'point it at the cluster\'s CA bundle (kubectl config view --raw shows it)',
    });
  }
  try {
    createSecureContext({ ...(opts.cert === undefined ? {} : { cert: opts.cert }), ...(opts.key === undefined ? {} : { key: opts.key }) });
  } catch (error) {
    const fields = user?.certFile === undefined ? 'client-certificate-data / client-key-data' : `client-certificate "${user.certFile}" / client-key`;
    throw new UsageError(`${where}: ${fields} is not a valid PEM certificate and key (${firstLine(error)})`, {
      hint: 'check the user\'s certificate and key in the kubeconfig',
      cause: error,
    });
  }
}

async function readInitialOptions(kc: KubeConfig, source: string): Promise<RequestOptions> {
  try {
    return await readHttpsOptions(kc);
  } catch (error) {
    throw new UsageError(`kubeconfig "${source}": cannot load the credentials or TLS files of context "${kc.getCurrentContext()}": ${firstLine(error)}`, {
      hint: CREDENTIALS_HINT,
      cause: error,
    });
  }
}

export async function createHttpTransport(kc: KubeConfig, where: { server: string; source: string }): Promise<HttpTransport> {
  const { server, source } = where;
  allowPlainHttp(kc);
  const initial = await readInitialOptions(kc, source);
  if (server.startsWith('https:')) checkTlsMaterial(initial, kc, source);
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    connect: { keepAlive: true, ...(server.startsWith('https:') ? tlsOptions(initial) : {}) },
  });
  const base = server.replace(/\/+$/, '');
  let cached: { headers: Record<string, string>; atMs: number } | undefined = {
    headers: toHeaderRecord(initial),
    atMs: performance.now(),
  };
  async function authHeaders(): Promise<Record<string, string>> {
    if (cached === undefined || performance.now() - cached.atMs > AUTH_CACHE_MS) {
      try {
        cached = { headers: toHeaderRecord(await readHttpsOptions(kc)), atMs: performance.now() };
      } catch (error) {
        throw new KubeError(`cannot get credentials for ${base} from the kubeconfig: ${firstLine(error)}`, { hint: CREDENTIALS_HINT, cause: error });
      }
    }
    return cached.headers;
  }
  return {
    server: base,
    async send({ path, signal, isStream }) {
      const headers = { ...(await authHeaders()), accept: 'application/json', 'user-agent': 'kai' };
      const res = await request(`${base}${path}`, {
        dispatcher: agent,
        method: 'GET',
        headers,
        signal,
        ...(isStream ? { bodyTimeout: 0 } : {}),
      });
      return { status: res.statusCode, headers: res.headers, body: res.body };
    },
    invalidateAuth() {
      cached = undefined;
    },
    async close() {
      await agent.close();
    },
  };
}
