import type { ParseArgsConfig } from 'node:util';
import type { ExitCode } from './exit-codes.ts';

/** Where a command writes. Tests pass their own; `main` passes the process streams. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** For the questions of `landed init`; absent or not a TTY: nothing is asked. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface Command {
  /** Words that select it: ['run'], ['lab', 'up'], ['dns', 'plan']. */
  path: string[];
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  /** It stops its own work on `io.signal` and returns its exit code (run); others are not waited for. */
  handlesSignals?: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: CliIO): Promise<ExitCode>;
}
