/**
 * The test oracle: what kai must report for the seeded cluster, computed from seed-data.ts with
 * the rules of SPEC section 4, written here independently of src/ (a bug shared by both would
 * otherwise go unnoticed). e2e tests also spot-check a few hand-written values.
 */
import { SEED_NAMESPACES, SEED_PODS, SCRATCH_NAMESPACE_PREFIX, type SeedContainer, type SeedPod } from './seed-data.ts';

export interface ExpectOptions {
  readonly ignoreNotRunning?: boolean;
  readonly policy?: 'digest' | 'insert' | 'drop';
  readonly insertTag?: string;
  readonly registryOverride?: string;
  /** exact names; empty = all */
  readonly include?: readonly string[];
  /** exact names or unanchored regexes, per the DNS-label rule */
  readonly exclude?: readonly string[];
}

export interface ImageRow {
  readonly namespace: string;
  readonly tag: string;
  readonly repoDigest: string;
}

const DIGEST = /@(sha\d{3}:[A-Za-z0-9]{32,})/;
const TAG = /:\w[\w.-]{0,127}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function digestFromImageId(imageID: string): string {
  const match = DIGEST.exec(imageID);
  return match === null ? '' : imageID.slice(match.index + 1);
}

function applyRegistryOverride(ref: string, registry: string | undefined): string {
  if (registry === undefined || registry === '') return ref;
  const parts = ref.split('/');
  const first = parts[0] ?? '';
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const bare = parts.length === 1 || (parts.length === 2 && !isHost);
  return bare ? `${registry}/${ref}` : ref;
}

/** The digest kai must report for a container: only from its status imageID. */
export function containerDigest(c: SeedContainer): string {
  return digestFromImageId(c.status?.imageID ?? '');
}

/** The image tag for one container, or null when the missing-tag policy drops it. */
export function expectedTag(c: SeedContainer, options: ExpectOptions = {}): string | null {
  const ref = applyRegistryOverride(c.image.split('@')[0] ?? '', options.registryOverride);
  if (TAG.test(ref)) return ref;
  const policy = options.policy ?? 'digest';
  if (policy === 'drop') return null;
  if (policy === 'insert') return `${ref}:${options.insertTag ?? 'UNKNOWN'}`;
  const digest = containerDigest(c);
  return `${ref}:${digest.split(':').at(-1) ?? ''}`;
}

export function namespaceSelected(name: string, options: ExpectOptions = {}): boolean {
  const include = options.include ?? [];
  if (include.length > 0 && !include.includes(name)) return false;
  return !(options.exclude ?? []).some((pattern) => (DNS_LABEL.test(pattern) ? pattern === name : new RegExp(pattern).test(name)));
}

function podCounts(pod: SeedPod, options: ExpectOptions): boolean {
  if (!namespaceSelected(pod.namespace, options)) return false;
  return !(options.ignoreNotRunning ?? true) || pod.phase === 'Running';
}

/** Images by namespace, unique by tag + digest, sorted by namespace, tag, digest. */
export function expectedImages(options: ExpectOptions = {}): ImageRow[] {
  const rows = new Map<string, ImageRow>();
  for (const pod of SEED_PODS.filter((p) => podCounts(p, options))) {
    for (const c of pod.containers) {
      const tag = expectedTag(c, options);
      if (tag === null) continue;
      const row = { namespace: pod.namespace, tag, repoDigest: containerDigest(c) };
      rows.set(JSON.stringify(row), row);
    }
  }
  return sortRows([...rows.values()]);
}

export function sortRows(rows: readonly ImageRow[]): ImageRow[] {
  const key = (r: ImageRow): string => `${r.namespace}\u0000${r.tag}\u0000${r.repoDigest}`;
  return [...rows].sort((a, b) => key(a).localeCompare(key(b)));
}

/** True for namespaces this suite's assertions cover (not `scratch-*` ones of other tests). */
export function isSeededNamespace(name: string): boolean {
  return !name.startsWith(SCRATCH_NAMESPACE_PREFIX);
}

/** Seeded namespaces that have at least one pod. */
export const NAMESPACES_WITH_PODS: readonly string[] = [...new Set(SEED_PODS.map((p) => p.namespace))].sort();

export const CREATED_NAMESPACES: readonly string[] = SEED_NAMESPACES.filter((n) => n.create).map((n) => n.name);

export interface ExpectedContainer {
  readonly id: string;
  readonly name: string;
  readonly pod: string;
  readonly image_tag: string;
  readonly image_digest: string;
}

/** Inventory containers: only started ones (with a containerID), keyed by `namespace/pod`. */
export function expectedInventoryContainers(options: ExpectOptions = {}): ExpectedContainer[] {
  const out: ExpectedContainer[] = [];
  for (const pod of SEED_PODS.filter((p) => podCounts(p, options))) {
    for (const c of pod.containers) {
      const tag = expectedTag(c, options);
      const id = c.status?.containerID;
      if (tag === null || id === undefined) continue;
      out.push({ id, name: c.name, pod: `${pod.namespace}/${pod.name}`, image_tag: tag, image_digest: containerDigest(c) });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
