/** JSON as the Go agent prints it: 2-space indent and a trailing newline. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
