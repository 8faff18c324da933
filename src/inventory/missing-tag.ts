import { assertNever } from '../errors.ts';
import { digestHex, formatImageRef, type ImageRef } from './image-ref.ts';
import type { MissingTagOptions } from './options.ts';

/**
 * The image string reported for `ref`, or null when the `drop` policy leaves the container out.
 * A reference with a tag is returned as `name:tag` whatever the policy. Without a tag:
 * - `digest`: `name:<hex of digest>`. `digest` is the status imageID digest; when it is unknown
 *   kai falls back to the reference's own `@digest`, then to `options.tag` (the Go agent would
 *   print `name:` with an empty tag, which no registry accepts).
 * - `insert`: `name:<options.tag>` (the Go agent's current code ignores `insert`).
 * - `drop`: null.
 */
export function applyMissingTag(
  ref: ImageRef,
  options: MissingTagOptions,
  digest?: string,
): string | null {
  if (ref.tag !== undefined) return formatImageRef(ref);
  const { policy } = options;
  switch (policy) {
    case 'digest': {
      const source = nonEmpty(digest) ?? nonEmpty(ref.digest);
      const hex = source === undefined ? '' : digestHex(source);
      return `${ref.name}:${hex === '' ? options.tag : hex}`;
    }
    case 'insert':
      return `${ref.name}:${options.tag}`;
    case 'drop':
      return null;
    default:
      return assertNever(policy);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
