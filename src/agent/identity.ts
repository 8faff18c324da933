/**
 * Who this agent is to Anchore (SPEC section 5): registration_id and registration_instance_id must
 * be the same after a restart, so they come from the owning Deployment (pod -> ReplicaSet owner ->
 * Deployment), read through the Kubernetes client's injected `readJson`.
 */
import type { RegistrationOptions } from '../anchore/options.ts';
import type { Logger } from '../log/logger.ts';
import { messageOf } from './failure-log.ts';

/** GET a Kubernetes API path and parse its JSON (the kube client's `getJson`). */
export type ReadJson = (path: string, signal: AbortSignal) => Promise<unknown>;

export interface AgentIdentity {
  readonly registrationId: string;
  readonly registrationInstanceId: string;
  /** Integration name shown in Anchore: config, else the Deployment name, else the pod name. */
  readonly name: string;
  /** `$POD_NAMESPACE`: the agent's own namespace ('' outside a cluster). */
  readonly namespace: string;
}

export interface IdentityInput {
  readonly options: RegistrationOptions;
  /** POD_NAME, HOSTNAME and POD_NAMESPACE are read from here (injected, never process.env directly). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readJson?: ReadJson;
  readonly newId: () => string;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

interface OwningDeployment {
  readonly uid: string;
  readonly name: string;
  /** `spec.replicas` of the pod's ReplicaSet. */
  readonly replicas: number;
}

interface OwnerReference {
  readonly kind?: unknown;
  readonly name?: unknown;
  readonly uid?: unknown;
}

function ownerOf(object: unknown, kind: string): { name: string; uid: string } | undefined {
  const refs = (object as { metadata?: { ownerReferences?: unknown } } | null)?.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = (refs as OwnerReference[]).find((r) => r.kind === kind);
  return typeof ref?.name === 'string' && typeof ref.uid === 'string' ? { name: ref.name, uid: ref.uid } : undefined;
}

function replicasOf(replicaSet: unknown): number {
  const replicas = (replicaSet as { spec?: { replicas?: unknown } } | null)?.spec?.replicas;
  // The API defaults an unset spec.replicas to 1.
  return typeof replicas === 'number' ? replicas : 1;
}

const segment = (value: string): string => encodeURIComponent(value);

/** pod -> its ReplicaSet -> the Deployment owning that ReplicaSet; undefined when any link is missing. */
async function findOwningDeployment(readJson: ReadJson, where: { namespace: string; pod: string }, signal: AbortSignal): Promise<OwningDeployment | undefined> {
  const ns = segment(where.namespace);
  const pod = await readJson(`/api/v1/namespaces/${ns}/pods/${segment(where.pod)}`, signal);
  const replicaSetRef = ownerOf(pod, 'ReplicaSet');
  if (replicaSetRef === undefined) return undefined;
  const replicaSet = await readJson(`/apis/apps/v1/namespaces/${ns}/replicasets/${segment(replicaSetRef.name)}`, signal);
  const deploymentRef = ownerOf(replicaSet, 'Deployment');
  if (deploymentRef === undefined) return undefined;
  return { uid: deploymentRef.uid, name: deploymentRef.name, replicas: replicasOf(replicaSet) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

async function lookupDeployment(input: IdentityInput, namespace: string, pod: string | undefined): Promise<OwningDeployment | undefined> {
  if (input.readJson === undefined || pod === undefined || namespace === '') return undefined;
  try {
    return await findOwningDeployment(input.readJson, { namespace, pod }, input.signal);
  } catch (error) {
    input.log.warn(
      { namespace, pod, error: messageOf(error), hint: 'Grant "get" on pods and apps/replicasets to the agent (the Helm chart does), or set anchore-registration.registration-id' },
      'cannot find the Deployment that owns this pod: its identity will not survive a restart',
    );
    return undefined;
  }
}

/**
 * registration_id: config, else the Deployment UID, else a random UUID. registration_instance_id:
 * the pod name when the ReplicaSet has more than one replica, else the Deployment name; without a
 * Deployment, the pod (host) name, else a random UUID.
 */
export async function resolveIdentity(input: IdentityInput): Promise<AgentIdentity> {
  const namespace = nonEmpty(input.env.POD_NAMESPACE) ?? '';
  const pod = nonEmpty(input.env.POD_NAME) ?? nonEmpty(input.env.HOSTNAME);
  const deployment = await lookupDeployment(input, namespace, pod);
  return chooseIdentity({ options: input.options, deployment, pod, namespace, newId: input.newId, log: input.log });
}

interface IdentityFacts {
  readonly options: RegistrationOptions;
  readonly deployment: OwningDeployment | undefined;
  readonly pod: string | undefined;
  readonly namespace: string;
  readonly newId: () => string;
  readonly log: Logger;
}

function instanceIdOf(facts: IdentityFacts): string {
  const { deployment, pod } = facts;
  if (deployment === undefined) return pod ?? facts.newId();
  return deployment.replicas > 1 && pod !== undefined ? pod : deployment.name;
}

function chooseIdentity(facts: IdentityFacts): AgentIdentity {
  const { deployment, pod, namespace } = facts;
  const registrationId = nonEmpty(facts.options.registrationId) ?? deployment?.uid ?? facts.newId();
  const registrationInstanceId = instanceIdOf(facts);
  const name = nonEmpty(facts.options.integrationName) ?? deployment?.name ?? pod ?? 'kai';
  facts.log.debug({ registrationId, registrationInstanceId, name, namespace, deployment: deployment?.name }, 'agent identity');
  return { registrationId, registrationInstanceId, name, namespace };
}
