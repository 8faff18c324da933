/** `kai version [-o json]`. */
import type { Command } from 'commander';
import { renderJson } from '../report/json.ts';
import { writeText, type CliIo } from './io.ts';
import { readVersionInfo, renderVersionText } from './version.ts';

export function registerVersionCommand(program: Command, io: CliIo): void {
  program
    .command('version')
    .description('print the version of kai (-o json for JSON)')
    .action(async (_opts: unknown, command: Command) => {
      const output: unknown = command.optsWithGlobals()['output'];
      const info = await readVersionInfo();
      await writeText(io.stdout, output === 'json' ? renderJson(info) : renderVersionText(info));
    });
}
