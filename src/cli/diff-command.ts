/**
 * `kai diff OLD NEW`: what changed between two saved inventories (any kai JSON shape, or a
 * kubectl pod list): images that appeared, disappeared, or changed digest under the same tag.
 * Like diff(1), it exits 0 when equal and 1 when different, so it can gate a pipeline.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { Config } from '../config/schema.ts';
import { toImageRuleOptions } from '../config/slices.ts';
import { UsageError } from '../errors.ts';
import { extractImages } from '../inventory/containers.ts';
import { diffReports, imageSetFromRecords, isPodList, normalizeSavedReport, type ImageSet } from '../inventory/diff.ts';
import { compileMetadataFilter } from '../kube/metadata-filter.ts';
import { parsePodList } from '../kube/parse-pod-list.ts';
import { renderDiffTable } from '../report/diff.ts';
import { renderJson } from '../report/json.ts';
import { writeText } from './io.ts';
import type { CommandDeps } from './program.ts';
import { openSession } from './session.ts';

/** Exit code of `kai diff` when the two inventories differ (as diff(1)). */
export const DIFF_FOUND_EXIT_CODE = 1;

async function readDocument(path: string): Promise<{ text: string; json: unknown }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UsageError(`kai diff: cannot read "${path}" (${reason})`, { hint: 'pass two files saved with kai -o json or kubectl get pods -A -o json' });
  }
  try {
    return { text, json: parseYaml(text) as unknown };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`kai diff: "${path}" is neither JSON nor YAML (${reason ?? ''})`, { hint: 'pass a saved kai report or pod list' });
  }
}

/** A saved report or pod list as a comparable image set; pod lists go through kai's image rules. */
export async function loadImageSet(path: string, config: Config): Promise<ImageSet> {
  const { text, json } = await readDocument(path);
  if (isPodList(json)) {
    const pods = parsePodList(text, compileMetadataFilter(config.metadataCollection.pods));
    return imageSetFromRecords(extractImages(pods, toImageRuleOptions(config)), config.kubeconfig.cluster);
  }
  const normalized = normalizeSavedReport(json);
  if ('problem' in normalized) throw new UsageError(`kai diff: "${path}": ${normalized.problem}`, { hint: 'pass a saved kai report or pod list' });
  return normalized.images;
}

export function registerDiffCommand(program: Command, deps: CommandDeps): void {
  program
    .command('diff')
    .description('compare two saved inventories (kai JSON or kubectl pod lists); exit 0 when equal, 1 when different')
    .argument('<old>', 'the earlier report or pod list')
    .argument('<new>', 'the later report or pod list')
    .action(async (...args: unknown[]) => {
      // commander passes (old, new, options, command).
      const [oldPath, newPath, , command] = args as [string, string, unknown, Command];
      const globals = deps.globals(command);
      const session = await openSession({ io: deps.io, ...globals });
      // OLD first, so when both files are bad the error always names OLD (not whichever failed first).
      const before = await loadImageSet(oldPath, session.config);
      const after = await loadImageSet(newPath, session.config);
      const diff = diffReports(before, after);
      // A table for people unless -o asks for JSON (the default `output: json` is for reports).
      const isJson = ['json', 'inventory'].includes(String(globals.flags['output']));
      await writeText(deps.io.stdout, isJson ? renderJson(diff) : renderDiffTable(diff));
      if (!diff.isEqual) deps.setExitCode(DIFF_FOUND_EXIT_CODE);
    });
}
