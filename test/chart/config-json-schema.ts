/**
 * Derives the JSON Schema of kai's config file from SETTINGS, the app's single source of keys.
 * values.schema.json's `properties.config` must equal this, so the chart accepts exactly the keys
 * kai accepts, with the same types, enums and bounds. To refresh the chart after a schema change:
 *   node test/chart/config-json-schema.ts > /tmp/config.json   (then paste into values.schema.json)
 */
import type { Setting } from '../../src/config/kinds.ts';
import { SETTINGS } from '../../src/config/schema.ts';

export type JsonSchema = Record<string, unknown>;

const SIMPLE_KINDS: Partial<Record<Setting['kind'], JsonSchema>> = {
  string: { type: 'string' },
  url: { type: 'string', pattern: '^$|^https?://[^/?#]+' },
  boolean: { type: 'boolean' },
  'string-list': { type: 'array', items: { type: 'string' } },
  'namespace-list': { type: 'array', items: { type: 'string' } },
  'regex-list': { type: 'array', items: { type: 'string' } },
};

function leafSchema(setting: Setting): JsonSchema {
  const description = setting.doc;
  const simple = SIMPLE_KINDS[setting.kind];
  if (simple !== undefined) return { ...structuredClone(simple), description };
  switch (setting.kind) {
    case 'int':
      return {
        type: 'integer',
        minimum: setting.min,
        ...(setting.max === undefined ? {} : { maximum: setting.max }),
        description,
      };
    case 'enum':
      return { type: 'string', enum: [...setting.values], description };
    case 'account-routes':
      return {
        type: 'object',
        description,
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['user', 'password', 'namespaces'],
          properties: {
            user: { type: 'string', minLength: 1 },
            password: { type: 'string', minLength: 1 },
            namespaces: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          },
        },
      };
    default:
      throw new Error(`no JSON Schema for setting kind ${setting.kind} (${setting.path})`);
  }
}

function objectSchema(): JsonSchema & { properties: Record<string, JsonSchema> } {
  return { type: 'object', additionalProperties: false, properties: {} };
}

/** The nested, strict object schema of every SETTINGS path. */
export function configJsonSchema(settings: readonly Setting[] = SETTINGS): JsonSchema {
  const root = objectSchema();
  for (const setting of settings) {
    const parts = setting.path.split('.');
    const leaf = parts.pop() ?? setting.path;
    let node = root;
    for (const part of parts) {
      node.properties[part] ??= objectSchema();
      node = node.properties[part] as typeof root;
    }
    node.properties[leaf] = leafSchema(setting);
  }
  return root;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}
