/**
 * `kai images`: one row per unique image (registry/repository, tag, digest) with where it runs,
 * flagging a tag that runs with more than one digest (re-pushed, mutable). `--wide` lists every
 * container. Same collection, selectors and rules as the default command.
 */
import type { Command } from 'commander';
import type { OutputFormat } from '../config/schema.ts';
import { assertNever } from '../errors.ts';
import { groupByImageAcrossClusters, type ImageViewRow } from '../inventory/image-view.ts';
import { renderImageViewCsv, renderImageViewMarkdown, renderImageViewTable, type ImageViewOptions } from '../report/image-view.ts';
import { renderJson } from '../report/json.ts';
import { renderYaml } from '../report/yaml.ts';
import { inventoryClusters, printAndSettle } from './inventory-command.ts';
import type { CliIo } from './io.ts';
import type { CommandDeps } from './program.ts';
import { openSession } from './session.ts';

/** The JSON/YAML shape: the summary rows, with the per-container detail only when --wide. */
function toData(rows: readonly ImageViewRow[], wide: boolean): unknown {
  return { images: rows.map((row) => (wide ? row : { ...row, containers: undefined })) };
}

export function renderImageView(format: OutputFormat, rows: readonly ImageViewRow[], options: ImageViewOptions): string {
  switch (format) {
    case 'json':
    case 'inventory':
      return renderJson(toData(rows, options.wide));
    case 'yaml':
      return renderYaml(toData(rows, options.wide));
    case 'table':
      return renderImageViewTable(rows, options);
    case 'csv':
      return renderImageViewCsv(rows, options);
    case 'markdown':
      return renderImageViewMarkdown(rows, options);
    default:
      return assertNever(format);
  }
}

async function runImages(deps: CommandDeps, command: Command, wide: boolean): Promise<void> {
  const io: CliIo = deps.io;
  const globals = deps.globals(command);
  const session = await openSession({ io, ...globals });
  const { clusters, outcomes } = await inventoryClusters(session, io, globals.selection);
  const rows = groupByImageAcrossClusters(clusters.map((c) => ({ clusterName: c.snapshot.clusterName, records: c.records })));
  // A table for people unless -o names a format (the default `output: json` is for reports).
  const format = typeof globals.flags['output'] === 'string' ? session.config.output : 'table';
  const output = renderImageView(format, rows, { wide, showCluster: outcomes.length > 1 });
  await printAndSettle(io, output, outcomes);
}

export function registerImagesCommand(program: Command, deps: CommandDeps): void {
  program
    .command('images')
    .description('one row per unique image with pods, containers and namespaces; flags tags running with several digests')
    .option('--wide', 'one row per container (namespace, pod, container) instead of per image')
    .action(async (opts: { wide?: boolean }, command: Command) => {
      await runImages(deps, command, opts.wide === true);
    });
}
