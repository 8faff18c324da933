/**
 * What the CLI may touch of the process, injected by main.ts so black-box and in-process tests see
 * exactly what a user sees. stdout carries only the report; stderr carries logs and errors.
 */
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly homeDir: string;
  /** Aborted on SIGINT/SIGTERM; the reason names the signal. */
  readonly signal: AbortSignal;
}

/** Writes text and resolves once the stream has accepted it, so nothing is lost before exit. */
export function writeText(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}
