import { stringify } from 'yaml';

/**
 * YAML of any report, same keys and order as the JSON. Written with YAML 1.1 quoting rules, so
 * strings that a 1.1 reader (PyYAML, older yq) would turn into booleans, numbers or timestamps
 * (`no`, `"28"`, the report's timestamp) stay strings for every reader, 1.1 or 1.2.
 */
export function renderYaml(value: unknown): string {
  // aliasDuplicateObjects off: a report never uses YAML anchors, even when objects repeat.
  return stringify(value, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 });
}
