/**
 * Aligned columns the way the Go agent's table presenter (tablewriter, no borders, two-space
 * padding) prints them: header upper-cased, every cell left-aligned and padded to its column's
 * width followed by two spaces; the header line's last cell is followed by one space. The
 * trailing spaces are kept so output is byte-for-byte the Go agent's.
 */
export function renderTextTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, col) =>
    Math.max(header.length, ...rows.map((row) => (row[col] ?? '').length)),
  );
  const line = (cells: readonly string[], lastPad: string): string =>
    cells
      .map((cell, col) => cell.padEnd(widths[col] ?? 0) + (col === cells.length - 1 ? lastPad : '  '))
      .join('');
  const header = line(headers.map((h) => h.toUpperCase()), ' ');
  return [header, ...rows.map((row) => line(row, '  '))].map((l) => `${l}\n`).join('');
}
