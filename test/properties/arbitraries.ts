/**
 * fast-check arbitraries for Kubernetes-shaped JSON: mostly plausible pods, namespaces and nodes,
 * with every field sometimes missing, of the wrong type, or garbage, as a broken API server, a
 * hand-edited `--input` file or a proxy could produce.
 */
import fc from 'fast-check';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;

/** A value of the wrong type, for any field. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);

/** Mostly the expected type, sometimes junk. */
function mostly<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: junk });
}

export const imageRef: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('nginx', 'nginx:1.25', 'library/redis:7', 'localhost:5000/app', 'app:5000', 'quay.io/a/b:c', `busybox@${DIGEST}`, 'reg.io/x@sha256:short', ''),
  fc.string({ maxLength: 30 }),
);

export const imageId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(`docker-pullable://nginx@${DIGEST}`, `nginx@${DIGEST}`, DIGEST, 'sha256:', '', '@'),
  fc.string({ maxLength: 30 }),
);

const smallName = fc.constantFrom('a', 'b', 'c', 'app', 'side', 'init', '');
const uid = fc.oneof(fc.uuid(), fc.constant(''), fc.constantFrom('u1', 'u2'));
const labels = mostly(fc.dictionary(fc.string({ maxLength: 6 }), mostly(fc.string({ maxLength: 6 })), { maxKeys: 3 }));

const containerSpec = fc.record({ name: mostly(smallName), image: mostly(imageRef) }, { requiredKeys: [] });
const containerStatus = fc.record(
  {
    name: mostly(smallName),
    image: mostly(imageRef),
    imageID: mostly(imageId),
    containerID: mostly(fc.constantFrom('containerd://0f3a', 'docker://9', '')),
  },
  { requiredKeys: [] },
);
const containers = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => mostly(fc.array(mostly(arb), { maxLength: 3 }));

export const rawPod: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    kind: fc.constantFrom('Pod', undefined),
    metadata: mostly(
      fc.record(
        { name: mostly(fc.constantFrom('p1', 'p2', 'p3', '')), namespace: mostly(fc.constantFrom('default', 'shop', 'kube-system', '')), uid: mostly(uid), labels, annotations: labels },
        { requiredKeys: [] },
      ),
    ),
    spec: mostly(
      fc.record(
        { containers: containers(containerSpec), initContainers: containers(containerSpec), ephemeralContainers: containers(containerSpec), nodeName: mostly(fc.constantFrom('node-1', 'node-2', '')) },
        { requiredKeys: [] },
      ),
    ),
    status: mostly(
      fc.record(
        {
          phase: mostly(fc.constantFrom('Running', 'Pending', 'Succeeded', 'Failed', '')),
          containerStatuses: containers(containerStatus),
          initContainerStatuses: containers(containerStatus),
          ephemeralContainerStatuses: containers(containerStatus),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

export const rawNamespace: fc.Arbitrary<unknown> = mostly(
  fc.record({ metadata: mostly(fc.record({ name: mostly(fc.constantFrom('default', 'shop', 'kube-system', 'empty')), uid: mostly(uid), labels, annotations: labels }, { requiredKeys: [] })) }, { requiredKeys: [] }),
);

export const rawNode: fc.Arbitrary<unknown> = mostly(
  fc.record(
    {
      metadata: mostly(fc.record({ name: mostly(fc.constantFrom('node-1', 'node-2')), uid: mostly(uid), labels }, { requiredKeys: [] })),
      status: mostly(fc.record({ nodeInfo: mostly(fc.record({ architecture: mostly(fc.constantFrom('amd64', 'arm64')), kubeletVersion: mostly(fc.string({ maxLength: 6 })) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
);

/** A pod list document: List, PodList, a single Pod, or something else entirely. */
export const podListDocument: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ kind: fc.constantFrom('List', 'PodList', '', 'Service', undefined), apiVersion: fc.constant('v1'), items: mostly(fc.array(fc.oneof({ weight: 4, arbitrary: rawPod }, { weight: 1, arbitrary: junk }), { maxLength: 4 })) }, { requiredKeys: [] }),
  rawPod,
  fc.jsonValue({ maxDepth: 3 }),
);
