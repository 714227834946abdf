import { parseArgs } from 'node:util';
import { LandedError, describeError } from '../errors.ts';
import { oneLine } from '../printable.ts';
import type { CliIO, Command } from './command.ts';
import { commands } from './commands/index.ts';
import { ExitCode } from './exit-codes.ts';
import { packageInfo } from './version.ts';

/** Runs one command line and returns its exit code. The only place that maps errors to exit codes. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<ExitCode> {
  if (argv.length === 1 && ['--version', '-V', 'version'].includes(argv[0])) {
    io.stdout.write(`${packageInfo().version}\n`);
    return ExitCode.ok;
  }
  const command = findCommand(argv);
  if (!command) {
    const asked = argv.length === 0 || ['help', '--help', '-h'].includes(argv[0]);
    if (!asked) io.stderr.write(`landed: unknown command '${argv.join(' ')}'\n\n`);
    (asked ? io.stdout : io.stderr).write(helpText());
    return asked ? ExitCode.ok : ExitCode.usage;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return ExitCode.ok;
  }
  try {
    const args = parseArgs({
      args: argv.slice(command.path.length),
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    const work = command.run(args as { values: Record<string, unknown>; positionals: string[] }, io);
    // A command that does not finish its own work on a signal (a read, a DNS query) is not waited for.
    return await (command.handlesSignals ? work : untilAborted(work, io.signal));
  } catch (error) {
    return reportError(error, command, io);
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

function findCommand(argv: string[]): Command | undefined {
  let best: Command | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best;
}

function reportError(error: unknown, command: Command, io: CliIO): ExitCode {
  if (error instanceof LandedError) {
    // File names, ids and server answers in an error are data: one line each, no control characters.
    io.stderr.write(`landed ${command.path.join(' ')}: ${oneLine(describeError(error))}\n`);
    for (const problem of error.problems) io.stderr.write(`  ${oneLine(problem)}\n`);
    if (error.hint) io.stderr.write(`  ${oneLine(error.hint)}\n`);
    if (error.code === 'INTERRUPTED') return ExitCode.interrupted;
    return error.code === 'LAB_FAILED' ? ExitCode.internal : ExitCode.usage;
  }
  // node:util parseArgs errors are usage errors.
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`landed ${command.path.join(' ')}: ${describeError(error)}\n\n${command.usage}\n`);
    return ExitCode.usage;
  }
  io.stderr.write(`landed ${command.path.join(' ')}: unexpected error: ${oneLine(describeError(error))}\n`);
  if (io.env.LANDED_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  return ExitCode.internal;
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  landed ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `landed: where does our mail land?\n\nCommands:\n${lines.join('\n')}\n\nRun 'landed COMMAND --help' for a command's options.\n`;
}

function processIO(): CliIO {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new LandedError('INTERRUPTED', `stopped by ${signal}`)));
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), signal: controller.signal };
}
