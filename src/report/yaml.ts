import { stringify } from 'yaml';

/**
 * YAML of any report, same keys and order as the JSON. Strings that look like other types
 * (`"1.20"`, `"true"`) are quoted by the yaml package, so a round trip gives the same data.
 */
export function renderYaml(value: unknown): string {
  // aliasDuplicateObjects off: a report never uses YAML anchors, even when objects repeat.
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}
