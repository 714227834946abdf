/** Runs a landed command line in-process, as bin/landed.js does, capturing what it prints. */
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runLanded(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await main(argv, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
    cwd,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
