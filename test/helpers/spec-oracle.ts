/**
 * An independent, deliberately naive implementation of SPEC sections 3–4 over raw pod JSON, used
 * as the oracle for black-box tests. It shares no code with src/: if the two disagree, one of them
 * misreads the SPEC.
 */
type Json = Record<string, unknown>;

export interface OracleOptions {
  readonly exclude: readonly string[];
  readonly include: readonly string[];
  readonly ignoreNotRunning: boolean;
  readonly policy: 'digest' | 'insert' | 'drop';
  readonly insertTag: string;
  readonly registryOverride: string;
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function isNamespaceSelected(name: string, o: OracleOptions): boolean {
  const excluded = o.exclude.some((e) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(e) ? e === name : new RegExp(e).test(name)));
  return !excluded && (o.include.length === 0 || o.include.includes(name));
}

function withRegistry(ref: string, registry: string): string {
  if (registry === '') return ref;
  const parts = ref.split('/');
  const namesNoRegistry = parts.length === 1 || (parts.length === 2 && !/[.:]/.test(parts[0] ?? ''));
  return namesNoRegistry ? `${registry}/${ref}` : ref;
}

function imageString(specImage: string, imageId: string, o: OracleOptions): string | null {
  const ref = withRegistry(specImage.split('@')[0] ?? '', o.registryOverride);
  const digest = /@(sha\d{3}:[a-zA-Z0-9]{32,})/.exec(imageId)?.[1] ?? '';
  if (/:\w[\w.-]{0,127}$/.test(ref)) return `${ref}|${digest}`;
  if (o.policy === 'drop') return null;
  const tag = o.policy === 'insert' ? o.insertTag : digest.split(':')[1] ?? '';
  return `${ref}:${tag}|${digest}`;
}

/** namespace → sorted unique "tag|digest" strings. */
export function expectedImages(pods: readonly Json[], namespaces: readonly string[], o: OracleOptions): Map<string, string[]> {
  const result = new Map<string, Set<string>>();
  for (const ns of namespaces) if (isNamespaceSelected(ns, o)) result.set(ns, new Set());
  for (const pod of pods) {
    const ns = str(obj(pod['metadata'])['namespace']);
    const set = result.get(ns);
    if (set === undefined) continue;
    const status = obj(pod['status']);
    if (o.ignoreNotRunning && str(status['phase']) !== 'Running') continue;
    const statuses = [...arr(status['containerStatuses']), ...arr(status['initContainerStatuses'])];
    const spec = obj(pod['spec']);
    for (const c of [...arr(spec['initContainers']), ...arr(spec['containers'])]) {
      const st = statuses.find((s) => s['name'] === c['name']);
      const image = imageString(str(c['image']), str(st?.['imageID']), o);
      if (image !== null) set.add(image);
    }
  }
  return new Map([...result].map(([ns, set]) => [ns, [...set].sort()]));
}
