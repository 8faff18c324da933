/**
 * Image reference rules of SPEC section 4, with the Go agent's exact regular expressions so kai
 * reports the same image strings.
 */

/** A reference split into its parts. Nothing is normalized: `nginx` stays `nginx`. */
export interface ImageRef {
  /** The reference without tag and digest: `registry.example.com:5000/team/app`. */
  readonly name: string;
  /** The tag when the reference has one (`1.2` of `app:1.2`). */
  readonly tag: string | undefined;
  /** The text after the first `@` of the reference itself, when present. */
  readonly digest: string | undefined;
  /** The first path part when it names a registry host (has `.` or `:`, or is `localhost`). */
  readonly registry: string | undefined;
  /** The path after the registry (the whole name when there is no registry). */
  readonly repository: string;
}

// The Go agent's tagRegex: `:` + a word character + up to 127 of [\w.-], at the very end.
const TAG_PATTERN = /:\w[\w.-]{0,127}$/;
// The Go agent's digestRegex: `@` followed by sha<3 digits>:<32+ alphanumerics>.
const DIGEST_PATTERN = /@sha\d{3}:[a-zA-Z0-9]{32,}/;

/** True when `ref` ends in a tag (`localhost:5000/app` has none; `app:5000` has one). */
export function hasTag(ref: string): boolean {
  return TAG_PATTERN.test(ref);
}

/** The text before the first `@`: what the Go agent keeps of a spec or status image. */
export function stripDigest(ref: string): string {
  const at = ref.indexOf('@');
  return at === -1 ? ref : ref.slice(0, at);
}

/**
 * The digest of a container status `imageID`: the text after the first `@` that is followed by
 * `sha<3 digits>:<32+ alphanumerics>`, to the end of the string, as the Go agent does.
 * `docker-pullable://nginx@sha256:…` gives `sha256:…`; an imageID without `@` gives undefined.
 */
export function extractDigest(imageId: string | undefined): string | undefined {
  if (imageId === undefined) return undefined;
  const match = DIGEST_PATTERN.exec(imageId);
  return match === null ? undefined : imageId.slice(match.index + 1);
}

/** The hex part of a digest (`sha256:abc` gives `abc`), as the Go agent's `digest` policy uses. */
export function digestHex(digest: string): string {
  return digest.slice(digest.lastIndexOf(':') + 1);
}

function isRegistryHost(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost';
}

function splitRegistry(name: string): { registry: string | undefined; repository: string } {
  const slash = name.indexOf('/');
  if (slash === -1) return { registry: undefined, repository: name };
  const first = name.slice(0, slash);
  return isRegistryHost(first)
    ? { registry: first, repository: name.slice(slash + 1) }
    : { registry: undefined, repository: name };
}

/** Splits a reference into name, tag, digest, registry and repository. Never throws. */
export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const withoutDigest = at === -1 ? ref : ref.slice(0, at);
  const digest = at === -1 ? undefined : ref.slice(at + 1);
  const tagMatch = TAG_PATTERN.exec(withoutDigest);
  const name = tagMatch === null ? withoutDigest : withoutDigest.slice(0, tagMatch.index);
  const tag = tagMatch === null ? undefined : withoutDigest.slice(tagMatch.index + 1);
  return { name, tag, digest, ...splitRegistry(name) };
}

/** `name:tag`, or just `name` when there is no tag; the digest is never part of it. */
export function formatImageRef(ref: ImageRef): string {
  return ref.tag === undefined ? ref.name : `${ref.name}:${ref.tag}`;
}

/**
 * `missing-registry-override` (SPEC section 4): a reference with one path part, or two whose
 * first part has no `.` or `:`, is prefixed with `registry/`. Others are returned unchanged, as is
 * every reference when `registry` is ''. The Go agent only looks for `.`, so it would prefix
 * `localhost:5000/app`; kai leaves it alone.
 */
export function applyMissingRegistry(ref: ImageRef, registry: string): ImageRef {
  const prefix = registry.replace(/\/+$/, '');
  if (prefix === '') return ref;
  const parts = ref.name.split('/');
  const first = parts[0] ?? '';
  if (parts.length > 2 || (parts.length === 2 && /[.:]/.test(first))) return ref;
  const name = `${prefix}/${ref.name}`;
  return { ...ref, name, ...splitRegistry(name) };
}
