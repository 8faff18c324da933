import { isReportList, toImageRows, type ImagesInput } from './image-rows.ts';

/** A cell that renders as its literal text in a GitHub-flavoured Markdown table. */
export function formatMarkdownCell(value: string): string {
  if (value === '') return '';
  // `|` ends a cell even inside a code span, so it is escaped everywhere; a value with a backtick
  // cannot sit in a code span and is escaped as plain text instead.
  const piped = value.replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
  return value.includes('`') ? piped.replace(/[\\`*_[\]<>]/g, '\\$&') : `\`${piped}\``;
}

export function renderMarkdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;
  return line(headers) + line(headers.map(() => '---')) + rows.map(line).join('');
}

/** The images-by-namespace report as a Markdown table, same rows and order as the table. */
export function renderImagesMarkdown(input: ImagesInput): string {
  const withCluster = isReportList(input);
  const headers = ['Image tag', 'Repo digest', 'Namespace', ...(withCluster ? ['Cluster'] : [])];
  const rows = toImageRows(input).map((row) =>
    [row.tag, row.repoDigest, row.namespace, ...(withCluster ? [row.cluster] : [])].map(formatMarkdownCell),
  );
  return renderMarkdownTable(headers, rows);
}
