import { toImageRows, type ImagesInput } from './image-rows.ts';

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; lines end in CRLF. */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function renderCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [headers, ...rows].map((row) => `${row.map(formatCsvField).join(',')}\r\n`).join('');
}

/** Stable columns for spreadsheets; `cluster` is always present, so exports of clusters concatenate. */
export const IMAGES_CSV_COLUMNS = ['image_tag', 'repo_digest', 'namespace', 'cluster'] as const;

/** The images-by-namespace report as CSV, same rows and order as the table. */
export function renderImagesCsv(input: ImagesInput): string {
  return renderCsv(
    IMAGES_CSV_COLUMNS,
    toImageRows(input).map((row) => [row.tag, row.repoDigest, row.namespace, row.cluster]),
  );
}
