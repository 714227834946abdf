/** What `landed` says when asked for help or given a command line it does not know. */
import type { Command } from './command.ts';
import { EXAMPLES } from './examples.ts';
import { closest } from '../suggest.ts';

export function helpText(commands: Command[]): string {
  return `landed: where does our mail land?\n\nUsage: landed COMMAND [options]\n\nCommands:\n${commandList(commands)}\n\n` +
    `Run 'landed help COMMAND' (or 'landed COMMAND --help') for a command's options and examples; 'landed --version' for the version.\n`;
}

export function commandList(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return commands.map((c) => `  landed ${c.path.join(' ').padEnd(width)}  ${c.summary}`).join('\n');
}

/** A command's usage with its examples. */
export function commandHelp(command: Command): string {
  const examples = EXAMPLES[command.path.join(' ')];
  const withExamples = examples && !command.usage.includes('Examples:') ? `${command.usage}\n\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}` : command.usage;
  return `${withExamples}\n`;
}

/** The commands under a group word (`lab` -> lab up, lab status, lab down). */
export function groupOf(commands: Command[], words: string[]): Command[] {
  return words.length ? commands.filter((c) => c.path.length > words.length && words.every((w, i) => c.path[i] === w)) : [];
}

/** "did you mean" for a command line no command matches: the closest command path to its first words. */
export function suggestCommand(commands: Command[], argv: string[]): string | undefined {
  const paths = commands.map((c) => c.path.join(' '));
  const words = argv.filter((a) => !a.startsWith('-'));
  return closest(words.slice(0, 2).join(' '), paths) ?? closest(words[0] ?? '', [...new Set(commands.map((c) => c.path[0]))]);
}

/** `--reportr` -> `--reporter`, among the options the command takes. */
export function suggestOption(command: Command, option: string): string | undefined {
  const known = Object.entries(command.options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  return closest(option, known);
}
