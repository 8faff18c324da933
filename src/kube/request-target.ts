/**
 * What a request path is about, for error messages, RBAC hints and request metrics:
 * `/api/v1/namespaces/payments/pods` → list pods in namespace "payments".
 */

export interface RequestTarget {
  /** 'list' | 'get' | 'watch' — the RBAC verb. */
  readonly verb: string;
  /** Plural resource: pods, namespaces, nodes, replicasets, version … */
  readonly resource: string;
  /** API group, '' for the core group. */
  readonly group: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

interface PathParts {
  readonly group: string;
  readonly rest: readonly string[];
}

function splitApiPath(path: string): PathParts | undefined {
  const parts = (path.split('?')[0] ?? '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] === 'api') return { group: '', rest: parts.slice(2) };
  if (parts[0] === 'apis') return { group: parts[1] ?? '', rest: parts.slice(3) };
  return undefined;
}

/** Describes a request for messages; `isWatch` turns a list into a watch. */
export function describeRequest(path: string, isWatch = false): RequestTarget {
  const api = splitApiPath(path);
  if (api === undefined) {
    const resource = path.replace(/^\/+/, '').split('?')[0] ?? path;
    return { verb: 'get', resource, group: '', namespace: undefined, name: undefined };
  }
  const { group, rest } = api;
  const isNamespaced = rest[0] === 'namespaces' && rest.length >= 3;
  const tail = isNamespaced ? rest.slice(2) : rest;
  const name = tail[1];
  const listVerb = isWatch ? 'watch' : 'list';
  return { verb: name === undefined ? listVerb : 'get', resource: tail[0] ?? '', group, namespace: isNamespaced ? rest[1] : undefined, name };
}

/** `list pods in namespace "payments"`, `get namespace "payments"`, `list nodes`. */
export function formatTarget(target: RequestTarget): string {
  const singular = target.resource.replace(/s$/, '');
  let text = target.name === undefined ? `${target.verb} ${target.resource}` : `${target.verb} ${singular} "${target.name}"`;
  if (target.namespace !== undefined) text += ` in namespace "${target.namespace}"`;
  return text;
}
