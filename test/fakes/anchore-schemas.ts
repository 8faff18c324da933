// JSON schemas of the bodies Anchore Enterprise accepts, used by the fake server and by tests.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const str = { type: 'string' };

export const inventorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cluster_name', 'timestamp', 'serverVersionMetadata', 'namespaces', 'nodes', 'pods', 'containers'],
  properties: {
    cluster_name: str,
    timestamp,
    serverVersionMetadata: { type: ['object', 'null'] },
    namespaces: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['uid', 'name'],
        properties: { uid: { type: 'string', minLength: 1 }, name: str, labels: stringMap, annotations: stringMap },
      },
    },
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['uid', 'name'],
        properties: {
          uid: { type: 'string', minLength: 1 },
          name: str,
          arch: str,
          container_runtime_version: str,
          kernel_version: str,
          kubelet_version: str,
          operating_system: str,
          labels: stringMap,
          annotations: stringMap,
        },
      },
    },
    pods: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['uid', 'name', 'namespace_uid'],
        properties: {
          uid: { type: 'string', minLength: 1 },
          name: str,
          namespace_uid: str,
          node_uid: str,
          labels: stringMap,
          annotations: stringMap,
        },
      },
    },
    containers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'pod_uid', 'image_tag', 'image_digest'],
        properties: { id: { type: 'string', minLength: 1 }, name: str, pod_uid: str, image_tag: str, image_digest: str },
      },
    },
  },
} as const;

export const registrationSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'registration_id',
    'registration_instance_id',
    'type',
    'name',
    'version',
    'started_at',
    'uptime',
    'username',
    'explicitly_account_bound',
    'namespaces',
    'health_report_interval',
  ],
  properties: {
    registration_id: { type: 'string', minLength: 1 },
    registration_instance_id: { type: 'string', minLength: 1 },
    type: { const: 'k8s_inventory_agent' },
    name: str,
    description: str,
    version: str,
    started_at: timestamp,
    uptime: { type: 'number', minimum: 0 },
    username: str,
    explicitly_account_bound: { type: 'array', items: str },
    namespaces: { type: 'array', items: str },
    cluster_name: str,
    namespace: str,
    health_report_interval: { type: 'integer', minimum: 1 },
  },
} as const;

const batchInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['batch_index', 'send_timestamp'],
  properties: { batch_index: { type: 'integer', minimum: 1 }, send_timestamp: timestamp, error: str },
};

const accountReportInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['report_timestamp', 'account_name', 'sent_as_user', 'batch_size', 'last_successful_index', 'has_errors', 'batches'],
  properties: {
    report_timestamp: str,
    account_name: str,
    sent_as_user: str,
    batch_size: { type: 'integer', minimum: 0 },
    last_successful_index: { type: 'integer', minimum: -1 },
    has_errors: { type: 'boolean' },
    batches: { type: 'array', items: batchInfo },
  },
};

export const healthReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['uuid', 'protocol_version', 'timestamp', 'uptime', 'health_report_interval', 'health_data'],
  properties: {
    uuid: { type: 'string', minLength: 1 },
    protocol_version: { const: 1 },
    timestamp,
    uptime: { type: 'number', minimum: 0 },
    health_report_interval: { type: 'integer', minimum: 1 },
    health_data: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'version', 'errors', 'account_k8s_inventory_reports'],
      properties: {
        type: { const: 'k8s_inventory_agent' },
        version: { const: 1 },
        errors: { type: 'array', items: str },
        account_k8s_inventory_reports: { type: 'object', additionalProperties: accountReportInfo },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });

function compile(schema: object): ValidateFunction {
  return ajv.compile(schema);
}

export const validators = {
  inventory: compile(inventorySchema),
  registration: compile(registrationSchema),
  healthReport: compile(healthReportSchema),
};

export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
}

/** Cross references of SPEC section 4: every pod's namespace, node and every container's pod exist. */
export function referenceProblems(body: unknown): string[] {
  const report = body as {
    namespaces: { uid: string }[];
    nodes: { uid: string }[];
    pods: { uid: string; namespace_uid: string; node_uid?: string }[];
    containers: { id: string; pod_uid: string }[];
  };
  const namespaces = new Set(report.namespaces.map((n) => n.uid));
  const nodes = new Set(report.nodes.map((n) => n.uid));
  const pods = new Set(report.pods.map((p) => p.uid));
  return [
    ...report.pods.filter((p) => !namespaces.has(p.namespace_uid)).map((p) => `pod ${p.uid} names a missing namespace`),
    ...report.pods.filter((p) => p.node_uid !== undefined && !nodes.has(p.node_uid)).map((p) => `pod ${p.uid} names a missing node`),
    ...report.containers.filter((c) => !pods.has(c.pod_uid)).map((c) => `container ${c.id} names a missing pod`),
  ];
}
