/**
 * Turns HTTP statuses and socket errors into one-line KubeErrors that say what failed, against
 * which server, and what to check next (STYLE.md habit 5). Messages never carry credentials.
 */
import { KubeError } from '../errors.ts';
import { formatTarget, type RequestTarget } from './request-target.ts';

export interface FailedRequest {
  readonly target: RequestTarget;
  readonly server: string;
}

/** The `message` of a Kubernetes `Status` body, or a short excerpt of any other body. */
export function extractStatusMessage(body: string): string {
  let message = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
      message = parsed.message;
    }
  } catch {
    // not JSON: keep the raw text
  }
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}

function rbacHint(target: RequestTarget): string {
  const scope = target.namespace === undefined ? 'a ClusterRole' : `a Role in "${target.namespace}" (or a ClusterRole)`;
  return (
    `grant "${target.verb}" on "${target.resource}" (apiGroup "${target.group}") to the identity kai uses, ` +
    `through ${scope} bound to it; with the Helm chart keep rbac.create=true`
  );
}

function describeStatus(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone',
    429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return `${status} ${names[status] ?? 'error'}`;
}

/** A non-2xx answer from the API server. */
export function statusError(req: FailedRequest, status: number, body: string): KubeError {
  const what = formatTarget(req.target);
  const detail = extractStatusMessage(body);
  const suffix = detail === '' ? '' : ` (${detail})`;
  if (status === 401) {
    return new KubeError(`cannot ${what}: credentials rejected by ${req.server} (401 Unauthorized)`, {
      status,
      hint: 'the token or client certificate is invalid or expired: refresh the kubeconfig credentials (or the service account token) and retry',
    });
  }
  if (status === 403) {
    return new KubeError(`cannot ${what}: 403 Forbidden${suffix}`, { status, hint: rbacHint(req.target) });
  }
  if (status === 404) {
    return new KubeError(`cannot ${what}: 404 Not Found on ${req.server}${suffix}`, {
      status,
      hint: 'check that the name exists and that the server URL points at the Kubernetes API (no extra path prefix)',
    });
  }
  return new KubeError(`cannot ${what}: ${describeStatus(status)} from ${req.server}${suffix}`, {
    status,
    hint: status === 429 || status >= 500 ? 'the API server is overloaded or failing: retry later, or lower kubernetes.worker-pool-size' : 'check the request and the API server logs',
  });
}

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return '';
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;

/** Whether a socket-level failure is worth retrying: a reset or closed connection, not refusal/DNS/TLS. */
export function isTransientNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
}

/** A connection that could not be made or broke: name the server and what to check. */
export function networkError(req: FailedRequest, error: unknown): KubeError {
  const code = errorCode(error);
  const what = formatTarget(req.target);
  const reason = error instanceof Error ? error.message : String(error);
  let hint = `check that ${req.server} is reachable from here (VPN, firewall, proxy) and that the kubeconfig points at the right cluster`;
  if (code === 'ECONNREFUSED') hint = `nothing accepts connections at ${req.server}: check the server URL and that the API server is running`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') hint = `the host of ${req.server} does not resolve: check the server URL and your DNS`;
  if (TLS_CODES.test(code)) {
    hint = `TLS verification of ${req.server} failed: check the cluster's certificate-authority data (kubeconfig.cluster-cert) and the server name`;
  }
  const label = code === '' ? reason : `${code}: ${reason}`;
  return new KubeError(`cannot ${what}: connection to ${req.server} failed (${label})`, { hint, cause: error });
}

export function timeoutError(req: FailedRequest, timeoutMs: number): KubeError {
  return new KubeError(`cannot ${formatTarget(req.target)}: no answer from ${req.server} within ${timeoutMs / 1000} s`, {
    hint: 'the API server is slow or unreachable: check connectivity, or raise kubernetes.request-timeout-seconds',
  });
}

export function invalidBodyError(req: FailedRequest, reason: string): KubeError {
  return new KubeError(`cannot ${formatTarget(req.target)}: ${req.server} sent an invalid JSON body (${reason})`, {
    hint: 'a proxy between kai and the API server may be cutting or rewriting responses; check it and retry',
  });
}
