/**
 * A minimal admin client for the e2e cluster: plain undici fetch with the apiserver's self-signed
 * CA and a bearer token. Used by the seeder and by tests that mutate the cluster (watch cache,
 * periodic mode). Errors name the request and the server's message, never the token.
 */
import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';

export interface KubeAdmin {
  /** JSON request; throws on a non-2xx answer unless `allow` lists the status. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
  create<T = unknown>(path: string, body: unknown): Promise<T>;
  /** JSON merge patch, e.g. of a `/status` subresource. */
  patch<T = unknown>(path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly contentType?: string;
  readonly allow?: readonly number[];
}

export interface KubeAdminOptions {
  readonly server: string;
  readonly caPath: string;
  readonly token: string;
}

export class KubeRequestError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'KubeRequestError';
    this.status = status;
  }
}

/** JSON bodies parsed; plain-text ones (`/readyz` says "ok") returned as text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function statusMessage(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    return body;
  }
}

export function createKubeAdmin(options: KubeAdminOptions): KubeAdmin {
  const dispatcher = new Agent({ connect: { ca: readFileSync(options.caPath) } });
  const request = async <T>(method: string, path: string, req: RequestOptions = {}): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    const res = await fetch(`${options.server}${path}`, {
      method,
      headers,
      dispatcher,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
    });
    const text = await res.text();
    if (!res.ok && !(req.allow ?? []).includes(res.status)) {
      throw new KubeRequestError(`${method} ${path}: ${String(res.status)} ${statusMessage(text)}`, res.status);
    }
    return (text === '' ? undefined : parseBody(text)) as T;
  };
  return {
    request,
    create: async <T>(path: string, body: unknown) => request<T>('POST', path, { body }),
    patch: async <T>(path: string, body: unknown) =>
      request<T>('PATCH', path, { body, contentType: 'application/merge-patch+json' }),
    close: async () => {
      await dispatcher.close();
    },
  };
}
