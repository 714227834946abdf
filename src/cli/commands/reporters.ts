import { createReporters } from '../../reporters/index.ts';
import type { CliIO } from '../command.ts';

/** The reporters named on the command line, writing to the command's streams. */
export function reportersFor(names: string[], runDir: string, io: CliIO) {
  return createReporters(names, { runDir, stdout: io.stdout, stderr: io.stderr, env: io.env, isTTY: Boolean(io.stdout.isTTY) });
}
