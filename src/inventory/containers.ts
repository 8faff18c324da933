import { applyMissingRegistry, extractDigest, parseImageRef } from './image-ref.ts';
import { applyMissingTag } from './missing-tag.ts';
import type { ContainerKind, ContainerView, PodView } from './model.ts';
import type { ImageRuleOptions } from './options.ts';

/** One container's image after every SPEC section 4 rule: the unit all reports are built from. */
export interface ImageRecord {
  readonly namespace: string;
  readonly podUid: string;
  readonly podName: string;
  readonly nodeName: string | undefined;
  readonly containerName: string;
  /** `containerID` as the API gives it (`containerd://…`); undefined until the container starts. */
  readonly containerId: string | undefined;
  readonly kind: ContainerKind;
  /** The final image string with a tag, as the Go agent reports it (`nginx:1.25`). */
  readonly tag: string;
  /** `sha256:…` from the status imageID, or '' when unknown. */
  readonly digest: string;
}

/**
 * The image string of one container: the spec image (text before any `@`), else the status
 * image; then `missing-registry-override`, then the missing-tag policy. Null when dropped or when
 * the container names no image at all.
 */
export function resolveContainerImage(
  container: ContainerView,
  options: ImageRuleOptions,
): { tag: string; digest: string } | null {
  const image = container.specImage ?? container.statusImage;
  if (image === undefined || image === '') return null;
  const digest = extractDigest(container.imageId) ?? '';
  // The name and tag come from the text before `@`, as the Go agent keeps it; the reference's
  // own digest stays on the side for the `digest` policy's fallback.
  const withRegistry = applyMissingRegistry(parseImageRef(image), options.missingRegistryOverride);
  const tag = applyMissingTag(withRegistry, options.missingTag, digest);
  return tag === null ? null : { tag, digest };
}

function isCounted(kind: ContainerKind, options: ImageRuleOptions): boolean {
  return kind !== 'ephemeral' || options.includeEphemeral;
}

function extractPodImages(pod: PodView, options: ImageRuleOptions): ImageRecord[] {
  const records: ImageRecord[] = [];
  for (const container of pod.containers) {
    if (!isCounted(container.kind, options)) continue;
    const image = resolveContainerImage(container, options);
    if (image === null) continue;
    records.push({
      namespace: pod.namespace,
      podUid: pod.uid,
      podName: pod.name,
      nodeName: pod.nodeName,
      containerName: container.name,
      containerId: container.containerId,
      kind: container.kind,
      tag: image.tag,
      digest: image.digest,
    });
  }
  return records;
}

/**
 * Every counted container of `pods` as an ImageRecord, in pod order then container order
 * (init, regular, ephemeral as the view lists them). Pods not `Running` are skipped when
 * `ignoreNotRunning`; ephemeral containers count only with `includeEphemeral`.
 */
export function extractImages(pods: readonly PodView[], options: ImageRuleOptions): ImageRecord[] {
  return pods
    .filter((pod) => !options.ignoreNotRunning || pod.phase === 'Running')
    .flatMap((pod) => extractPodImages(pod, options));
}
