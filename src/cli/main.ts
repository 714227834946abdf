import { parseArgs } from 'node:util';
import { LandedError, describeError } from '../errors.ts';
import { oneLine } from '../printable.ts';
import type { CliIO, Command } from './command.ts';
import { ExitCode, exitCodeOf } from './exit-codes.ts';
import { commandHelp, commandList, groupOf, helpText, suggestCommand, suggestOption } from './help.ts';
import { packageInfo } from './version.ts';

/** Runs one command line and returns its exit code. The only place that maps errors to exit codes. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<ExitCode> {
  if (argv.length === 1 && ['--version', '-V', 'version'].includes(argv[0])) {
    io.stdout.write(`${packageInfo().version}\n`);
    return ExitCode.ok;
  }
  if (argv[0] === 'help' && argv.length > 1) return help(argv.slice(1), io, await allCommands());
  const command = findCommand(await (SOLO[argv[0] ?? '']?.() ?? allCommands()), argv);
  if (!command) return noCommand(argv, io, await allCommands());
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return ExitCode.ok;
  }
  try {
    const args = parseArgs({
      args: jsonConvention(command, argv.slice(command.path.length)),
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

/**
 * Commands whose modules are loaded alone, by their first word: the other commands' imports (the DMARC store,
 * the HTML report, mailauth...) cost about a second of CPU at every start, which a scheduled `landed run` paid
 * for nothing (issue 18). Each loader gives every command that starts with its word (test/cli/startup.test.ts).
 */
export const SOLO: Record<string, () => Promise<Command[]>> = {
  run: async () => [(await import('./commands/run.ts')).runCommand],
};

/** Every command, for help and suggestions. */
export async function allCommands(): Promise<Command[]> {
  return (await import('./commands/index.ts')).commands;
}

function findCommand(commands: Command[], argv: string[]): Command | undefined {
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
    return exitCodeOf(error.code);
  }
  // node:util parseArgs errors are usage errors: one line, the closest option, the usage.
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    const option = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec((error as Error).message)?.[1] : undefined;
    const guess = option && suggestOption(command, option.split('=')[0]);
    const line = option ? `unknown option '${oneLine(option)}'${guess ? `; did you mean '${guess}'?` : ''}` : oneLine(describeError(error));
    io.stderr.write(`landed ${command.path.join(' ')}: ${line}\n\n${commandHelp(command)}`);
    return ExitCode.usage;
  }
  io.stderr.write(`landed ${command.path.join(' ')}: unexpected error: ${oneLine(describeError(error))}\n`);
  if (io.env.LANDED_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  return ExitCode.internal;
}

/** `landed help [COMMAND...]`: a command's help, a group's commands, or the whole list. */
function help(words: string[], io: CliIO, commands: Command[]): ExitCode {
  const command = commands.find((c) => c.path.join(' ') === words.join(' '));
  if (command) {
    io.stdout.write(commandHelp(command));
    return ExitCode.ok;
  }
  return noCommand(words, io, commands);
}

/** No command matches: a group word lists its commands; anything else is one line, did-you-mean, the list. */
function noCommand(argv: string[], io: CliIO, commands: Command[]): ExitCode {
  if (argv.length === 0 || (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0]))) {
    io.stdout.write(helpText(commands));
    return ExitCode.ok;
  }
  const group = groupOf(commands, argv.slice(0, 1));
  const shown = oneLine(argv.join(' '));
  if (group.length && (argv.length === 1 || ['--help', '-h'].includes(argv[1]))) {
    io.stdout.write(`landed ${argv[0]}: one of\n${commandList(group)}\n\nRun 'landed help ${argv[0]} COMMAND' for its options and examples.\n`);
    return ExitCode.ok;
  }
  const guess = suggestCommand(commands, argv);
  io.stderr.write(`landed: unknown command '${shown}'${guess ? `; did you mean 'landed ${guess}'?` : ''}\n\n`);
  io.stderr.write(group.length ? `landed ${argv[0]}: one of\n${commandList(group)}\n` : helpText(commands));
  return ExitCode.usage;
}

/**
 * One JSON convention: `--json` prints the command's answer as JSON on stdout. Commands that report a run
 * (run, merge, report) do it with the json reporter, so for them `--json` means `--reporter json`.
 */
function jsonConvention(command: Command, args: string[]): string[] {
  if (!command.options.reporter || command.options.json) return args;
  return args.flatMap((a) => (a === '--json' ? ['--reporter', 'json'] : [a]));
}

function processIO(): CliIO {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new LandedError('INTERRUPTED', `stopped by ${signal}`)));
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), signal: controller.signal };
}
